"""What the running till is made of, below both the app and its screens: where its files live (``paths``), the
open database and its sessions (``context.AppContext``), its translations (``i18n``), and two process-level helpers
(``malloc``, ``qt_imports``). ``app/`` wires them together and ``ui/`` uses them; nothing here imports either."""
