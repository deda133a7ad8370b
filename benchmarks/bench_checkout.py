"""Checkout speed (issue 3), measured end to end on a database of realistic size.

The catalogue (50,000 products) and the history (1,000,000 sale lines in 200,000 sales over two
years, with their payments, stock movements, audit events and outbox rows) are written by bulk SQL,
not through the sale service, so that building them takes seconds; historical lines carry no unit
cost. ``--quick`` uses 2,000 products and 20,000 lines.

Figures:
- ``scan_to_line_p99_ms``: key events at scanner speed (4 ms apart, Enter last) sent through the
  application to the real checkout screen, alternately with the focus in the search and in the
  quantity box, until the line is in the cart model and painted. Carts grow to 100 lines. Also at
  1,000 products and for carts of 1–10 vs 91–100 lines, to show it is flat.
- ``search_p99_ms``: every prefix of product names and SKUs typed into the search box (folded and
  accented), until the results list is filled and painted.
- ``complete_5_line_sale_p99_ms`` vs ``bare_sqlite_5_line_sale_p99_ms``: ``checkout.complete_checkout``
  and its commit, against one plain ``sqlite3`` transaction inserting the same rows (sale, 5 lines,
  payment, 5 movements, 5 on-hand updates, audit event, outbox touch) on the same file with the same
  pragmas (WAL, synchronous=FULL, foreign keys); run alternately.
- ``checkout_db_cold_start_to_checkout_s``, ``checkout_db_peak_memory_mb`` and the rest of
  ``bench_startup``'s figures: the real app started on this database (launch, PIN, scans, searches, a
  sale printed to a file); the OS file cache is warm.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import bench_startup

SCANNER_GAP_MS = 4
FULL = {"products": 50_000, "sale_lines": 1_000_000, "scans": 600, "queries": 150, "sales": 200}
QUICK = {"products": 2_000, "sale_lines": 20_000, "scans": 60, "queries": 6, "sales": 20}

WORDS_A = ("Trà", "Mứt", "Bánh", "Kẹo", "Mắm", "Nước", "Rượu", "Gạo", "Khô", "Tương", "Yến", "Mật ong", "Đông trùng")
WORDS_B = ("mãng cầu", "sầu riêng", "dừa", "thanh long", "vú sữa", "xoài", "mít", "tôm chà", "cá lóc", "gừng",
           "sen", "bưởi", "chôm chôm", "hạ thảo")
PLACES = ("Gò Công", "Cái Bè", "Cai Lậy", "Mỹ Tho", "Chợ Gạo", "Tân Phước", "Châu Thành", "Lai Vung", "Đồng Tháp")
SIZES = ("100 g", "200 g", "250 g", "500 g", "1 kg", "330 ml", "500 ml", "hộp quà")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- the database ---------------------------------------------------------------------------------------


def build_database(path: Path, products: int, sale_lines: int, seed: int = 3) -> dict[str, Any]:
    """Migrate, set up the outlet through the services, then bulk-load catalogue and history."""
    from showroom_pos.app.context import AppContext
    from showroom_pos.app.paths import AppPaths
    from showroom_pos.core.barcode import with_check_digit
    from showroom_pos.core.text import fold
    from showroom_pos.services import settings, setup, users
    from showroom_pos.storage.models import Terminal

    rng = random.Random(seed)
    ctx = AppContext.open(AppPaths.resolve(path))
    with ctx.sessions.begin() as s:
        _shop, till, admin = setup.set_up_outlet(s, outlet_code="CL01", outlet_name="Điểm OCOP Mỹ Tho",
                                                 admin_name="Quản trị", admin_pin="9999")
        settings.set(s, "printer.connection", f"file:{path.parent / 'receipts.bin'}", user_id=admin.id)
        cashier = users.create_user(s, "Trần Văn Minh", "cashier", "1357")
        bare = Terminal(outlet_id=till.outlet_id, code="BARE", name="bare sqlite")
        s.add(bare)
        s.flush()
        ids = {"terminal_id": till.id, "cashier_id": cashier.id, "admin_id": admin.id, "bare_terminal_id": bare.id}
    ctx.close()

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")  # random UUID keys: keep the B-trees in memory while loading
    conn.execute("BEGIN")
    now = datetime.now().strftime("%Y-%m-%d %H:%M:%S.000000")
    catalogue = []
    for n in range(1, products + 1):
        name = f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {rng.choice(PLACES)} {rng.choice(SIZES)} #{n}"
        catalogue.append((n, f"SIM-{n:06d}", name, fold(name), rng.randrange(10, 500) * 1000))
    conn.executemany(
        "INSERT INTO product (id, sku, name, name_folded, unit, sold_by_weight, price, vat_category, consigned, "
        "reorder_level, on_hand, active, stars, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'cái', 0, ?, 'standard', 0, 0, 0, 1, 4, ?, ?)",
        [(*row, now, now) for row in catalogue],
    )
    conn.executemany("INSERT INTO product_barcode (product_id, code) VALUES (?, ?)",
                     [(n, with_check_digit(f"8939{n:08d}")) for n in range(1, products + 1)])
    first_day = date.today() - timedelta(days=730)
    conn.executemany(
        "INSERT INTO stock_movement (id, product_id, kind, qty, reason, business_day, created_at) "
        "VALUES (?, ?, 'receipt', 100000, 'benchmark', ?, ?)",
        [(str(uuid.uuid4()), n, first_day.isoformat(), now) for n in range(1, products + 1)],
    )
    sales_count = sale_lines // 5
    per_day = max(1, sales_count // 730)
    sale_rows, line_rows, pay_rows, move_rows, audit_rows = [], [], [], [], []
    days: set[str] = set()
    for i in range(sales_count):
        day = first_day + timedelta(days=i // per_day)
        seq = i % per_day + 1
        sale_id = str(uuid.uuid4())
        total = 0
        for line_no in range(1, 6):
            n = rng.randrange(1, products + 1)
            price = catalogue[n - 1][4]
            vat = price * 800 // 10800
            total += price
            line_rows.append((sale_id, line_no, n, catalogue[n - 1][1], catalogue[n - 1][2], price, price, price,
                              price, vat))
            move_rows.append((str(uuid.uuid4()), n, sale_id, day.isoformat(), now))
        vat_total = sum(r[9] for r in line_rows[-5:])
        sale_rows.append((sale_id, f"CL01-{day:%y%m%d}-{seq:04d}", ids["terminal_id"], seq, day.isoformat(),
                          ids["cashier_id"], now, total, vat_total, total, total))
        pay_rows.append((sale_id, total, total))
        audit_rows.append((now, ids["cashier_id"], ids["terminal_id"], sale_id))
        days.add(day.isoformat())
    conn.executemany(
        "INSERT INTO sale (id, receipt_no, terminal_id, receipt_seq, business_day, user_id, created_at, status, "
        "subtotal, line_discount, cart_discount, vat_total, total, paid, change_due, printed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'completed', ?, 0, 0, ?, ?, ?, 0, 1)", sale_rows)
    conn.executemany(
        "INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, unit, sold_by_weight, qty, unit_price, "
        "list_price, gross, line_discount, cart_discount, amount, vat_rate_bp, vat_amount, consigned) "
        "VALUES (?, ?, ?, ?, ?, 'cái', 0, 1, ?, ?, ?, 0, 0, ?, 800, ?, 0)", line_rows)
    conn.executemany("INSERT INTO payment (sale_id, method, amount, tendered, reference) "
                     "VALUES (?, 'cash', ?, ?, '')", pay_rows)
    conn.executemany(
        "INSERT INTO stock_movement (id, product_id, kind, qty, reason, ref_type, ref_id, business_day, created_at) "
        "VALUES (?, ?, 'sale', -1, '', 'sale', ?, ?, ?)", move_rows)
    conn.executemany(
        "INSERT INTO audit_event (at, kind, user_id, terminal_id, entity, entity_id, details) "
        "VALUES (?, 'sale.completed', ?, ?, 'sale', ?, '{}')", audit_rows)
    conn.executemany(
        "INSERT INTO outbox (id, kind, business_day, revision, status, attempts, last_error, created_at) "
        "VALUES (?, 'daily_summary', ?, 1, 'sent', 1, '', ?)", [(str(uuid.uuid4()), d, now) for d in sorted(days)])
    conn.execute("UPDATE product SET on_hand = 100000 - (SELECT COUNT(*) FROM sale_line l WHERE l.product_id = "
                 "product.id)")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    ids["barcodes"] = [with_check_digit(f"8939{n:08d}") for n in range(1, products + 1)]
    ids["names"] = [row[2] for row in catalogue]
    ids["skus"] = [row[1] for row in catalogue]
    return ids


# --- in-process measurements ------------------------------------------------------------------------


def _qt_app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from showroom_pos.app.main import make_qt_app

    return make_qt_app()


def _screen(path: Path, ids: dict[str, Any], open_shift: bool = True) -> tuple[Any, Any, Any]:
    from showroom_pos.app.context import AppContext
    from showroom_pos.app.paths import AppPaths
    from showroom_pos.services import shifts
    from showroom_pos.services.context import Actor
    from showroom_pos.ui.checkout import CheckoutScreen
    from showroom_pos.ui.session import Events, LoggedIn, UiSession

    ctx = AppContext.open(AppPaths.resolve(path))
    if open_shift:
        with ctx.sessions.begin() as s:
            if shifts.open_shift_for(s, ids["terminal_id"]) is None:
                shifts.open_shift(s, Actor(ids["cashier_id"], ids["terminal_id"], "cashier"), 500_000)
    ui = UiSession(ctx, LoggedIn(ids["cashier_id"], "Trần Văn Minh", "cashier", ids["terminal_id"]), Events())
    screen = CheckoutScreen(ui, approve=lambda _action: ids["admin_id"])
    screen.resize(1280, 800)
    screen.show()
    return ctx, ui, screen


def send_scan(app: Any, widget: Any, code: str, clock: list[int]) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    clock[0] += 500  # the trigger is pulled a moment after the previous scan
    for ch in [*code, "\r"]:
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper()))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(clock[0])
            app.sendEvent(widget, event)
        clock[0] += SCANNER_GAP_MS


def measure_scans(app: Any, screen: Any, barcodes: list[str], count: int, rng: random.Random) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"all": [], "small_cart": [], "large_cart": [], "painted": []}
    clock = [10_000_000]
    for i in range(count):
        if len(screen.cart) >= 100:
            screen.cart.clear()
            screen._changed(None)
        app.processEvents()
        screen.persist_now()  # the cart is written between scans, as between real ones
        size = len(screen.cart)
        code = rng.choice(barcodes)
        target = screen.search if i % 2 == 0 else screen.qty
        target.setFocus()
        before = sum(ln.qty for ln in screen.cart.lines)
        started = time.perf_counter()
        send_scan(app, target, code, clock)
        elapsed = (time.perf_counter() - started) * 1000  # the line is in the cart and its model
        app.processEvents()
        out["painted"].append((time.perf_counter() - started) * 1000)  # and on the screen
        assert sum(ln.qty for ln in screen.cart.lines) == before + 1, screen.message.text()
        out["all"].append(elapsed)
        if size < 10:
            out["small_cart"].append(elapsed)
        elif size >= 90:
            out["large_cart"].append(elapsed)
    screen.cart.clear()
    screen._changed(None)
    screen.persist_now()
    return out


def measure_search(app: Any, screen: Any, names: list[str], skus: list[str], count: int,
                   rng: random.Random) -> list[float]:
    from showroom_pos.core.text import fold

    queries: list[str] = []
    for _ in range(count):
        name = rng.choice(names)
        words = name.split()[:3]
        text = " ".join(words) if rng.random() < 0.5 else fold(" ".join(words))
        queries += [text[:k] for k in range(1, len(text) + 1)]
        sku = rng.choice(skus)
        queries += [sku[:k] for k in range(1, len(sku) + 1)]
    queries += ["zzzz", "xyz khong co", "d", "đ"]
    times = []
    for q in queries:
        started = time.perf_counter()
        screen.search.setText(q)
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    screen.search.clear()
    app.processEvents()
    return times


BARE_SALE = ("INSERT INTO sale (id, receipt_no, terminal_id, receipt_seq, business_day, shift_id, user_id, created_at, "
             "status, subtotal, line_discount, cart_discount, vat_total, total, paid, change_due, printed) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'completed', ?, 0, 0, ?, ?, ?, ?, 0)")
BARE_LINE = ("INSERT INTO sale_line (sale_id, line_no, product_id, sku, barcode, name, unit, sold_by_weight, qty, "
             "unit_price, list_price, gross, line_discount, cart_discount, amount, vat_rate_bp, vat_amount, "
             "stars, consigned) VALUES (?, ?, ?, ?, ?, ?, 'cái', 0, 1, ?, ?, ?, 0, 0, ?, 800, ?, 4, 0)")
BARE_MOVE = ("INSERT INTO stock_movement (id, product_id, kind, qty, reason, ref_type, ref_id, user_id, business_day, "
             "created_at) VALUES (?, ?, 'sale', -1, '', 'sale', ?, ?, ?, ?)")


def measure_sales(path: Path, ui: Any, ids: dict[str, Any], index: Any, count: int,
                  rng: random.Random) -> tuple[list[float], list[float]]:
    from showroom_pos.core.clock import business_day
    from showroom_pos.services import checkout
    from showroom_pos.services.sales import PaymentIn

    ctx_scan = ui.read(checkout.load_scan_context)
    limit = ui.read(checkout.discount_limit)
    bare = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 10000"):
        bare.execute(f"PRAGMA {pragma}")
    shift_id = bare.execute("SELECT id FROM shift WHERE closed_at IS NULL").fetchone()[0]
    ours, plain = [], []
    day = business_day().isoformat()
    for i in range(count):
        codes = rng.sample(ids["barcodes"], 5)
        cart = checkout.Cart()
        for code in codes:
            cart.add(checkout.line_for_scan(index, code, ctx_scan))
        total = cart.totals().total
        started = time.perf_counter()
        with ui.transaction() as session:
            checkout.complete_checkout(session, ui.user.actor, cart, [PaymentIn("cash", total)],
                                       limit_percent=limit)  # the screen keeps the limit, as here
        ours.append((time.perf_counter() - started) * 1000)

        now = datetime.now().isoformat(" ")
        sale_id = str(uuid.uuid4())
        lines = [index.by_code(c) for c in codes]
        assert all(lines)
        started = time.perf_counter()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute(BARE_SALE, (sale_id, f"BARE-{i:08d}", ids["bare_terminal_id"], i + 1, day, shift_id,
                                 ids["cashier_id"], now, total, 0, total, total, 0))
        bare.executemany(BARE_LINE, [(sale_id, n, p.id, p.sku, c, p.name, p.price, p.price, p.price, p.price,
                                      p.price * 800 // 10800) for n, (p, c) in enumerate(zip(lines, codes,
                                                                                             strict=True), 1)])
        bare.execute("INSERT INTO payment (sale_id, method, amount, tendered, reference) VALUES (?, 'cash', ?, ?, '')",
                     (sale_id, total, total))
        bare.executemany(BARE_MOVE, [(str(uuid.uuid4()), p.id, sale_id, ids["cashier_id"], day, now) for p in lines])
        bare.executemany("UPDATE product SET on_hand = on_hand - 1 WHERE id = ?", [(p.id,) for p in lines])
        bare.execute("INSERT INTO audit_event (at, kind, user_id, terminal_id, entity, entity_id, details) "
                     "VALUES (?, 'sale.completed', ?, ?, 'sale', ?, '{}')",
                     (now, ids["cashier_id"], ids["bare_terminal_id"], sale_id))
        bare.execute("SELECT id FROM outbox WHERE kind = 'daily_summary' AND business_day = ? AND status = 'pending' "
                     "AND payload IS NULL", (day,)).fetchall()
        bare.execute("COMMIT")
        plain.append((time.perf_counter() - started) * 1000)
    bare.close()
    return ours, plain


# --- the run ------------------------------------------------------------------------------------------


def run(quick: bool) -> dict[str, float]:
    sizes = QUICK if quick else FULL
    rng = random.Random(11)
    app = _qt_app()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-checkout-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        big = folder / "big.db"
        ids = build_database(big, sizes["products"], sizes["sale_lines"])
        figures["checkout_build_database_s"] = time.perf_counter() - started
        small = folder / "small.db"
        small_ids = build_database(small, 1_000, 1_000)

        ctx, ui, screen = _screen(big, ids)
        try:
            scans = measure_scans(app, screen, ids["barcodes"], sizes["scans"], rng)
            searches = measure_search(app, screen, ids["names"], ids["skus"], sizes["queries"], rng)
            ours, bare = measure_sales(big, ui, ids, screen.index, sizes["sales"], rng)
        finally:
            screen.shutdown()
            screen.deleteLater()
            app.processEvents()
            ctx.close()
        ctx2, _ui2, screen2 = _screen(small, small_ids)
        try:
            small_scans = measure_scans(app, screen2, small_ids["barcodes"], sizes["scans"] // 2, rng)
        finally:
            screen2.shutdown()
            screen2.deleteLater()
            app.processEvents()
            ctx2.close()
        # The real app on this database: launch, PIN, 40 scans, searches, a printed sale (bench_startup).
        started_up = bench_startup.measure(big, ids["cashier_id"], rng.sample(ids["barcodes"], 40), 1 if quick else 5)

    figures.update({
        "checkout_products": float(sizes["products"]),
        "checkout_history_sale_lines": float(sizes["sale_lines"]),
        "scan_to_line_p50_ms": statistics.median(scans["all"]),
        "scan_to_line_p99_ms": pct(scans["all"], 0.99),
        "scan_to_line_p99_ms_ratio_to_8ms_target": pct(scans["all"], 0.99) / 8.0,
        "scan_to_painted_p99_ms": pct(scans["painted"], 0.99),
        "scan_to_line_p99_ms_cart_1_to_10_lines": pct(scans["small_cart"], 0.99),
        "scan_to_line_p99_ms_cart_91_to_100_lines": pct(scans["large_cart"], 0.99) if scans["large_cart"] else 0.0,
        "scan_to_line_p99_ms_1000_products": pct(small_scans["all"], 0.99),
        "search_p50_ms": statistics.median(searches),
        "search_p99_ms": pct(searches, 0.99),
        "search_p99_ms_ratio_to_15ms_target": pct(searches, 0.99) / 15.0,
        "complete_5_line_sale_p50_ms": statistics.median(ours),
        "complete_5_line_sale_p99_ms": pct(ours, 0.99),
        "bare_sqlite_5_line_sale_p50_ms": statistics.median(bare),
        "bare_sqlite_5_line_sale_p99_ms": pct(bare, 0.99),
        "complete_sale_p99_ratio_to_bare_sqlite": pct(ours, 0.99) / pct(bare, 0.99),
    })
    figures.update({f"checkout_db_{name}": value for name, value in started_up.items()})
    return figures


if __name__ == "__main__":
    for name, value in run("--quick" in sys.argv).items():
        print(f"{name:60} {value:12.3f}")
