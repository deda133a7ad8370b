"""product.name_sort: each product's place in Vietnamese order, kept, indexed

The products screen listed the whole catalogue each time it was shown: 50,000 products read, then sorted in
Python by ``core.text.vietnamese_sort_key`` (SQLite's order folds Đ among the D's and tones away), 1.1-1.4 s. With
the key stored as one string that sorts the same (``vietnamese_sort_text``) and indexed with the id, a list reads a
page at a time in that order (and a search limited to 100 rows gets the first 100 in that order, not in the folded
name's). Filled here from every product's name; new products get it from the model's default, a rename from the
catalogue service. A change to the key's function needs a migration that fills it again.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from showroom_pos.core.text import vietnamese_sort_text

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if "name_sort" not in {column["name"] for column in sa.inspect(conn).get_columns("product")}:
        op.add_column("product", sa.Column("name_sort", sa.String(600), nullable=False, server_default=""))
    named = conn.exec_driver_sql("SELECT id, name FROM product").all()
    if named:
        conn.exec_driver_sql("UPDATE product SET name_sort = ? WHERE id = ?",
                             [(vietnamese_sort_text(name), pid) for pid, name in named])
    op.execute("CREATE INDEX IF NOT EXISTS ix_product_name_sort ON product (name_sort, id)")


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+): a batch copy of the table would drop ``product`` under the foreign keys
    # of every table that refers to it.
    op.drop_index("ix_product_name_sort", table_name="product")
    op.execute("ALTER TABLE product DROP COLUMN name_sort")
