"""The audit log is append-only in the database (triggers), and what the shell runs is audited with the OS user."""

from __future__ import annotations

import getpass
import json
import sqlite3

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.cli import main
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import audit
from showroom_pos.storage.models import AuditEvent

from .conftest import Outlet


def test_audit_events_cannot_be_changed_or_deleted(app_context: AppContext, outlet: Outlet,
                                                   sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        audit.record(s, "test.event", user_id=outlet.admin_id, note="kept")
    with sessions() as s:
        count = len(s.scalars(select(AuditEvent)).all())
    for statement in (update(AuditEvent).values(details="{}"), delete(AuditEvent)):
        with pytest.raises(IntegrityError, match="append-only"), sessions.begin() as s:
            s.execute(statement)
    conn = sqlite3.connect(app_context.paths.database)
    try:
        for sql in ("UPDATE audit_event SET kind = 'x'", "DELETE FROM audit_event"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()
    with sessions() as s:
        assert len(s.scalars(select(AuditEvent)).all()) == count
        assert s.scalars(select(AuditEvent).where(AuditEvent.kind == "test.event")).one().details == '{"note": "kept"}'


def test_commands_from_the_shell_are_audited_with_the_os_user(app_context: AppContext, outlet: Outlet,
                                                             sessions: sessionmaker[Session]) -> None:
    db = str(app_context.paths.database)
    app_context.close()
    assert main(["--lang", "en", "config", "set", "province.token", "s3cret-token", "--db", db]) == 0
    assert main(["--lang", "en", "user", "add", "Lê Văn Tư", "--role", "cashier", "--pin", "8642", "--db", db]) == 0
    with sessions() as s:
        events = {e.kind: json.loads(e.details) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))}
    changed = events["setting.changed"]
    assert changed["os_user"] == getpass.getuser() and changed["shell"] == "showroom-pos config set province.token"
    created = [d for k, d in events.items() if k.startswith("user.")][-1]
    assert created["os_user"] == getpass.getuser() and "8642" not in json.dumps(created)
    # What the app itself records afterwards in this process carries no shell command.
    with sessions.begin() as s:
        audit.record(s, "test.after", user_id=None)
    with sessions() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.kind == "test.after")).one().details == "{}"
