"""Reports at scale: the big file (``big_file``: 50,000 products, 1,000,000 sale lines over two years;
``--quick``: 2,000 products, 20,000 lines), built by ``build`` below.

The big file is migrated by the app (real Alembic migrations), set up by the services (outlet, users),
then filled by bulk SQL run inside SQLite: a recursive CTE numbers the lines, arithmetic on that number
picks the product, quantity and discount, and ``INSERT … SELECT`` writes sales, lines, payments, shifts
and a few returns and voids in one transaction. Going through ``sale_writer.complete_sale`` would take hours
for a million lines; ``showroom-pos simulate`` does that for realism at small scale. The columns the
report triggers keep (0003, 0004) are written by the same bulk SQL with the triggers set aside, then the
triggers are restored and every copied value is checked against the rows it comes from.

Figures (medians, and p99, of runs alternating report and SQL, warm cache, milliseconds):
- ``month_by_product_ms`` / ``year_by_day_ms``: ``sales_report.sales`` as the screen and CLI call it;
- ``…_sql_ms``: the same figures as ONE hand-written SQL statement through the raw sqlite3 driver, over what the
  report reads (by product: the month rollups of migration 0012; ``…_sql_over_days_ms`` over the day rollups of
  0009 and ``…_sql_over_lines_ms`` over the lines are timed beside it);
- ``…_ratio``: report ÷ SQL at p50, ``…_ratio_p99`` the same at p99 (p99 of the report ÷ p99 of the SQL; budget
  for both: ≤ 1.5), and the budgets 150 ms and 300 ms. Each ratio beside (``…_ratio_to_…``) has its ``…_p99`` too.
Both sides are checked to give the same numbers before anything is timed.

What each hand SQL computes (by product): ``SQL_MONTH_BY_PRODUCT`` (over the lines), ``…_ROLLUPS`` (over the day
rollups) and ``…_MONTHS`` (over the month rollups, behind ``month_by_product_ratio``) give each product's sums only
(sold, returned, net, VAT, cost, margin), unordered, checked against the report's money cells. What the report
does beyond them: the unit, the margin % and the share of net sales (half up), the totals row (the receipts counted
on the sales), and the order (net sales down, then SKU). ``SQL_MONTH_BY_PRODUCT_AS_SHOWN`` does all of that in one
statement over the month rollups, checked equal cell by cell, row by row in order, totals row included:
``month_by_product_sql_as_shown_ms`` (and p99) and ``month_by_product_ratio_to_sql_as_shown``, beside ``_ratio``.

These time the service call only. What the manager waits for on the Reports screen is more: ``month_by_product_
shown_ms`` (and its p99) is the screen's sales tab asked for the month by product, from the click to the report
painted: its background read (the report and the period's summary, as ``SalesPanel.request``), then on the GUI
thread the table's model, its columns fitted to their contents, the chart, and a paint of the tab (offscreen Qt);
``…_shown_cpu_ms`` is the CPU time of both threads meanwhile, which the machine's load does not change.
``month_by_product_xlsx_s`` / ``_csv_s`` / ``_pdf_s``: that month's report written to a file as the screen's export
buttons do (on its worker thread; the XLSX took 635 s before session 11, openpyxl walking every cell twice a row).
``home_today_ms`` (and p99): what the Home screen reads each time it is shown, on the GUI thread (``home_ms``).
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import Figures, p50, p99
from showroom_pos.core.clock import business_day
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import setup, users
from showroom_pos.services.reports import sales_report
from showroom_pos.services.reports.table import Report

FULL_LINES = 1_000_000
QUICK_LINES = 100_000
DAYS = 730
PRODUCTS = 1_200
PRODUCERS = 60
# Basket sizes repeat in a cycle of five sales: 1, 4, 2, 5, 3 lines (3 on average, 15 lines per cycle).
BASKETS = (1, 4, 2, 5, 3)
GROUPS = ("food", "beverage", "herbal", "handicraft", "ornamental", "tourism")
WORDS_A = ("Trà", "Mứt", "Bánh", "Kẹo", "Mắm", "Nước", "Rượu", "Gạo", "Khô", "Tương", "Yến", "Mật ong", "Đông trùng")
WORDS_B = ("mãng cầu", "sầu riêng", "dừa", "thanh long", "vú sữa", "xoài", "mít", "tôm chà", "cá lóc", "gừng",
           "sen", "bưởi", "chôm chôm", "hạ thảo")
PLACES = ("Gò Công", "Cái Bè", "Cai Lậy", "Mỹ Tho", "Chợ Gạo", "Tân Phước", "Châu Thành", "Lai Vung", "Đồng Tháp")
SIZES = ("100 g", "200 g", "250 g", "500 g", "1 kg", "330 ml", "500 ml", "hộp quà")
MONTH_BUDGET_MS, YEAR_BUDGET_MS, RATIO_BUDGET = 150.0, 300.0, 1.5


def _basket_sql() -> tuple[str, str]:
    """SQL giving, for line number n, (sale number, line number within the sale)."""
    starts, acc = [], 0
    for size in BASKETS:
        starts.append(acc)
        acc += size
    o = f"(n % {acc})"
    sale_in_cycle = " + ".join(f"({o} >= {s})" for s in starts[1:])
    start_of = "CASE " + " ".join(f"WHEN {o} >= {s} THEN {s}" for s in reversed(starts[1:])) + " ELSE 0 END"
    return f"(n / {acc}) * {len(BASKETS)} + {sale_in_cycle}", f"{o} - {start_of} + 1"


def product_rows(products: int) -> list[tuple[Any, ...]]:
    """The catalogue: names as a showroom's (word + fruit + place + size, so that searches find some, not
    all), every tenth product in three without a known cost, every twentieth sold by weight."""
    from showroom_pos.core.text import fold, vietnamese_sort_text

    rng = random.Random(3)
    rows = []
    for i in range(1, products + 1):
        name = f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {rng.choice(PLACES)} {rng.choice(SIZES)} #{i}"
        weighed = i % 20 == 0
        base = 10 + (i * 7919) % 490
        rows.append((f"BENCH-{i:05d}", name, fold(name), vietnamese_sort_text(name), "kg" if weighed else "hộp",
                     weighed, base * 1000, base * 680 if i % 10 < 7 else None, GROUPS[i % 6], 3 + (i % 7) // 3,
                     1 + i % PRODUCERS, i % 10 < 7))
    return rows


def barcode(product_id: int) -> str:
    """The EAN-13 the big file gives product ``product_id`` (GS1 Vietnam's 893 prefix)."""
    from showroom_pos.core.barcode import with_check_digit

    return with_check_digit(f"8939{product_id:08d}")


# A random version-4 UUID in SQL (the till's keys are random: B-trees fill as they do in a showroom).
UUID4 = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
         "|| substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' "
         "|| hex(randomblob(6)))")


def build(path: Path, lines: int = FULL_LINES, days: int = DAYS, end: date | None = None,
          products: int = PRODUCTS, ledger: bool = False) -> dict[str, int]:
    """A migrated, set-up database with ``lines`` sale lines over ``days`` days ending ``end`` (yesterday)
    over ``products`` products (each line picks one uniformly). ``ledger``: also what a till writes beside
    the sales (barcodes, a stock movement per line, an audit event per sale, the outbox), as a real file has."""
    ctx = AppContext.open(AppPaths.resolve(path))
    with ctx.transaction() as session:
        _shop, _till, _admin = setup.set_up_outlet(session, outlet_code="CL01", outlet_name="Điểm OCOP (benchmark)",
                                                   admin_name="Quản trị", admin_pin="3579")
        users.create_user(session, "Nguyễn Thị Lan", "manager", "2468")
        for i in range(1, 4):
            users.create_user(session, f"Thu ngân {i}", "cashier", "1357")
    ctx.close()
    last = end or business_day() - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    sale_of, line_no = _basket_sql()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("BEGIN")
        terminal_id = conn.execute("SELECT id FROM terminal").fetchone()[0]
        cashiers = [r[0] for r in conn.execute("SELECT id FROM user WHERE role = 'cashier' ORDER BY id")]
        conn.execute(f"""
            INSERT INTO producer (code, name, name_folded, kind, tax_code, address, commune, province, phone,
                                  bank_name, bank_account, sells_modern_channels, active, created_at, updated_at)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {PRODUCERS})
            SELECT printf('BP%03d', i), printf('HTX mô phỏng %d', i), printf('htx mo phong %d', i),
                   CASE i % 4 WHEN 0 THEN 'enterprise' WHEN 1 THEN 'cooperative' WHEN 2 THEN 'coop_group'
                   ELSE 'household' END, NULL, '', '', 'Đồng Tháp', '', '', '', 0, 1,
                   '2024-01-01 00:00:00.000000', '2024-01-01 00:00:00.000000' FROM n""")
        conn.executemany(
            "INSERT INTO product (sku, name, name_folded, name_sort, unit, sold_by_weight, price, cost, vat_category, "
            "ocop_group, stars, producer_id, consigned, reorder_level, on_hand, active, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, 'standard', ?, ?, ?, ?, 5, 100, 1, '2024-01-01 00:00:00.000000', "
            "'2024-01-01 00:00:00.000000')", product_rows(products))
        conn.execute(f"""
            CREATE TEMP TABLE g_line AS
            WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {lines - 1})
            SELECT n, {sale_of} AS sale_n, {line_no} AS line_no,
                   1 + ((n * 2654435761) % 4294967296) % {products} AS product_id
            FROM c""")
        sales_count = conn.execute("SELECT MAX(sale_n) + 1 FROM g_line").fetchone()[0]
        # Sale number → day (evenly, in order) and a time of day between 08:00 and 20:00 local (01:00 UTC +).
        conn.execute(f"""
            CREATE TEMP TABLE g_sale AS
            SELECT sale_n, date('{first.isoformat()}', '+' || (sale_n * {days} / {sales_count}) || ' days') AS day,
                   (sale_n * 7919) % 43200 AS secs FROM (SELECT DISTINCT sale_n FROM g_line)""")
        conn.execute("ALTER TABLE g_sale ADD COLUMN uid TEXT")
        conn.execute(f"UPDATE g_sale SET uid = {UUID4}")
        conn.execute("CREATE INDEX g_sale_n ON g_sale (sale_n)")
        conn.execute("""
            CREATE TEMP TABLE g_priced AS
            SELECT g.sale_n, g.line_no, g.product_id, p.sku, p.name, p.unit, p.sold_by_weight AS w, p.price,
                   p.cost, p.stars, p.producer_id, p.consigned,
                   CASE WHEN p.sold_by_weight THEN 250 * (1 + g.n % 6) ELSE 1 + (g.n * 31) % 3 END AS qty
            FROM g_line g JOIN product p ON p.id = g.product_id""")
        conn.execute("""
            CREATE TEMP TABLE g_amount AS
            SELECT *, gross - line_discount AS amount FROM (
              SELECT *, CASE WHEN w THEN (price * qty + 500) / 1000 ELSE price * qty END AS gross,
                     CASE WHEN (sale_n + line_no) % 20 = 0
                          THEN ((CASE WHEN w THEN (price * qty + 500) / 1000 ELSE price * qty END) * 1000 + 5000)
                               / 10000 ELSE 0 END AS line_discount
              FROM g_priced)""")
        # VAT 8% included in the price: amount × 800 / 10800, rounded half up.
        conn.execute("""
            CREATE TEMP TABLE g_final AS SELECT *,
              CASE WHEN cost IS NULL THEN 0 WHEN w THEN (cost * qty + 500) / 1000 ELSE cost * qty END AS line_cost,
              CASE WHEN cost IS NULL THEN 0 ELSE amount - vat END AS costed,
              ROW_NUMBER() OVER (PARTITION BY sale_n, product_id ORDER BY line_no) = 1 AS first_of_product
            FROM (SELECT *, (amount * 1600 + 10800) / 21600 AS vat FROM g_amount)""")
        conn.execute("CREATE INDEX g_final_sale ON g_final (sale_n)")
        # The triggers of migrations 0003 and 0004 would fill the line costs on the sales and the day, status
        # and first-of-product flag on the lines one row at a time: the bulk SQL below fills them itself, and
        # the triggers are put back (and the copies checked against the rows) before anything is timed.
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute(f"""
            INSERT INTO shift (id, terminal_id, user_id, business_day, opened_at, opening_float, closed_at,
                               closed_by, expected_cash, counted_cash, count_detail, z_report)
            SELECT printf('%08x-0000-4000-9000-%012x', d, d), {terminal_id}, {cashiers[0]} + d % {len(cashiers)},
                   date('{first.isoformat()}', '+' || d || ' days'),
                   datetime(date('{first.isoformat()}', '+' || d || ' days'), '+1 hours') || '.000000', 1000000,
                   datetime(date('{first.isoformat()}', '+' || d || ' days'), '+13 hours') || '.000000',
                   {cashiers[0]} + d % {len(cashiers)}, 1000000, 1000000 - (d % 7 = 0) * 10000, '{{}}', NULL
            FROM (WITH RECURSIVE c(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM c WHERE d < {days - 1})
                  SELECT d FROM c)""")
        conn.execute(f"""
            INSERT INTO sale (id, receipt_no, terminal_id, receipt_seq, business_day, shift_id, user_id, created_at,
                              status, subtotal, line_discount, cart_discount, vat_total, total, paid, change_due,
                              printed, voided_at, cost_total, costed_total)
            SELECT s.uid,
                   'CL01-' || substr(s.day, 3, 2) || substr(s.day, 6, 2) || substr(s.day, 9, 2) || '-'
                     || printf('%04d', ROW_NUMBER() OVER w),
                   {terminal_id}, ROW_NUMBER() OVER w, s.day,
                   printf('%08x-0000-4000-9000-%012x', julianday(s.day) - julianday('{first.isoformat()}'),
                          julianday(s.day) - julianday('{first.isoformat()}')),
                   {cashiers[0]} + CAST(julianday(s.day) AS INTEGER) % {len(cashiers)},
                   datetime(s.day, '+1 hours', '+' || s.secs || ' seconds') || '.000000',
                   CASE WHEN s.sale_n % 200 = 0 THEN 'voided' ELSE 'completed' END,
                   t.subtotal, t.line_discount, 0, t.vat, t.total, t.total, 0, 1,
                   CASE WHEN s.sale_n % 200 = 0 THEN datetime(s.day, '+2 hours') || '.000000' END,
                   t.cost, t.costed
            FROM g_sale s JOIN (SELECT sale_n, SUM(gross) AS subtotal, SUM(line_discount) AS line_discount,
                                       SUM(vat) AS vat, SUM(amount) AS total, SUM(line_cost) AS cost,
                                       SUM(costed) AS costed FROM g_final GROUP BY sale_n) t
                 ON t.sale_n = s.sale_n
            WINDOW w AS (PARTITION BY s.day ORDER BY s.secs, s.sale_n)
            ORDER BY s.sale_n""")
        conn.execute("""
            INSERT INTO sale_line (sale_id, line_no, product_id, sku, barcode, name, unit, sold_by_weight, qty,
                                   unit_price, list_price, gross, line_discount, cart_discount, amount, vat_rate_bp,
                                   vat_amount, unit_cost, stars, producer_id, consigned, business_day, counted,
                                   first_of_product)
            SELECT s.uid, line_no, product_id, sku, NULL, name, unit, w, qty, price, price, gross,
                   line_discount, 0, amount, 800, vat, cost, stars, producer_id, consigned, s.day,
                   f.sale_n % 200 <> 0, first_of_product
            FROM g_final f JOIN g_sale s ON s.sale_n = f.sale_n ORDER BY f.sale_n, line_no""")
        conn.execute("""
            INSERT INTO payment (sale_id, method, amount, tendered, reference)
            SELECT s.uid,
                   CASE f.sale_n % 11 WHEN 0 THEN 'card' WHEN 1 THEN 'ewallet' WHEN 2 THEN 'transfer'
                   WHEN 3 THEN 'transfer' WHEN 4 THEN 'transfer' ELSE 'cash' END, SUM(amount), SUM(amount), ''
            FROM g_final f JOIN g_sale s ON s.sale_n = f.sale_n GROUP BY f.sale_n HAVING SUM(amount) > 0
            ORDER BY f.sale_n""")
        # One completed sale in 331 comes back: its first line, whole, refunded in cash the same day.
        conn.execute("""
            INSERT INTO sale_return (id, return_no, sale_id, terminal_id, shift_id, user_id, approved_by,
                                     business_day, created_at, refund_total, vat_total, refund_method, reason)
            SELECT printf('%08x-0000-4000-a000-%012x', s.rowid, s.rowid), 'R' || s.receipt_no, s.id,
                   s.terminal_id, s.shift_id, s.user_id, NULL, s.business_day,
                   datetime(s.created_at, '+1 hours') || '.000000', l.amount, l.vat_amount, 'cash', 'benchmark'
            FROM sale s JOIN sale_line l ON l.sale_id = s.id AND l.line_no = 1
            WHERE s.status = 'completed' AND s.rowid % 331 = 0""")
        conn.execute("""
            INSERT INTO return_line (return_id, sale_line_id, qty, amount, vat_amount, restock, write_off_reason)
            SELECT r.id, l.id, l.qty, l.amount, l.vat_amount, r.rowid % 2, ''
            FROM sale_return r JOIN sale_line l ON l.sale_id = r.sale_id AND l.line_no = 1""")
        if ledger:
            _ledger(conn, products, first)
        fill_derived(conn)
        for _, sql in triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _check_copies(conn)
        conn.execute("ANALYZE")
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("sale", "sale_line", "payment", "sale_return", "product")}
    finally:
        conn.close()
    return counts


def _ledger(conn: sqlite3.Connection, products: int, first: date) -> None:
    """What a till writes beside its sales: barcodes, stock received then moved out by each line (back by each
    void and restocked return), an audit event per sale and per return, one outbox row per day (sent).

    Each product receives its own quantity (100-999 pieces, 30-499 kg), as a showroom's stock is: until session 16
    all received 100,000 and 50,000 products had 39 stock figures between them, which flattered a report that makes
    a figure once per distinct stock."""
    conn.executemany("INSERT INTO product_barcode (product_id, code) VALUES (?, ?)",
                     [(n, barcode(n)) for n in range(1, products + 1)])
    at = f"'{first.isoformat()} 00:30:00.000000'"
    conn.execute(f"""
        INSERT INTO stock_movement (id, product_id, kind, qty, unit_cost, reason, business_day, created_at)
        SELECT {UUID4}, id, 'receipt', CASE WHEN sold_by_weight THEN (30 + (id * 7919) % 470) * 1000
                                           ELSE 100 + (id * 7919) % 900 END, cost, 'benchmark',
               '{first.isoformat()}', {at} FROM product""")
    conn.execute(f"""
        INSERT INTO stock_movement (id, product_id, kind, qty, reason, ref_type, ref_id, user_id, business_day,
                                    created_at)
        SELECT {UUID4}, l.product_id, 'sale', -l.qty, '', 'sale', l.sale_id, s.user_id, s.business_day, s.created_at
        FROM sale_line l JOIN sale s ON s.id = l.sale_id ORDER BY s.created_at""")
    conn.execute(f"""
        INSERT INTO stock_movement (id, product_id, kind, qty, reason, ref_type, ref_id, user_id, business_day,
                                    created_at)
        SELECT {UUID4}, l.product_id, 'void', l.qty, 'void', 'sale', l.sale_id, s.user_id, s.business_day,
               s.voided_at
        FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE s.status = 'voided'""")
    conn.execute(f"""
        INSERT INTO stock_movement (id, product_id, kind, qty, reason, ref_type, ref_id, user_id, business_day,
                                    created_at)
        SELECT {UUID4}, l.product_id, 'return', rl.qty, '', 'return', r.id, r.user_id, r.business_day, r.created_at
        FROM sale_return r JOIN return_line rl ON rl.return_id = r.id JOIN sale_line l ON l.id = rl.sale_line_id
        WHERE rl.restock""")
    conn.execute("UPDATE product SET on_hand = (SELECT SUM(qty) FROM stock_movement m WHERE m.product_id = product.id)")
    conn.execute("""
        INSERT INTO audit_event (at, kind, user_id, terminal_id, entity, entity_id, details)
        SELECT created_at, 'sale.completed', user_id, terminal_id, 'sale', id,
               json_object('receipt_no', receipt_no, 'total', total) FROM sale ORDER BY created_at""")
    conn.execute("""
        INSERT INTO audit_event (at, kind, user_id, terminal_id, entity, entity_id, details)
        SELECT created_at, 'sale.returned', user_id, terminal_id, 'return', id,
               json_object('return_no', return_no, 'refund', refund_total) FROM sale_return""")
    conn.execute(f"""
        INSERT INTO outbox (id, kind, business_day, revision, status, attempts, last_error, created_at, sent_at)
        SELECT {UUID4}, 'daily_summary', business_day, 1, 'sent', 1, '', {at}, {at}
        FROM (SELECT DISTINCT business_day FROM sale)""")


# Per (business day, product), over the lines of completed sales: what migration 0009's rollups hold.
ROLLUPS_FROM_LINES = """
SELECT l.business_day, l.product_id, COUNT(*), SUM(l.first_of_product), SUM(l.qty), SUM(l.gross),
       SUM(l.line_discount + l.cart_discount), SUM(l.amount), SUM(l.vat_amount),
       SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE l.amount - l.vat_amount END),
       SUM(CASE WHEN l.unit_cost IS NULL THEN 0 WHEN l.sold_by_weight THEN (l.unit_cost * l.qty + 500) / 1000
                ELSE l.unit_cost * l.qty END)
FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE s.status = 'completed' GROUP BY l.business_day, l.product_id
"""
ROLLUP_COLUMNS = "business_day, product_id, lines, receipts, qty, gross, discounts, amount, vat, costed, cost"


# The same per (month, product): what migration 0012's rollups hold.
MONTH_ROLLUPS_FROM_LINES = ROLLUPS_FROM_LINES.replace("SELECT l.business_day,", "SELECT substr(l.business_day, 1, 7),"
                                                      ).replace("GROUP BY l.business_day,",
                                                                "GROUP BY substr(l.business_day, 1, 7),")
assert MONTH_ROLLUPS_FROM_LINES.count("substr") == 2
MONTH_ROLLUP_COLUMNS = ROLLUP_COLUMNS.replace("business_day", "month")


def has_rollups(conn: sqlite3.Connection, table: str = "sale_product_day") -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None


def fill_derived(conn: sqlite3.Connection) -> None:
    """Tables the database keeps from the sale rows by triggers, filled here in bulk (the triggers are
    set aside while the bulk SQL runs): the per-product-per-day rollups of migration 0009, per month of 0012."""
    if has_rollups(conn):
        conn.execute("DELETE FROM sale_product_day")
        conn.execute(f"INSERT INTO sale_product_day ({ROLLUP_COLUMNS}) {ROLLUPS_FROM_LINES}")
    if has_rollups(conn, "sale_product_month"):
        conn.execute("DELETE FROM sale_product_month")
        conn.execute(f"INSERT INTO sale_product_month ({MONTH_ROLLUP_COLUMNS}) {MONTH_ROLLUPS_FROM_LINES}")


def _check_copies(conn: sqlite3.Connection) -> None:
    """What the triggers keep must equal what the bulk SQL wrote (the tests check the triggers themselves)."""
    bad_sales = conn.execute(
        "SELECT COUNT(*) FROM sale s JOIN (SELECT sale_id, SUM(CASE WHEN unit_cost IS NULL THEN 0 WHEN sold_by_weight "
        "THEN (unit_cost * qty + 500) / 1000 ELSE unit_cost * qty END) AS cost, SUM(CASE WHEN unit_cost IS NULL "
        "THEN 0 ELSE amount - vat_amount END) AS costed FROM sale_line GROUP BY sale_id) l ON l.sale_id = s.id "
        "WHERE s.cost_total <> l.cost OR s.costed_total <> l.costed").fetchone()[0]
    bad_lines = conn.execute(
        "SELECT COUNT(*) FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE l.business_day IS NOT s.business_day "
        "OR l.counted <> (s.status = 'completed') OR l.first_of_product <> NOT EXISTS (SELECT 1 FROM sale_line x "
        "WHERE x.sale_id = l.sale_id AND +x.product_id = l.product_id AND x.line_no < l.line_no)").fetchone()[0]
    triggers = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]
    bad_rollups = 0
    for table, columns, from_lines in (("sale_product_day", ROLLUP_COLUMNS, ROLLUPS_FROM_LINES),
                                       ("sale_product_month", MONTH_ROLLUP_COLUMNS, MONTH_ROLLUPS_FROM_LINES)):
        if has_rollups(conn, table):
            kept = f"SELECT {columns} FROM {table} WHERE lines <> 0"
            bad_rollups += conn.execute(f"SELECT (SELECT COUNT(*) FROM ({from_lines} EXCEPT {kept})) "
                                        f"+ (SELECT COUNT(*) FROM ({kept} EXCEPT {from_lines}))").fetchone()[0]
    if bad_sales or bad_lines or bad_rollups or triggers < 7:
        raise AssertionError(f"bulk build inconsistent: {bad_sales} sales, {bad_lines} lines, {bad_rollups} "
                             f"rollups, {triggers} triggers")


# The hand-tuned statements: each computes, in one query, every figure the report shows.
SQL_MONTH_BY_PRODUCT = """
SELECT p.sku, p.name, p.sold_by_weight, SUM(a.qty), SUM(a.receipts), SUM(a.gross), SUM(a.discounts), SUM(a.sales),
       SUM(a.returned), SUM(a.sales) - SUM(a.returned), SUM(a.vat), SUM(a.cost), SUM(a.costed) - SUM(a.cost)
FROM (
  SELECT p.id AS k, SUM(l.qty) AS qty, SUM(l.first_of_product) AS receipts, SUM(l.gross) AS gross,
         SUM(l.line_discount + l.cart_discount) AS discounts, SUM(l.amount) AS sales, 0 AS returned,
         SUM(l.vat_amount) AS vat, SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE l.amount - l.vat_amount END) AS costed,
         SUM(CASE WHEN l.unit_cost IS NULL THEN 0 WHEN l.sold_by_weight THEN (l.unit_cost * l.qty + 500) / 1000
                  ELSE l.unit_cost * l.qty END) AS cost
  FROM product p JOIN sale_line l ON l.product_id = p.id AND l.business_day BETWEEN :start AND :end AND l.counted
  GROUP BY p.id
  UNION ALL
  SELECT l.product_id, -SUM(rl.qty), 0, 0, 0, 0, SUM(rl.amount), -SUM(rl.vat_amount),
         -SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE rl.amount - rl.vat_amount END),
         -SUM(CASE WHEN l.unit_cost IS NULL OR NOT rl.restock THEN 0
                   WHEN l.sold_by_weight THEN (l.unit_cost * rl.qty + 500) / 1000 ELSE l.unit_cost * rl.qty END)
  FROM sale_return r JOIN return_line rl ON rl.return_id = r.id JOIN sale_line l ON l.id = rl.sale_line_id
  WHERE r.business_day BETWEEN :start AND :end GROUP BY l.product_id
) a JOIN product p ON p.id = a.k GROUP BY a.k
"""

# The same over the per-product-per-day rollups (migration 0009) instead of the lines.
SQL_MONTH_BY_PRODUCT_ROLLUPS = SQL_MONTH_BY_PRODUCT.replace("""
  SELECT p.id AS k, SUM(l.qty) AS qty, SUM(l.first_of_product) AS receipts, SUM(l.gross) AS gross,
         SUM(l.line_discount + l.cart_discount) AS discounts, SUM(l.amount) AS sales, 0 AS returned,
         SUM(l.vat_amount) AS vat, SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE l.amount - l.vat_amount END) AS costed,
         SUM(CASE WHEN l.unit_cost IS NULL THEN 0 WHEN l.sold_by_weight THEN (l.unit_cost * l.qty + 500) / 1000
                  ELSE l.unit_cost * l.qty END) AS cost
  FROM product p JOIN sale_line l ON l.product_id = p.id AND l.business_day BETWEEN :start AND :end AND l.counted
  GROUP BY p.id""", """
  SELECT r.product_id AS k, SUM(r.qty) AS qty, SUM(r.receipts) AS receipts, SUM(r.gross) AS gross,
         SUM(r.discounts) AS discounts, SUM(r.amount) AS sales, 0 AS returned, SUM(r.vat) AS vat,
         SUM(r.costed) AS costed, SUM(r.cost) AS cost
  FROM sale_product_day r WHERE r.business_day BETWEEN :start AND :end
  GROUP BY r.product_id HAVING SUM(r.lines) > 0""")
assert SQL_MONTH_BY_PRODUCT_ROLLUPS != SQL_MONTH_BY_PRODUCT

# The same over the per-product-per-month rollups (migration 0012), for a period of one whole month, as one would
# write it for them: one row per product sold (no grouping), the month's few returns joined to it, and the
# products returned but not sold in the month.
# The period's returns by product, as both statements over the month rollups read them.
_RETURNS_BY_PRODUCT = """WITH back AS MATERIALIZED (
  SELECT l.product_id AS k, SUM(rl.qty) AS qty, SUM(rl.amount) AS amount, SUM(rl.vat_amount) AS vat,
         SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE rl.amount - rl.vat_amount END) AS costed,
         SUM(CASE WHEN l.unit_cost IS NULL OR NOT rl.restock THEN 0
                  WHEN l.sold_by_weight THEN (l.unit_cost * rl.qty + 500) / 1000 ELSE l.unit_cost * rl.qty END) AS cost
  FROM sale_return r JOIN return_line rl ON rl.return_id = r.id JOIN sale_line l ON l.id = rl.sale_line_id
  WHERE r.business_day BETWEEN :start AND :end GROUP BY l.product_id)"""

SQL_MONTH_BY_PRODUCT_MONTHS = f"""
{_RETURNS_BY_PRODUCT}
SELECT p.sku, p.name, p.sold_by_weight, m.qty - COALESCE(b.qty, 0), m.receipts, m.gross, m.discounts, m.amount,
       COALESCE(b.amount, 0), m.amount - COALESCE(b.amount, 0), m.vat - COALESCE(b.vat, 0),
       m.cost - COALESCE(b.cost, 0), m.costed - COALESCE(b.costed, 0) - m.cost + COALESCE(b.cost, 0)
FROM sale_product_month m JOIN product p ON p.id = m.product_id LEFT JOIN back b ON b.k = m.product_id
WHERE m.month = substr(:start, 1, 7) AND m.lines > 0
UNION ALL
SELECT p.sku, p.name, p.sold_by_weight, -b.qty, 0, 0, 0, 0, b.amount, -b.amount, -b.vat, -b.cost, b.cost - b.costed
FROM back b JOIN product p ON p.id = b.k
WHERE NOT EXISTS (SELECT 1 FROM sale_product_month m WHERE m.month = substr(:start, 1, 7) AND m.product_id = b.k
                  AND m.lines > 0)
"""

def _half_up(n: str, d: str) -> str:
    """SQL for n / d rounded half away from zero (as the report's percentages are), NULL when d is 0."""
    return (f"CASE WHEN {d} = 0 THEN NULL ELSE (CASE WHEN ({n} < 0) = ({d} < 0) THEN 1 ELSE -1 END) "
            f"* ((2 * abs({n}) + abs({d})) / (2 * abs({d}))) END")


# What the month by product shows, every cell, as one statement over the month rollups (0012): the rows as
# ``SQL_MONTH_BY_PRODUCT_MONTHS`` has them plus the unit, the margin % and the share of net sales (half up, in
# basis points), the totals row last (the receipts of the period counted on the sales, as the report's), in the
# report's order (net sales down, then SKU in code point order). Weighed quantities stay in grams (flag ``w``). The
# period's sums come from the month's rollups and the returns (faster than summing the rows ``r`` once more).
SQL_MONTH_BY_PRODUCT_AS_SHOWN = f"""
{_RETURNS_BY_PRODUCT},
r AS (
  SELECT p.sku, p.name, CASE WHEN p.sold_by_weight THEN 'kg' ELSE p.unit END AS unit, p.sold_by_weight AS w,
         m.qty - COALESCE(b.qty, 0) AS qty, m.receipts, m.gross, m.discounts, m.amount AS sales,
         COALESCE(b.amount, 0) AS returns, m.amount - COALESCE(b.amount, 0) AS net, m.vat - COALESCE(b.vat, 0) AS vat,
         m.cost - COALESCE(b.cost, 0) AS cost, m.costed - COALESCE(b.costed, 0) AS costed
  FROM sale_product_month m JOIN product p ON p.id = m.product_id LEFT JOIN back b ON b.k = m.product_id
  WHERE m.month = substr(:start, 1, 7) AND m.lines > 0
  UNION ALL
  SELECT p.sku, p.name, CASE WHEN p.sold_by_weight THEN 'kg' ELSE p.unit END, p.sold_by_weight, -b.qty, 0, 0, 0, 0,
         b.amount, -b.amount, -b.vat, -b.cost, -b.costed
  FROM back b JOIN product p ON p.id = b.k
  WHERE NOT EXISTS (SELECT 1 FROM sale_product_month m WHERE m.month = substr(:start, 1, 7) AND m.product_id = b.k
                    AND m.lines > 0)),
t AS (
  SELECT m.gross, m.discounts, m.sales, COALESCE(x.returns, 0) AS returns, m.sales - COALESCE(x.returns, 0) AS net,
         m.vat - COALESCE(x.vat, 0) AS vat, m.cost - COALESCE(x.cost, 0) AS cost,
         m.costed - COALESCE(x.costed, 0) AS costed
  FROM (SELECT SUM(gross) AS gross, SUM(discounts) AS discounts, SUM(amount) AS sales, SUM(vat) AS vat,
               SUM(cost) AS cost, SUM(costed) AS costed FROM sale_product_month WHERE month = substr(:start, 1, 7)) m,
       (SELECT SUM(amount) AS returns, SUM(vat) AS vat, SUM(cost) AS cost, SUM(costed) AS costed FROM back) x)
SELECT 0 AS total_row, r.sku COLLATE BINARY AS sku, r.name, r.unit, r.w, r.qty, r.receipts, r.gross, r.discounts,
       r.sales, r.returns, r.net, r.vat, r.cost, r.costed - r.cost,
       {_half_up("(r.costed - r.cost) * 10000", "r.costed")}, {_half_up("r.net * 10000", "t.net")}
FROM r, t
UNION ALL
SELECT 1, 'Total', NULL, NULL, NULL, NULL,
       (SELECT COUNT(*) FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'completed'),
       t.gross, t.discounts, t.sales, t.returns, t.net, t.vat, t.cost, t.costed - t.cost,
       {_half_up("(t.costed - t.cost) * 10000", "t.costed")}, {_half_up("t.net * 10000", "t.net")}
FROM t
ORDER BY total_row, 12 DESC, sku
"""


SQL_YEAR_BY_DAY = """
WITH sold AS (
  SELECT s.business_day AS k, COUNT(*) AS receipts, SUM(s.subtotal) AS gross,
         SUM(s.line_discount + s.cart_discount) AS discounts, SUM(s.total) AS sales, SUM(s.vat_total) AS vat,
         SUM(s.costed_total) AS costed, SUM(s.cost_total) AS cost
  FROM sale s WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' GROUP BY s.business_day),
back AS (
  SELECT r.business_day AS k, SUM(rl.amount) AS amount, SUM(rl.vat_amount) AS vat,
         SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE rl.amount - rl.vat_amount END) AS costed,
         SUM(CASE WHEN l.unit_cost IS NULL OR NOT rl.restock THEN 0
                  WHEN l.sold_by_weight THEN (l.unit_cost * rl.qty + 500) / 1000 ELSE l.unit_cost * rl.qty END) AS cost
  FROM sale_return r JOIN return_line rl ON rl.return_id = r.id JOIN sale_line l ON l.id = rl.sale_line_id
  WHERE r.business_day BETWEEN :start AND :end GROUP BY r.business_day)
SELECT sold.k, sold.receipts, sold.gross, sold.discounts, sold.sales, COALESCE(back.amount, 0),
       sold.sales - COALESCE(back.amount, 0), sold.vat - COALESCE(back.vat, 0), sold.cost - COALESCE(back.cost, 0),
       sold.costed - COALESCE(back.costed, 0) - sold.cost + COALESCE(back.cost, 0)
FROM sold LEFT JOIN back ON back.k = sold.k ORDER BY sold.k
"""


def _paired_ms(first: Callable[[], Any], second: Callable[[], Any], repeat: int) -> tuple[list[float], list[float]]:
    """Times of two pieces of work run alternately, so that a busy moment on a shared machine slows both
    alike instead of whichever happened to be running."""
    first()  # warm the page cache and the statement caches
    second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for work, into in ((first, a), (second, b)):
            t0 = time.perf_counter()
            work()
            into.append((time.perf_counter() - t0) * 1000)
    return a, b


def measure(path: Path, last: date, repeat: int = 15) -> Figures:
    ctx = AppContext.open(AppPaths.resolve(path))
    raw = sqlite3.connect(path)
    month = (last.replace(day=1) - timedelta(days=1)).replace(day=1)  # the last whole month
    month_end = last.replace(day=1) - timedelta(days=1)
    year = (last - timedelta(days=364), last)
    cases = {
        "month_by_product": (month, month_end, "product", SQL_MONTH_BY_PRODUCT),
        "year_by_day": (year[0], year[1], "day", SQL_YEAR_BY_DAY),
    }
    figures = Figures()
    try:
        for name, (start, end, by, sql) in cases.items():
            params = {"start": start.isoformat(), "end": end.isoformat()}
            with ctx.sessions() as session:
                report = sales_report.sales(session, start, end, by)
            hand = raw.execute(sql, params).fetchall()
            _same_figures(report, by, hand)

            def run_report(start: date = start, end: date = end, by: str = by) -> None:
                with ctx.sessions() as session:
                    sales_report.sales(session, start, end, by)

            if by == "product" and has_rollups(raw):
                # The report reads the rollups: its overhead is against hand SQL over the rollups it reads (``_ratio``:
                # the month's, or before migration 0012 the days'); the hand SQL over the lines (what a report had to
                # read before any rollups) and over the day rollups are timed beside it.
                beside = {"lines": sql}
                sql = SQL_MONTH_BY_PRODUCT_ROLLUPS
                if has_rollups(raw, "sale_product_month"):
                    beside["days"] = sql
                    sql = SQL_MONTH_BY_PRODUCT_MONTHS
                _same_figures(report, by, raw.execute(sql, params).fetchall())
                if has_rollups(raw, "sale_product_month"):
                    # ``_ratio`` compares with hand SQL of the rows' sums only; this one computes what the report
                    # shows (every cell, the totals row, the order): ``_ratio_to_sql_as_shown``.
                    shown = SQL_MONTH_BY_PRODUCT_AS_SHOWN
                    _same_figures(report, by, raw.execute(shown, params).fetchall(), as_shown=True)

                    def run_sql_as_shown(p: dict[str, str] = params) -> list[Any]:
                        return raw.execute(SQL_MONTH_BY_PRODUCT_AS_SHOWN, p).fetchall()

                    mine, theirs = _paired_ms(run_report, run_sql_as_shown, repeat)
                    figures[f"{name}_sql_as_shown_ms"] = round(p50(theirs), 1)
                    figures[f"{name}_sql_as_shown_p99_ms"] = round(p99(theirs), 1)
                    figures[f"{name}_ratio_to_sql_as_shown"] = round(p50(mine) / p50(theirs), 2)
                    figures[f"{name}_ratio_to_sql_as_shown_p99"] = round(p99(mine) / p99(theirs), 2)
                for over, other in beside.items():
                    _same_figures(report, by, raw.execute(other, params).fetchall())

                    def run_sql_beside(q: str = other, p: dict[str, str] = params) -> list[Any]:
                        return raw.execute(q, p).fetchall()

                    mine, theirs = _paired_ms(run_report, run_sql_beside, repeat)
                    figures[f"{name}_sql_over_{over}_ms"] = round(p50(theirs), 1)
                    figures[f"{name}_sql_over_{over}_p99_ms"] = round(p99(theirs), 1)
                    figures[f"{name}_ratio_to_sql_over_{over}"] = round(p50(mine) / p50(theirs), 2)
                    figures[f"{name}_ratio_to_sql_over_{over}_p99"] = round(p99(mine) / p99(theirs), 2)

            def run_sql(q: str = sql, p: dict[str, str] = params) -> list[Any]:
                return raw.execute(q, p).fetchall()

            mine, theirs = _paired_ms(run_report, run_sql, repeat)
            figures[f"{name}_ms"] = round(p50(mine), 1)
            figures[f"{name}_sql_ms"] = round(p50(theirs), 1)
            figures[f"{name}_ratio"] = round(p50(mine) / p50(theirs), 2)
            figures[f"{name}_p99_ms"] = round(p99(mine), 1)
            figures[f"{name}_sql_p99_ms"] = round(p99(theirs), 1)
            figures[f"{name}_ratio_p99"] = round(p99(mine) / p99(theirs), 2)
            figures[f"{name}_rows"] = float(len(report.rows))
    finally:
        raw.close()
        ctx.close()
    return figures


def shown_ms(path: Path, start: date, end: date, repeat: int) -> tuple[list[float], list[float]]:
    """Milliseconds from the Reports screen's sales tab asked for sales by product over ``start``..``end`` (its
    "Show") to the report painted, ``repeat`` times, and the process's CPU milliseconds (both threads: what the
    load of the machine does not change): the real ``SalesPanel``, its read on its worker thread, the result handed
    back through the event loop, then a paint of the whole tab."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from showroom_pos.ui.reports import SalesPanel
    from showroom_pos.ui.session import LoggedIn, UiSession
    from showroom_pos.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    ctx = AppContext.open(AppPaths.resolve(path))
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        manager = raw.execute("SELECT id, name FROM \"user\" WHERE role = 'manager' ORDER BY id LIMIT 1").fetchone()
        terminal = raw.execute("SELECT id FROM terminal ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        raw.close()
    runner = TaskRunner()
    panel = SalesPanel(UiSession(ctx, LoggedIn(manager[0], manager[1], "manager", terminal)), runner)
    times: list[float] = []
    cpu: list[float] = []
    try:
        panel.resize(1280, 720)
        panel.show()

        def shown() -> None:  # what "Show" does, waited for until the report is on the screen
            loop = QEventLoop()
            panel.loaded.connect(loop.quit)
            panel.failed.connect(loop.quit)
            panel.refresh()
            loop.exec()
            panel.loaded.disconnect(loop.quit)
            panel.failed.disconnect(loop.quit)
            app.processEvents()  # what the showing queued (the header's deferred fitting of its columns)
            panel.grab()

        while panel.pending:  # the tab loads this month when made
            app.processEvents()
            time.sleep(0.01)
        panel.choose("sales", "product")
        panel.period.set_period(start, end)
        shown()  # warm, and checked
        if panel.report is None or panel.report.by != "product" or panel.report.start != start:
            raise AssertionError("the sales tab did not show the month by product")
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            shown()
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    finally:
        panel.release()
        panel.deleteLater()
        runner.shutdown()
        ctx.close()
    return times, cpu


def home_ms(path: Path, repeat: int) -> list[float]:
    """Milliseconds of what the Home screen reads each time it is shown (``dashboard.today``: today's figures, the
    shift, the top products, the stock alerts and their counts), on the GUI thread: 0.7–0.9 s on this file before
    session 12 (the alerts read every product and twice the whole ledger), ~20 ms after."""
    from showroom_pos.services import dashboard

    ctx = AppContext.open(AppPaths.resolve(path))
    times: list[float] = []
    try:
        for _ in range(repeat + 1):
            with ctx.sessions() as session:
                t0 = time.perf_counter()
                dashboard.today(session, 1)
                times.append((time.perf_counter() - t0) * 1000)
    finally:
        ctx.close()
    return times[1:]  # the first warms the caches


def export_s(path: Path, start: date, end: date) -> dict[str, float]:
    """Seconds to write the month by product as the Reports screen's buttons do (``report_export.write``, on its
    worker thread), once each: ``month_by_product_xlsx_s`` / ``_csv_s`` / ``_pdf_s``."""
    import tempfile

    from showroom_pos.services import report_export

    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        with ctx.read_sessions() as session:
            report = sales_report.sales(session, start, end, "product")
    finally:
        ctx.close()
    seconds = {}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("xlsx", "csv", "pdf"):
            t0 = time.perf_counter()
            report_export.write(report, fmt, Path(folder) / f"month.{fmt}")
            seconds[f"month_by_product_{fmt}_s"] = round(time.perf_counter() - t0, 2)
    return seconds


def _same_figures(report: Report, by: str, hand: list[tuple[Any, ...]], as_shown: bool = False) -> None:
    """The report and the hand-written statement must agree to the đồng before either is timed: the money cells
    of each row, or ``as_shown`` (``SQL_MONTH_BY_PRODUCT_AS_SHOWN``) every cell of every row, in the report's
    order, and the totals row."""
    if as_shown:
        *rows, total = hand
        shown = [(sku, name, unit, Decimal(qty) / 1000 if weighed else qty, *cells)
                  for _, sku, name, unit, weighed, qty, *cells in rows]
        if [*report.rows, report.totals] != [*shown, (*total[1:4], *total[5:])]:  # the totals row: no weighed flag
            diff = [i for i, (a, b) in enumerate(zip(report.rows, shown, strict=False)) if a != b][:5]
            raise AssertionError(f"report and hand-written SQL disagree (as shown) on rows {diff} or the totals: "
                                 f"{report.totals} vs {total}")
        return
    money = ("receipts", "gross", "discounts", "sales", "returns", "net", "vat", "cost", "margin")
    if by == "product":
        mine = {r[0]: tuple(r[report.index(k)] for k in money) for r in report.rows}
        theirs = {h[0]: tuple(h[4:13]) for h in hand}
    else:
        mine = {r[0].isoformat(): tuple(r[report.index(k)] for k in money) for r in report.rows if r[1]}
        theirs = {h[0]: tuple(h[1:10]) for h in hand}
    if mine != theirs:
        diff = [k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k)][:5]
        raise AssertionError(f"report and hand-written SQL disagree on {by}: {diff}")


def run(quick: bool) -> Figures:
    """On the big file (``big_file``: 50,000 products, 1,000,000 lines; ``--quick``: 2,000 and 20,000)."""
    from benchmarks import big_file

    path, built = big_file.big_file(quick)
    last = big_file.last_day(path)
    figures = Figures()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        figures["sale_lines"] = conn.execute("SELECT COUNT(*) FROM sale_line").fetchone()[0]
        figures["products"] = conn.execute("SELECT COUNT(*) FROM product").fetchone()[0]
    finally:
        conn.close()
    figures["build_s"] = round(built, 1)
    figures["db_mb"] = round(path.stat().st_size / 1e6, 1)
    figures.update(measure(path, last, repeat=5 if quick else 15))
    month_end = last.replace(day=1) - timedelta(days=1)
    shown, cpu = shown_ms(path, month_end.replace(day=1), month_end, repeat=3 if quick else 9)
    figures["month_by_product_shown_ms"] = round(p50(shown), 1)
    figures["month_by_product_shown_p99_ms"] = round(p99(shown), 1)
    figures["month_by_product_shown_cpu_ms"] = round(p50(cpu), 1)
    figures.update(export_s(path, month_end.replace(day=1), month_end))
    home = home_ms(path, repeat=5 if quick else 15)
    figures["home_today_ms"] = round(p50(home), 1)
    figures["home_today_p99_ms"] = round(p99(home), 1)
    if not quick:  # a smoke run: the budgets are for a million lines
        figures["within_budget"] = float(
            figures["month_by_product_ms"] <= MONTH_BUDGET_MS and figures["year_by_day_ms"] <= YEAR_BUDGET_MS
            and all(figures[f"{name}_ratio{q}"] <= RATIO_BUDGET
                    for name in ("month_by_product", "year_by_day") for q in ("", "_p99")))
    out = Figures()
    for key, value in figures.items():  # one namespace among all the benchmarks
        out[f"reports_{key}"] = value
        out.loads[f"reports_{key}"] = figures.loads[key]
    return out


if __name__ == "__main__":
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key:28} {value:>12}")
