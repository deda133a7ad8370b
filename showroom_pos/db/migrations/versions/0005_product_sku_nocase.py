"""checkout: a SKU typed at the till matches in any case, through an index

The till's product index no longer keeps every code in memory (it cost ~25 MB and 0.3 s at start-up
with 50,000 products): a typed code is looked up in SQLite. Barcodes use their unique index; a SKU is
matched without regard to case (``hd-mamtom`` finds ``HD-MAMTOM``), which the unique ``sku`` index
cannot serve. ``ix_product_sku_nocase`` can: ``WHERE sku = ? COLLATE NOCASE`` reads one index entry.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_product_sku_nocase ON product (sku COLLATE NOCASE)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_product_sku_nocase")
