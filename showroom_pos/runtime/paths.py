"""Where the data lives: platformdirs by default, ``--db PATH`` or ``SHOWROOM_POS_DB`` to override."""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "showroom-pos"
DB_ENV = "SHOWROOM_POS_DB"
_dirs = PlatformDirs(APP_NAME, appauthor=False)


@dataclass(frozen=True)
class AppPaths:
    database: Path
    backups: Path
    logs: Path
    printer_output: Path
    # The till's high-water marks (``storage.high_water``): outside the database and its folder.
    marks: Path
    # The database was named (``--db``, ``SHOWROOM_POS_DB``): backups, logs and printer output are beside it.
    named: bool = False

    @classmethod
    def resolve(cls, db: str | os.PathLike[str] | None = None, *, demo: bool = False) -> AppPaths:
        """``--db`` wins, then ``SHOWROOM_POS_DB``, then the user data folder (a separate file for the demo).

        A database named by the user keeps its backups, logs and the demo's printer output in its own folder
        (``backups/``, ``logs/``, ``printer/`` beside it): what a run on that file leaves is found with it, and
        a script or a test working on a file of its own writes nothing into the user's folders but caches and
        the high-water marks (kept apart from the database on purpose)."""
        data = Path(_dirs.user_data_dir)
        chosen = db or os.environ.get(DB_ENV)
        database = Path(chosen).expanduser().resolve() if chosen else data / ("demo.db" if demo else "showroom.db")
        return cls(
            database=database,
            backups=database.parent / "backups" if chosen else data / "backups",
            logs=database.parent / "logs" if chosen else Path(_dirs.user_log_dir),
            printer_output=database.parent / "printer" if chosen else data / "printer",
            marks=Path(_dirs.user_state_dir) / "high-water",
            named=bool(chosen),
        )

    @property
    def is_demo(self) -> bool:
        """The demo's own database (``--demo``): its sales are not real, so the till keeps no high-water mark
        of it (deleting ``demo.db`` starts the demo afresh)."""
        return self.database == Path(_dirs.user_data_dir) / "demo.db"

    def ensure_default_folders(self) -> None:
        """Create our own folders; a folder named by the user must already exist (checked on open). Beside a
        named database they are made where the folder can be written (a rescue may open it read-only)."""
        for folder in (self.logs, self.printer_output):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                if not self.named:
                    raise
        if self.database.parent == Path(_dirs.user_data_dir):
            self.database.parent.mkdir(parents=True, exist_ok=True)


def setup_logging(paths: AppPaths, verbose: bool = False) -> None:
    """A rotating log file (1 MB × 5) plus errors on stderr (everything with ``-v``).

    Warnings stay in the file: a command tells its user what happened in their language, and an English log
    line beside it on the terminal only confuses (``check`` on a rolled-back file said it twice, once in English)."""
    # A log file that cannot be written (the disk is full or read-only: the very faults the app must tell in
    # words) would otherwise print "--- Logging error ---" and a traceback under the command's own message.
    logging.raiseExceptions = False
    root = logging.getLogger()
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return
    # python-escpos calls logging.basicConfig() when imported: drop that plain stderr handler so library
    # chatter (alembic's INFO lines) stays in the log file, not on the cashier's or the script's terminal.
    for handler in list(root.handlers):
        if type(handler) is logging.StreamHandler:
            root.removeHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            paths.logs / "showroom-pos.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        pass
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.ERROR)
    root.addHandler(console)
