"""The audit log: who did what, who approved it, when.

It is append-only in the database itself (triggers refuse UPDATE and DELETE, migration 0007). What a command
run from the shell records also says which command and which operating-system account ran it
(``run_from_shell``): there is no till user behind a command, but there is a person at the keyboard.
"""

from __future__ import annotations

import json
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from showroom_pos.core.clock import now_utc
from showroom_pos.storage import fast_write
from showroom_pos.storage.models import AuditEvent

from .context import SHELL, Actor, run_from_shell, shell_done  # noqa: F401 (part of this module's interface too)

# Every sale writes one: through the driver's cursor, as SQLAlchemy compiles and binds it (``storage.fast_write``).
_WRITE = fast_write.Statement.insert(cast(Table, AuditEvent.__table__), (
    "at", "kind", "user_id", "approver_id", "terminal_id", "entity", "entity_id", "details"))


def record(
    session: Session,
    kind: str,
    *,
    user_id: int | None,
    terminal_id: int | None = None,
    approver_id: int | None = None,
    entity: str = "",
    entity_id: str = "",
    **details: Any,
) -> None:
    """Append an event in the caller's transaction (one INSERT now: no ORM object to flush later)."""
    _WRITE.execute(session, [{
        "at": now_utc(),
        "kind": kind,
        "user_id": user_id,
        "approver_id": approver_id,
        "terminal_id": terminal_id,
        "entity": entity,
        "entity_id": str(entity_id),
        "details": json.dumps({**SHELL, **details}, ensure_ascii=False, default=str, sort_keys=True),
    }])


def record_by(
    session: Session,
    kind: str,
    actor: Actor | None,
    approver: int | None,
    entity: str,
    entity_id: object,
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
        via="app" if actor else "cli",
        **details,
    )
