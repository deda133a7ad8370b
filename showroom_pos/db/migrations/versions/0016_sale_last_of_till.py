"""the till's last sale from an index: voiding it (F10) no longer reads every sale

Voiding asks for the till's last sale (``voids.last_sale``: its sales newest first, by when they were made and their
receipt number). Without an index on the till and the time, SQLite read every sale of the file and sorted them: on
a file of two years' sales (333,000) that was 40-170 ms, and through the ORM, which loaded every sale as an object
before taking the first, ~5 s with the till frozen after F10. ``ix_sale_terminal_latest`` (terminal_id, created_at,
receipt_no) gives the last sale of a till in one seek. Each sale writes one more index entry.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 08:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_sale_terminal_latest ON sale (terminal_id, created_at, receipt_no)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_sale_terminal_latest")
