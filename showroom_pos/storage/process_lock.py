"""One process writes a database at a time: an OS file lock on ``<database>.lock`` beside it.

Two tills on one file (two windows of the app, or ``simulate`` twice) interleave their shifts and
receipts even though SQLite keeps each transaction whole. The app and every command that changes
data in bulk take this lock first; a second one is refused with who holds it (program, process id,
operating-system user, since when). The operating system drops the lock when its process dies, so a
crash never leaves a stale lock behind. Read-only work (check, reports, exports, backups) takes no
lock: SQLite keeps it consistent beside a running till.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from showroom_pos.core.clock import format_datetime
from showroom_pos.core.errors import UserError

log = logging.getLogger(__name__)


class DatabaseInUse(UserError):
    message = ("The database {path} is already in use by {program} (process {pid} of user {user} on {host}, "
               "since {since}). Only one program may work on a database at a time: close it there first.")


@dataclass
class _Held:
    handle: IO[bytes]
    program: str


_held: dict[Path, _Held] = {}


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def holder(database: Path) -> dict[str, str]:
    """What the holder wrote into the lock file (empty when unreadable)."""
    try:
        data = json.loads(lock_path(database).read_text(encoding="utf-8") or "{}")
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _showroom_time(info: dict[str, str]) -> str:
    """When the holder took the lock, on the showroom's clock (the PC's own zone is often UTC)."""
    try:
        return format_datetime(datetime.fromisoformat(info["since"]), seconds=True)
    except (KeyError, ValueError):
        return info.get("since", "?")


def acquire(database: Path, program: str) -> None:
    """Take the lock of ``database`` for this process (again: a no-op); raises ``DatabaseInUse``.

    A folder where no lock file can be made (a read-only disk) is no reason to refuse: nothing can be
    written there anyway, and the opening says so itself."""
    database = Path(database).resolve()
    if database in _held:
        return
    path = lock_path(database)
    try:
        handle = open(path, "a+b", buffering=0)  # noqa: SIM115 - kept open for the life of the lock
    except OSError as exc:
        log.info("no lock file for %s: %s", database, exc)
        return
    if not _try_lock(handle):
        handle.close()
        info = holder(database)
        raise DatabaseInUse(path=str(database), program=info.get("program", "?"), pid=info.get("pid", "?"),
                            user=info.get("user", "?"), host=info.get("host", "?"), since=_showroom_time(info))
    record = {"program": program, "pid": os.getpid(), "user": os_user(), "host": socket.gethostname(),
              "since": datetime.now(UTC).isoformat(timespec="seconds")}
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(record, ensure_ascii=False).encode())
        handle.flush()
    _held[database] = _Held(handle, program)


def release(database: Path) -> None:
    held = _held.pop(Path(database).resolve(), None)
    if held is not None:
        with contextlib.suppress(OSError):
            held.handle.seek(0)
            held.handle.truncate()
        with contextlib.suppress(OSError):
            held.handle.close()  # closing the file drops the OS lock


def release_all() -> None:
    for database in list(_held):
        release(database)


def held_by_this_process(database: Path) -> bool:
    return Path(database).resolve() in _held
