"""The audit log: who did what, who approved it, when.

It is append-only in the database itself (triggers refuse UPDATE and DELETE, migration 0007). What a command
run from the shell records also says which command and which operating-system account ran it
(``run_from_shell``): there is no till user behind a command, but there is a person at the keyboard.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from showroom_pos.core.clock import now_utc
from showroom_pos.storage import write_errors
from showroom_pos.storage.sqlite_file import stored_datetime, write_connection

from .context import SHELL, Actor, run_from_shell, shell_done  # noqa: F401 (part of this module's interface too)

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Writable

# The one writer of the log, for a session's transaction (every sale writes one) and a command's sqlite3 one
# (``reprint`` records its copy without loading SQLAlchemy): plain SQL on the driver's connection, the time stored as
# SQLAlchemy stores a ``UTCDateTime`` (``stored_datetime``; tests/test_audit.py compares it with the ORM's row).
_INSERT = ("INSERT INTO audit_event (at, kind, user_id, approver_id, terminal_id, entity, entity_id, details) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def record(
    session: Writable,
    kind: str,
    *,
    user_id: int | None,
    terminal_id: int | None = None,
    approver_id: int | None = None,
    entity: str = "",
    entity_id: str = "",
    at: datetime | None = None,
    **details: Any,
) -> None:
    """Append an event in the caller's transaction (one INSERT now: no ORM object to flush later); ``session`` is a
    SQLAlchemy session or connection, or a sqlite3 connection in a transaction. ``at``: when it happened, if not
    now (a sale written with its own time, as the demo's history is, is logged at that time)."""
    row = (stored_datetime(at or now_utc()), kind, user_id, approver_id, terminal_id, entity, str(entity_id),
           json.dumps({**SHELL, **details}, ensure_ascii=False, default=str, sort_keys=True))
    with write_errors.translated():
        write_connection(session).execute(_INSERT, row)


def record_by(
    session: Writable,
    kind: str,
    actor: Actor | None,
    approver: int | None,
    entity: str,
    entity_id: object,
    at: datetime | None = None,
    **details: Any,
) -> None:
    """``record`` what ``actor`` did, approved by ``approver``; an ``actor`` of None is the command line."""
    record(
        session,
        kind,
        user_id=actor.user_id if actor else None,
        terminal_id=actor.terminal_id if actor else None,
        approver_id=approver,
        entity=entity,
        entity_id=str(entity_id),
        at=at,
        via="app" if actor else "cli",
        **details,
    )
