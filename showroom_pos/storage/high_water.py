"""The till's high-water mark: what it last wrote to a database, kept *outside* that database.

A database that went back in time passes every check of its own: a file copied without its ``-wal``
(the last sales were still in it), a disk that lost its last writes, an old backup put in place by hand.
The next sale would then reuse receipt numbers already printed and sent to the province. So after each
committed sale the till writes a small mark (the last receipt number and the number of sales) into the
user's state folder, one file per database path, fsynced and replaced atomically. It is written on a thread
of its own right after the commit (two fsyncs the cashier does not wait for: a sale's own commit is one), the
newest mark replacing any not yet written; a mark that lags a sale behind is harmless (a database *ahead* of
its mark is accepted), and ``Tracker.flush`` waits for it (the app does when it closes). On opening, a database
with fewer sales than the mark, or without the marked receipt, is *behind*, and selling on it is refused
(``BehindHighWater``) until the newest backup is restored or a manager accepts the loss (which starts a
new receipt series, audited).

A missing database file that has a mark is not a new till either: it was deleted or its disk is not
mounted (``missing_database``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from showroom_pos.core.errors import UserError

if TYPE_CHECKING:  # the mark is compared on opening, before SQLAlchemy is loaded
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SUFFIX = ".json"


class BehindHighWater(UserError):
    message = (
        "This database is behind what this till last wrote: it holds {sales} sales up to receipt {db_receipt}, "
        "but the till had recorded {marked_sales} sales up to receipt {marked_receipt} (the file was rolled back, "
        "copied without its -wal file, or replaced by an old backup). Selling is stopped so that no receipt "
        "number is used twice. Restore the newest backup with `showroom-pos restore`, or have a manager run "
        "`showroom-pos accept-loss` to start a new receipt series (audited)."
    )


class MissingDatabase(UserError):
    message = (
        "The database {path} is missing, but this till has written {marked_sales} sales to it (the last receipt "
        "was {marked_receipt}). It was not created again, so that no receipt number is used twice: plug in its "
        "disk, or restore the newest backup with `showroom-pos restore FILE --db {path}`."
    )


@dataclass(frozen=True)
class Mark:
    database: str
    sales: int
    receipt_no: str


@dataclass(frozen=True)
class DatabaseState:
    sales: int
    last_receipt: str
    has_marked_receipt: bool


def mark_file(folder: Path, database: Path) -> Path:
    """One file per database path (the path is hashed: it may hold any character)."""
    key = hashlib.sha256(str(Path(database).resolve()).encode()).hexdigest()[:24]
    return Path(folder) / f"{key}{SUFFIX}"


def read(folder: Path, database: Path) -> Mark | None:
    path = mark_file(folder, database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Mark(str(data["database"]), int(data["sales"]), str(data["receipt_no"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # A torn or unreadable mark protects nothing; say so in the log rather than refuse the till.
        log.warning("cannot read the high-water mark %s: %s", path, exc)
        return None


def write(folder: Path, mark: Mark) -> None:
    """Replace the mark atomically and durably (temporary file, fsync, rename, fsync of the folder)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = mark_file(folder, Path(mark.database))
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    data = json.dumps(asdict(mark), ensure_ascii=False).encode()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, target)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def forget(folder: Path, database: Path) -> None:
    mark_file(folder, database).unlink(missing_ok=True)


def state_of(conn: sqlite3.Connection, marked_receipt: str | None) -> DatabaseState:
    """How many sales the database holds, its last receipt and whether it holds ``marked_receipt``."""
    sales = int(conn.execute("SELECT count(*) FROM sale").fetchone()[0])
    # The last sale written (rowid order is insertion order): one step down the table's b-tree, on any size.
    row = conn.execute("SELECT receipt_no FROM sale ORDER BY rowid DESC LIMIT 1").fetchone()
    has = bool(marked_receipt) and conn.execute(
        "SELECT 1 FROM sale WHERE receipt_no = ?", (marked_receipt,)).fetchone() is not None
    return DatabaseState(sales, str(row[0]) if row else "-", has or not marked_receipt)


def behind(mark: Mark | None, state: DatabaseState) -> BehindHighWater | None:
    """The refusal for a database behind ``mark``, or None when it is level with it or ahead."""
    if mark is None or (state.sales >= mark.sales and state.has_marked_receipt):
        return None
    return BehindHighWater(sales=state.sales, db_receipt=state.last_receipt, marked_sales=mark.sales,
                           marked_receipt=mark.receipt_no or "-")


def missing_database(folder: Path, database: Path) -> MissingDatabase | None:
    """The refusal for a missing database file this till has written sales to, else None."""
    mark = read(folder, database)
    if mark is None or mark.sales == 0:
        return None
    return MissingDatabase(path=str(database), marked_sales=mark.sales, marked_receipt=mark.receipt_no or "-")


class Tracker:
    """Keeps the mark of one database level with its committed sales, and refuses sales on a file behind it.

    ``attach(sessions)`` hooks the session factory the till sells through: the sale service notes each sale
    in ``session.info`` (``note_sale``); before the commit a sale on a database found behind is refused,
    after it the mark moves on (a failure to write the mark is logged, never undoes a committed sale).
    """

    def __init__(self, folder: Path, database: Path) -> None:
        self.folder = Path(folder)
        self.database = Path(database).resolve()
        self.mark: Mark | None = None
        self.problem: BehindHighWater | None = None
        self._writer = _MarkWriter(self)

    def load(self, conn: sqlite3.Connection) -> BehindHighWater | None:
        """Compare the open database (``conn``) with the mark; write a first mark for one that has none."""
        self.flush()
        self.mark = read(self.folder, self.database)
        state = state_of(conn, self.mark.receipt_no if self.mark else None)
        self.problem = behind(self.mark, state)
        if self.problem is None and (self.mark is None or self.mark.sales != state.sales):
            self._save(Mark(str(self.database), state.sales, state.last_receipt if state.sales else ""))
        return self.problem

    def accept(self, conn: sqlite3.Connection) -> Mark | None:
        """A manager accepted the loss: the mark goes back to what the database holds. Returns the old mark."""
        self.flush()
        old = read(self.folder, self.database)
        state = state_of(conn, None)
        self._save(Mark(str(self.database), state.sales, state.last_receipt if state.sales else ""))
        self.problem = None
        return old

    def _save(self, mark: Mark) -> None:
        try:
            write(self.folder, mark)
            self.mark = mark
        except OSError as exc:
            log.warning("cannot write the high-water mark of %s: %s", self.database, exc)

    def flush(self, timeout: float = 30.0) -> None:
        """Wait until the newest mark is on disk (the app closing, a test reading the file)."""
        self._writer.flush(timeout)

    def attach(self, sessions: sessionmaker[Session]) -> None:
        from sqlalchemy import event

        event.listen(sessions, "before_commit", self._before_commit)
        event.listen(sessions, "after_commit", self._after_commit)
        event.listen(sessions, "after_rollback", _forget_sales)

    def _before_commit(self, session: Session) -> None:
        if self.problem is not None and _sales_in(session):
            raise self.problem.with_traceback(None)  # the same refusal each time, not a growing traceback

    def _after_commit(self, session: Session) -> None:
        made = _sales_in(session)
        if not made:
            return
        session.info.pop(SALES_KEY, None)
        previous = self.mark.sales if self.mark is not None else 0
        self.mark = Mark(str(self.database), previous + len(made), made[-1])  # the next sale counts on from it
        self._writer.submit(self.mark)


class _MarkWriter:
    """Writes a tracker's newest mark on a thread of its own; marks not yet written are replaced by newer ones."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker
        self._cond = threading.Condition()
        self._pending: Mark | None = None
        self._busy = False
        self._thread: threading.Thread | None = None

    def submit(self, mark: Mark) -> None:
        with self._cond:
            self._pending = mark
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="high-water-mark", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._cond.wait_for(lambda: self._pending is not None, 60.0):
                    self._thread = None  # idle: a later sale starts another
                    return
                mark, self._pending, self._busy = self._pending, None, True
            try:
                assert mark is not None
                write(self._tracker.folder, mark)
            except OSError as exc:
                log.warning("cannot write the high-water mark of %s: %s", self._tracker.database, exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


SALES_KEY = "high_water_sales"


def note_sale(info: dict[str, object], receipt_no: str) -> None:
    """Called by the sale service inside the sale's transaction (``session.info``)."""
    pending = info.setdefault(SALES_KEY, [])
    assert isinstance(pending, list)
    pending.append(receipt_no)


def _sales_in(session: Session) -> list[str]:
    found = session.info.get(SALES_KEY)
    return list(found) if isinstance(found, list) else []


def _forget_sales(session: Session) -> None:
    session.info.pop(SALES_KEY, None)
