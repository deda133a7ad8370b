"""inventory: keep a settled consignment statement's per-product detail with its locked totals

A settled period is locked: its statement must print the same figures years later, even after
products change producer or a sale is voided. The totals were already stored; this keeps the
lines and commission-rate segments they were computed from (JSON).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('consignment_settlement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.Text(), nullable=False, server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('consignment_settlement', schema=None) as batch_op:
        batch_op.drop_column('detail')
