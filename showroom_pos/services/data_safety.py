"""Data safety use cases: a manager accepting that the database lost sales the till had already recorded (its
high-water mark), and the full integrity check of the running till's database.

The receipts of the lost sales were printed and may have reached the province: their numbers must never be
printed again. Accepting the loss therefore starts a new receipt series (``CL01`` → ``CL01B``), and the
audit log keeps who accepted it, from which operating-system account, and what was lost.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy.orm import Session

from showroom_pos.core.errors import UserError
from showroom_pos.storage import database, sqlite_file

from . import audit, permissions, settings, users
from .context import Actor


def next_series(current: str) -> str:
    """``""`` → ``B`` → ``C`` … ``Z`` → ``ZB``: never a series used before on this till."""
    if not current:
        return "B"
    if current[-1] < "Z":
        return current[:-1] + chr(ord(current[-1]) + 1)
    return current + "B" if len(current) < 3 else "B"


def accept_loss(session: Session, *, approver_id: int, pin: str, os_user: str, details: dict[str, object]) -> str:
    """From the shell: check the manager's PIN, start the next receipt series and audit it; returns the series."""
    approver = users.approve(session, approver_id, pin, "accept_loss")
    return _new_series(session, approver.id, approver.id, {**details, "os_user": os_user})


def accept_loss_at_till(session: Session, actor: Actor, details: dict[str, object],
                        approved_by: int | None = None) -> str:
    """In the app: the receipt series is a setting, so a cashier needs a manager's approval (``settings``)."""
    approver = permissions.require(session, actor, "settings", approved_by)
    return _new_series(session, actor.user_id, approver if approver is not None else actor.user_id, details)


def _new_series(session: Session, user_id: int, approver_id: int, details: dict[str, object]) -> str:
    previous = settings.get(session, "receipt.series")
    series = next_series(previous)
    settings.set(session, "receipt.series", series, user_id=user_id)
    audit.record(session, "receipt.series_started", user_id=user_id, approver_id=approver_id, entity="terminal",
                 series=series, previous=previous, lost=details)
    return series


# --- the full integrity check of the running till's database ----------------------------------------

CheckCancelled = sqlite_file.CheckCancelled


def full_check(path: Path, cancel: threading.Event | None = None) -> str:
    """SQLite's full ``integrity_check`` (sees a damaged index, which ``quick_check`` does not); read-only."""
    return sqlite_file.integrity_check(path, cancel=cancel)


def stop_writing_damaged(path: Path, detail: str) -> UserError:
    """From now on every write to ``path`` is refused with the returned reason (reading and backups go on)."""
    problem = database.DatabaseDamaged(path=str(path), detail=detail)
    database.stop_writing(path, problem)
    return problem


def storage_problem(error: BaseException, path: Path) -> UserError | None:
    """A storage failure told as what it is (full disk, read-only…), or None for anything else."""
    return database.classify_open_error(error, path)
