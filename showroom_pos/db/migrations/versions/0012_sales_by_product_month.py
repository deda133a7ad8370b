"""reports: sales per product per month, kept beside the per-day rollups by the same kind of triggers

A month by product read the month's per-product-per-day rollups (0009) and grouped them by product: at 50,000
products a showroom sells most products about once a month, so that is ~41,000 rows sorted in a temporary
B-tree, and then as many random look-ups of the products. ``sale_product_month`` holds the same sums per
(month, product), so a report over whole months reads them in product order, one row per product, with no sort;
the days of a period outside its whole months still come from ``sale_product_day``.

- ``sale_product_month`` (month 'YYYY-MM', product_id) → the same figures as ``sale_product_day`` (lines,
  receipts, qty, gross, discounts, amount, vat, costed, cost), over the lines of completed sales. Kept by three
  triggers on ``sale_line`` beside 0009's, with the same bodies keyed by the month of the line's business day:
  a sale adds its lines, a void or a deleted or changed line takes them away, all in the writer's transaction.
  Like the day rows, a row whose lines went back to 0 stays (with every figure 0; the report skips it).

Existing rollups are summed in here from the day rollups. Like 0009, the migration can run again over a file
that already has the table: it starts from an empty table and recreates the triggers; a later batch migration
that recreates ``sale_line`` must create these triggers again (tests/test_reports_rollups.py checks they exist).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 20:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIGURES = ("lines", "receipts", "qty", "gross", "discounts", "amount", "vat", "costed", "cost")
# Each figure of one line ``{t}`` (NEW or OLD), as 0009's triggers add it to the day's row.
LINE_FIGURES = ("1", "{t}.first_of_product", "{t}.qty", "{t}.gross", "{t}.line_discount + {t}.cart_discount",
                "{t}.amount", "{t}.vat_amount",
                "CASE WHEN {t}.unit_cost IS NULL THEN 0 ELSE {t}.amount - {t}.vat_amount END",
                "CASE WHEN {t}.unit_cost IS NULL THEN 0 WHEN {t}.sold_by_weight "
                "THEN ({t}.unit_cost * {t}.qty + 500) / 1000 ELSE {t}.unit_cost * {t}.qty END")


def upsert(t: str, sign: str) -> str:
    """Add (sign "") or take away (sign "-") line ``t``'s figures to its month's row, when it counts."""
    values = ", ".join(f"{sign}({f.format(t=t)})" for f in LINE_FIGURES)
    updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in FIGURES)
    return (f"INSERT INTO sale_product_month (month, product_id, {', '.join(FIGURES)}) "
            f"SELECT substr({t}.business_day, 1, 7), {t}.product_id, {values} "
            f"WHERE {t}.counted AND {t}.business_day IS NOT NULL "
            f"ON CONFLICT (month, product_id) DO UPDATE SET {updates};")


ROLLUP_TRIGGERS = {
    'tr_sale_product_month_insert': f"AFTER INSERT ON sale_line BEGIN {upsert('NEW', '')} END",
    'tr_sale_product_month_delete': f"AFTER DELETE ON sale_line BEGIN {upsert('OLD', '-')} END",
    'tr_sale_product_month_update':
        "AFTER UPDATE OF business_day, counted, first_of_product, product_id, qty, gross, line_discount, "
        "cart_discount, amount, vat_amount, unit_cost, sold_by_weight ON sale_line "
        f"BEGIN {upsert('OLD', '-')} {upsert('NEW', '')} END",
}


def upgrade() -> None:
    op.execute("CREATE TABLE IF NOT EXISTS sale_product_month ("
               "month VARCHAR(7) NOT NULL, product_id INTEGER NOT NULL, "
               + "".join(f"{c} INTEGER NOT NULL DEFAULT 0, " for c in FIGURES)
               + "CONSTRAINT pk_sale_product_month PRIMARY KEY (month, product_id)) WITHOUT ROWID")
    for name in ROLLUP_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DELETE FROM sale_product_month")
    op.execute(f"INSERT INTO sale_product_month (month, product_id, {', '.join(FIGURES)}) "
               f"SELECT substr(business_day, 1, 7), product_id, {', '.join(f'SUM({c})' for c in FIGURES)} "
               "FROM sale_product_day WHERE lines <> 0 GROUP BY substr(business_day, 1, 7), product_id")
    for name, body in ROLLUP_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in ROLLUP_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS sale_product_month")
