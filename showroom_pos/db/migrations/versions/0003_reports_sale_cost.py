"""reports: each sale carries the cost of its lines, kept by triggers, for fast margin reports

A year of daily sales with margins otherwise reads every sale line (hundreds of thousands of rows);
with the line costs summed onto the sale, reports by day, week, month, hour and cashier read only
the sales (one row per receipt). The sums are kept by SQLite triggers on ``sale_line``, so every
writer (the till, imports, tests) keeps them right in its own transaction without knowing about them.

- ``cost_total``: Σ unit cost × quantity over the sale's lines whose cost is known (goods sold by
  weight: unit cost × grams / 1000, rounded half up per line); 0 when none is known.
- ``costed_total``: Σ (amount − VAT) over those same lines: the sales the margin is computed on.
- ``ix_sale_report_day``: a covering index (business day first) holding every sale column those reports
  read, so they never touch the table; its ``id`` also serves the joins of reports by product.

A later batch migration that recreates ``sale_line`` drops these triggers with the old table: create them
again there (tests/test_reports_sales.py fails when they are missing).

Existing sales are filled in here. Revision 0003 was free when this was written (0002 = inventory).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COST = ("CASE WHEN {t}.unit_cost IS NULL THEN 0 WHEN {t}.sold_by_weight THEN ({t}.unit_cost * {t}.qty + 500) / 1000 "
        "ELSE {t}.unit_cost * {t}.qty END")
COSTED = "CASE WHEN {t}.unit_cost IS NULL THEN 0 ELSE {t}.amount - {t}.vat_amount END"


REPORT_COLUMNS = ['business_day', 'status', 'subtotal', 'line_discount', 'cart_discount', 'total', 'vat_total',
                  'costed_total', 'cost_total', 'user_id', 'created_at', 'id']


def _add(t: str) -> str:
    return (f"UPDATE sale SET cost_total = cost_total + {COST.format(t=t)}, "
            f"costed_total = costed_total + {COSTED.format(t=t)} WHERE id = {t}.sale_id;")


def _sub(t: str) -> str:
    return (f"UPDATE sale SET cost_total = cost_total - {COST.format(t=t)}, "
            f"costed_total = costed_total - {COSTED.format(t=t)} WHERE id = {t}.sale_id;")


def upgrade() -> None:
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost_total', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('costed_total', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.create_index('ix_sale_report_day', REPORT_COLUMNS, unique=False)
    op.execute(
        f"UPDATE sale SET cost_total = COALESCE((SELECT SUM({COST.format(t='l')}) FROM sale_line l "
        "WHERE l.sale_id = sale.id), 0), "
        f"costed_total = COALESCE((SELECT SUM({COSTED.format(t='l')}) FROM sale_line l WHERE l.sale_id = sale.id), 0)"
    )
    op.execute(f"CREATE TRIGGER tr_sale_line_cost_insert AFTER INSERT ON sale_line "
               f"WHEN NEW.unit_cost IS NOT NULL BEGIN {_add('NEW')} END")
    op.execute(f"CREATE TRIGGER tr_sale_line_cost_delete AFTER DELETE ON sale_line "
               f"WHEN OLD.unit_cost IS NOT NULL BEGIN {_sub('OLD')} END")
    op.execute("CREATE TRIGGER tr_sale_line_cost_update AFTER UPDATE OF sale_id, qty, amount, vat_amount, unit_cost, "
               f"sold_by_weight ON sale_line BEGIN {_sub('OLD')} {_add('NEW')} END")


def downgrade() -> None:
    for name in ('tr_sale_line_cost_update', 'tr_sale_line_cost_delete', 'tr_sale_line_cost_insert'):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.drop_index('ix_sale_report_day')
        batch_op.drop_column('costed_total')
        batch_op.drop_column('cost_total')
