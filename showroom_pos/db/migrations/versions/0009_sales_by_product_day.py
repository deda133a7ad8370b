"""reports and the till: sales per product per day (rollups kept by triggers), cheap report triggers per line,
the catalogue in name order from an index

A month by product read every line of the month (its copy of the day and status, migration 0004) and
sorted them by product: at 50,000 products and a million lines that is ~40,000 lines a month, most of a
second. ``sale_product_day`` holds, per business day and product, the sums the report shows over the lines of
completed sales, so a report by product reads one row per product sold per day, whatever the number of lines.

- ``sale_product_day`` (business_day, product_id) → lines, receipts (Σ first_of_product), qty, gross,
  discounts, amount, vat, costed (amount − VAT over lines with a known cost), cost. Only lines that count
  (their sale is completed) are in it. Kept by three triggers on ``sale_line`` that add a line's figures when it
  starts counting and take them away when it stops (voided, deleted, changed): voiding a sale updates its
  lines' ``counted`` (0004's ``tr_sale_report_status``), which these triggers see. Adding and taking away are
  both upserts, so the result does not depend on the order SQLite fires triggers in; a row whose lines went
  back to 0 stays (the report skips it).
- 0004's insert trigger wrote every new line twice more (its day and status, then the first-of-product flag of
  its product's lines) although the till's sale service already writes those values. It now runs only when
  the inserted values are not already right (the day or status differs from the sale's, the flag is wrong, or
  the new line takes the flag from a later line of its product): a writer that does not know about the copies
  still gets them right; the till's lines are written once.

- ``ix_product_search`` (name_folded, id, sku) of the active products: the till's product index reads the
  catalogue in name order from it (50,000 products: 40 ms instead of 150 ms sorting them).

Existing lines are summed in here. Like 0003/0004: a later batch migration that recreates ``sale_line`` must
create these triggers again (tests/test_reports_rollups.py fails when they are missing). The migration can
run again over a file that already has the table (the tests' "older database" fakes only move the revision
back): it starts from an empty table and recreates the triggers.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIGURES = ("lines", "receipts", "qty", "gross", "discounts", "amount", "vat", "costed", "cost")
# Each figure of one line ``{t}`` (NEW or OLD), as the lines-based report sums it.
LINE_FIGURES = ("1", "{t}.first_of_product", "{t}.qty", "{t}.gross", "{t}.line_discount + {t}.cart_discount",
                "{t}.amount", "{t}.vat_amount",
                "CASE WHEN {t}.unit_cost IS NULL THEN 0 ELSE {t}.amount - {t}.vat_amount END",
                "CASE WHEN {t}.unit_cost IS NULL THEN 0 WHEN {t}.sold_by_weight "
                "THEN ({t}.unit_cost * {t}.qty + 500) / 1000 ELSE {t}.unit_cost * {t}.qty END")


def upsert(t: str, sign: str) -> str:
    """Add (sign "") or take away (sign "-") line ``t``'s figures, when it counts."""
    values = ", ".join(f"{sign}({f.format(t=t)})" for f in LINE_FIGURES)
    updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in FIGURES)
    return (f"INSERT INTO sale_product_day (business_day, product_id, {', '.join(FIGURES)}) "
            f"SELECT {t}.business_day, {t}.product_id, {values} WHERE {t}.counted AND {t}.business_day IS NOT NULL "
            f"ON CONFLICT (business_day, product_id) DO UPDATE SET {updates};")


ROLLUP_TRIGGERS = {
    'tr_sale_product_day_insert': f"AFTER INSERT ON sale_line BEGIN {upsert('NEW', '')} END",
    'tr_sale_product_day_delete': f"AFTER DELETE ON sale_line BEGIN {upsert('OLD', '-')} END",
    'tr_sale_product_day_update':
        "AFTER UPDATE OF business_day, counted, first_of_product, product_id, qty, gross, line_discount, "
        "cart_discount, amount, vat_amount, unit_cost, sold_by_weight ON sale_line "
        f"BEGIN {upsert('OLD', '-')} {upsert('NEW', '')} END",
}

# 0004's insert trigger, as it was and as it is now (the same body, run only when something is to be fixed).
FIRST = ("NOT EXISTS (SELECT 1 FROM sale_line x WHERE x.sale_id = {t}.sale_id AND +x.product_id = {t}.product_id "
         "AND x.line_no < {t}.line_no)")
REFLAG = ("UPDATE sale_line SET first_of_product = " + FIRST.format(t="sale_line")
          + " WHERE sale_id = {t}.sale_id AND +product_id = {t}.product_id;")
INSERT_BODY = ("BEGIN UPDATE sale_line SET business_day = (SELECT s.business_day FROM sale s WHERE s.id = NEW.sale_id), "
               "counted = COALESCE((SELECT s.status = 'completed' FROM sale s WHERE s.id = NEW.sale_id), 0) "
               "WHERE id = NEW.id; " + REFLAG.format(t="NEW") + " END")
INSERT_WHEN = (
    "WHEN NEW.business_day IS NOT (SELECT s.business_day FROM sale s WHERE s.id = NEW.sale_id) "
    "OR NEW.counted IS NOT COALESCE((SELECT s.status = 'completed' FROM sale s WHERE s.id = NEW.sale_id), 0) "
    "OR NEW.first_of_product IS NOT (" + FIRST.format(t="NEW") + ") "
    "OR (NEW.first_of_product AND EXISTS (SELECT 1 FROM sale_line x WHERE x.sale_id = NEW.sale_id "
    "AND +x.product_id = NEW.product_id AND x.line_no > NEW.line_no AND x.first_of_product)) ")


def upgrade() -> None:
    op.execute("CREATE TABLE IF NOT EXISTS sale_product_day ("
               "business_day DATE NOT NULL, product_id INTEGER NOT NULL, "
               + "".join(f"{c} INTEGER NOT NULL DEFAULT 0, " for c in FIGURES)
               + "CONSTRAINT pk_sale_product_day PRIMARY KEY (business_day, product_id)) WITHOUT ROWID")
    for name in ROLLUP_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DELETE FROM sale_product_day")
    sums = ", ".join(f"SUM({f.format(t='l')})" for f in LINE_FIGURES)
    op.execute(f"INSERT INTO sale_product_day (business_day, product_id, {', '.join(FIGURES)}) "
               f"SELECT l.business_day, l.product_id, {sums} FROM sale_line l "
               "WHERE l.counted AND l.business_day IS NOT NULL GROUP BY l.business_day, l.product_id")
    for name, body in ROLLUP_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("DROP TRIGGER IF EXISTS tr_sale_line_report_insert")
    op.execute(f"CREATE TRIGGER tr_sale_line_report_insert AFTER INSERT ON sale_line {INSERT_WHEN}{INSERT_BODY}")
    op.execute("CREATE INDEX IF NOT EXISTS ix_product_search ON product (name_folded, id, sku) WHERE active")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_product_search")
    op.execute("DROP TRIGGER IF EXISTS tr_sale_line_report_insert")
    op.execute(f"CREATE TRIGGER tr_sale_line_report_insert AFTER INSERT ON sale_line {INSERT_BODY}")
    for name in ROLLUP_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS sale_product_day")
