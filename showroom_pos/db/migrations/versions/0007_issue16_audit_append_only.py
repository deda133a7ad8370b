"""data safety (issue 16): the audit log is append-only in the database itself

Screens and services only ever add audit events, but a script, a careless tool or someone with the file
could change or delete them. Two triggers refuse any UPDATE or DELETE of ``audit_event`` rows (SQLite
raises a constraint error, so the whole statement and its transaction are undone). Restoring a backup
replaces the whole file (SQLite's backup API copies pages, no statement runs), so it is unaffected.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 03:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE TRIGGER IF NOT EXISTS tr_audit_event_no_update BEFORE UPDATE ON audit_event "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an event cannot be changed'); END")
    op.execute("CREATE TRIGGER IF NOT EXISTS tr_audit_event_no_delete BEFORE DELETE ON audit_event "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an event cannot be deleted'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS tr_audit_event_no_delete")
    op.execute("DROP TRIGGER IF EXISTS tr_audit_event_no_update")
