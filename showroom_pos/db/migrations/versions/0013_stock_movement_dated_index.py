"""stock_movement: the products that ever came with a best-before date, indexed

The stock alerts (and the Home screen that counts them) look for goods past or near their best-before date among
the products whose receipts carried one. Without an index that meant reading the whole ledger twice (a sale is a
movement too: ~1,000,000 rows after two years at 50,000 products), ~0.2 s each time the Home screen was shown. A
partial index of the movements with a best-before date (receipts only, in practice: a few per delivery) finds
them at once and costs a sale nothing.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 15:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_stock_movement_dated ON stock_movement (product_id) "
               "WHERE best_before IS NOT NULL")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_stock_movement_dated")
