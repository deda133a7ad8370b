"""The audit log: who did what, who approved it, when."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from showroom_pos.storage.models import AuditEvent


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
) -> AuditEvent:
    event = AuditEvent(
        kind=kind,
        user_id=user_id,
        approver_id=approver_id,
        terminal_id=terminal_id,
        entity=entity,
        entity_id=str(entity_id),
        details=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
    )
    session.add(event)
    return event
