"""reports: each sale line knows its sale's business day and whether it counts, for fast reports by product

Reports by product, producer, stars or group otherwise join every line of the period to its sale and
sort them all by product. With the sale's business day and status copied onto the line (by triggers,
so every writer keeps them right without knowing) and one covering index that starts with the product,
a month by product reads each product's lines of the month in order, straight from the index.

- ``business_day``: the sale's business day (kept when a sale's day changes).
- ``counted``: 1 while the sale is completed, 0 once voided (kept when a sale's status changes).
- ``first_of_product``: 1 on the first line (lowest line number) of each product within its sale, so that
  summing it counts receipts per product without COUNT(DISTINCT).
- ``ix_sale_line_report``: (product_id, business_day, counted, …every column the reports read).

As with 0003: a later batch migration that recreates ``sale_line`` or ``sale`` must create these
triggers again (tests/test_reports_sales.py fails when they are missing).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPORT_COLUMNS = ['product_id', 'business_day', 'counted', 'first_of_product', 'qty', 'gross', 'line_discount',
                  'cart_discount', 'amount', 'vat_amount', 'unit_cost', 'sold_by_weight', 'producer_id', 'stars',
                  'sale_id']
# "+" keeps SQLite on the (sale_id, line_no) index: by product it would read the product's whole history.
FIRST = ("NOT EXISTS (SELECT 1 FROM sale_line x WHERE x.sale_id = {t}.sale_id AND +x.product_id = {t}.product_id "
         "AND x.line_no < {t}.line_no)")
# Recompute the flag for every line of one product within one sale.
REFLAG = ("UPDATE sale_line SET first_of_product = " + FIRST.format(t="sale_line")
          + " WHERE sale_id = {t}.sale_id AND +product_id = {t}.product_id;")
TRIGGERS = {
    'tr_sale_line_report_insert':
        "AFTER INSERT ON sale_line BEGIN "
        "UPDATE sale_line SET business_day = (SELECT s.business_day FROM sale s WHERE s.id = NEW.sale_id), "
        "counted = COALESCE((SELECT s.status = 'completed' FROM sale s WHERE s.id = NEW.sale_id), 0) "
        "WHERE id = NEW.id; " + REFLAG.format(t="NEW") + " END",
    'tr_sale_line_report_delete':
        "AFTER DELETE ON sale_line BEGIN " + REFLAG.format(t="OLD") + " END",
    'tr_sale_line_report_update':
        "AFTER UPDATE OF sale_id, product_id, line_no ON sale_line BEGIN "
        "UPDATE sale_line SET business_day = (SELECT s.business_day FROM sale s WHERE s.id = NEW.sale_id), "
        "counted = COALESCE((SELECT s.status = 'completed' FROM sale s WHERE s.id = NEW.sale_id), 0) "
        "WHERE id = NEW.id; " + REFLAG.format(t="OLD") + " " + REFLAG.format(t="NEW") + " END",
    'tr_sale_report_status':
        "AFTER UPDATE OF status, business_day ON sale BEGIN "
        "UPDATE sale_line SET counted = (NEW.status = 'completed'), business_day = NEW.business_day "
        "WHERE sale_id = NEW.id; END",
}


def upgrade() -> None:
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('business_day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('counted', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('first_of_product', sa.Boolean(), nullable=False, server_default='0'))
    op.execute(
        "UPDATE sale_line SET business_day = (SELECT s.business_day FROM sale s WHERE s.id = sale_line.sale_id), "
        "counted = COALESCE((SELECT s.status = 'completed' FROM sale s WHERE s.id = sale_line.sale_id), 0), "
        "first_of_product = " + FIRST.format(t="sale_line")
    )
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.create_index('ix_sale_line_report', REPORT_COLUMNS, unique=False)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.drop_index('ix_sale_line_report')
        batch_op.drop_column('first_of_product')
        batch_op.drop_column('counted')
        batch_op.drop_column('business_day')
