"""PySide6 screens. Imports Qt; never writes SQL."""
