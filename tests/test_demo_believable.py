"""Issue 14: a demo a manager would believe — stock received before it is sold, VAT per DOMAIN.md, a valid tax
code, shifts that close without phantom shortages, today's shift opened before now."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from stdnum.vn import mst

from showroom_pos.app.cli import main
from showroom_pos.core.clock import now_utc


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo14") / "demo.db"
    assert main(["demo", "--db", str(path), "--days", "21"]) == 0
    return path


def test_no_product_ever_goes_below_zero(demo: Path) -> None:
    with sqlite3.connect(demo) as conn:
        assert conn.execute("SELECT count(*) FROM product WHERE on_hand < 0").fetchone()[0] == 0
        # Day by day, what was received up to a day covers what was sold up to it.
        low = conn.execute("""
            SELECT product_id, day, running FROM (
              SELECT product_id, business_day AS day,
                     SUM(SUM(qty)) OVER (PARTITION BY product_id ORDER BY business_day) AS running
              FROM stock_movement GROUP BY product_id, business_day)
            WHERE running < 0""").fetchall()
    assert low == []


def test_vat_rates_follow_the_law(demo: Path) -> None:
    with sqlite3.connect(demo) as conn:
        rates = dict(conn.execute("SELECT sku, vat_category FROM product").fetchall())
    for sku in ("HK-VD20-5K", "BN-CAINGONG", "GC-TRUNG-10", "TCT-XOAI-1K", "TL-RUOT-DO"):  # rice, veg, eggs, fruit
        assert rates[sku] == "reduced", sku
    for sku in ("TRV-TMC-100", "KD-KEODUA", "HD-MAMTOM", "TL-SAY", "KD-GIOLAC"):  # tea, candy, sauce, dried, craft
        assert rates[sku] == "standard", sku


def test_the_tax_code_is_valid_and_shifts_balance(demo: Path) -> None:
    with sqlite3.connect(demo) as conn:
        tax_code, commune, address = conn.execute("SELECT tax_code, commune, address FROM outlet").fetchone()
        shorts = conn.execute("SELECT count(*) FROM shift WHERE closed_at IS NOT NULL "
                              "AND counted_cash <> expected_cash").fetchone()[0]
        closed = conn.execute("SELECT count(*) FROM shift WHERE closed_at IS NOT NULL").fetchone()[0]
        opened = conn.execute("SELECT opened_at FROM shift WHERE closed_at IS NULL").fetchone()[0]
        rounded = conn.execute("SELECT count(*) FROM sale WHERE cash_rounding <> 0").fetchone()[0]
    assert mst.is_valid(tax_code)
    assert commune == "Phường Mỹ Tho" and commune.lower() in address.lower()  # the Settings screen's ward was empty
    assert closed >= 20 and shorts == 0
    assert rounded > 0  # weighed goods paid in cash were rounded, and the drawers still balance
    assert opened[:19] <= now_utc().strftime("%Y-%m-%d %H:%M:%S")


def test_stock_arrives_on_goods_receipts_so_statements_add_up(demo: Path) -> None:
    """The demo's stock comes on goods receipts from each product's producer (consigned goods on consigned
    receipts), never as bare ledger lines: a manager opening last month's consignment statement sees it add up
    with nothing under "other"."""
    from datetime import timedelta

    from showroom_pos.core.clock import business_day
    from showroom_pos.services import settlement
    from showroom_pos.storage.database import make_engine, session_factory

    with sqlite3.connect(demo) as conn:
        bare = conn.execute("SELECT count(*) FROM stock_movement WHERE kind = 'receipt' AND "
                            "(ref_type IS NOT 'goods_receipt' OR ref_id IS NULL)").fetchone()[0]
        wrong = conn.execute("""SELECT count(*) FROM goods_receipt_line l JOIN goods_receipt g ON g.id = l.receipt_id
                                JOIN product p ON p.id = l.product_id
                                WHERE g.producer_id IS NOT p.producer_id OR g.consigned <> p.consigned""").fetchone()[0]
        consignors = [r[0] for r in conn.execute("SELECT DISTINCT producer_id FROM product WHERE consigned")]
    assert bare == 0 and wrong == 0 and consignors
    engine = make_engine(demo, read_only=True)
    try:
        with session_factory(engine)() as s:
            for producer_id in consignors:
                st = settlement.compute(s, producer_id, business_day() - timedelta(days=21), business_day())
                assert st.lines and st.other == 0, (producer_id, [(ln.sku, ln.other) for ln in st.lines])
    finally:
        engine.dispose()


def test_the_history_is_stamped_when_it_happened_not_when_the_demo_was_made(demo: Path) -> None:
    """The stock ledger and the audit log list a sale of three weeks ago at its own time (they listed every sale,
    delivery and shift of the demo at the minute the demo was made); a delivery on the morning of its day."""
    with sqlite3.connect(demo) as conn:
        off = conn.execute("""
            SELECT count(*) FROM sale s JOIN stock_movement m ON m.ref_type = 'sale' AND m.ref_id = s.id
            WHERE m.created_at <> s.created_at""").fetchone()[0]
        logged = conn.execute("""
            SELECT count(*), sum(a.at = s.created_at) FROM sale s
            JOIN audit_event a ON a.kind = 'sale.completed' AND a.entity_id = s.id""").fetchone()
        received = conn.execute("""
            SELECT count(*), sum(date(m.created_at, '+7 hours') = m.business_day) FROM goods_receipt g
            JOIN stock_movement m ON m.ref_type = 'goods_receipt' AND m.ref_id = g.id""").fetchone()
        shifts = conn.execute("""
            SELECT count(*), sum(a.at = sh.opened_at) FROM shift sh
            JOIN audit_event a ON a.kind = 'shift.opened' AND a.entity_id = sh.id""").fetchone()
        days = conn.execute("SELECT count(DISTINCT date(at)) FROM audit_event").fetchone()[0]
        # The showroom's set-up (its administrator, users, bank and printer settings) the morning it opened, before
        # its first delivery: it was listed after three weeks of sales, at the minute the demo was made.
        set_up = conn.execute("""SELECT min(at), max(at) FROM audit_event
                                 WHERE kind IN ('outlet.set_up', 'user.created', 'setting.changed')""").fetchone()
        first_other = conn.execute("""SELECT min(at) FROM audit_event WHERE kind NOT IN
                                      ('outlet.set_up', 'user.created', 'setting.changed')""").fetchone()
    assert set_up[0] == set_up[1] and set_up[1] <= first_other[0]
    assert off == 0
    assert logged[0] > 300 and logged[1] == logged[0]
    assert received[0] > 20 and received[1] == received[0]
    assert shifts[0] >= 21 and shifts[1] == shifts[0]
    assert days >= 21


def test_deliveries_are_posted_by_the_manager(demo: Path) -> None:
    """The stock card and the goods receipts name who posted each delivery, as a manager's would (the demo's
    deliveries had no one: "Người thực hiện" stood empty on every receipt line)."""
    with sqlite3.connect(demo) as conn:
        posted_by = conn.execute("""SELECT DISTINCT u.name, u.role FROM stock_movement m LEFT JOIN "user" u
                                    ON u.id = m.user_id WHERE m.kind = 'receipt'""").fetchall()
        receipts_by = conn.execute("""SELECT DISTINCT u.role FROM goods_receipt g LEFT JOIN "user" u
                                      ON u.id = g.user_id""").fetchall()
    assert posted_by == [("Nguyễn Thị Lan", "manager")]
    assert receipts_by == [("manager",)]

