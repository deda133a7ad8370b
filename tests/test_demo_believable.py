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
        tax_code = conn.execute("SELECT tax_code FROM outlet").fetchone()[0]
        shorts = conn.execute("SELECT count(*) FROM shift WHERE closed_at IS NOT NULL "
                              "AND counted_cash <> expected_cash").fetchone()[0]
        closed = conn.execute("SELECT count(*) FROM shift WHERE closed_at IS NOT NULL").fetchone()[0]
        opened = conn.execute("SELECT opened_at FROM shift WHERE closed_at IS NULL").fetchone()[0]
        rounded = conn.execute("SELECT count(*) FROM sale WHERE cash_rounding <> 0").fetchone()[0]
    assert mst.is_valid(tax_code)
    assert closed >= 20 and shorts == 0
    assert rounded > 0  # weighed goods paid in cash were rounded, and the drawers still balance
    assert opened[:19] <= now_utc().strftime("%Y-%m-%d %H:%M:%S")
