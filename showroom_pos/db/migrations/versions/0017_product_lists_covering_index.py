"""the catalogue's lists and pickers find a name along an index that holds what they match

A search in the products screen, the stock count's, the goods receipt's or the stock ledger's picker ("yen dua")
reads the products in Vietnamese order (``name_sort``, 0014) until it has a page of matches, matching each word in the
product's folded name or its producer's, the start of its SKU or a whole barcode. ``ix_product_name_sort`` held the
order alone: SQLite read every product's row to match it, ~45,000 of 50,000 for a name late in the alphabet (~160 ms
for each key typed in a picker, the screen frozen). Its columns now include what the match reads (whether the
product is active, its folded name, its SKU and its producer): the rows of the matches alone are read, ~25 ms with
no match at all.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 10:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_product_name_sort")
    op.execute("CREATE INDEX ix_product_name_sort ON product (name_sort, id, active, name_folded, sku, producer_id)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_product_name_sort")
    op.execute("CREATE INDEX ix_product_name_sort ON product (name_sort, id)")
