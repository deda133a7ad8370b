"""The cold start with the PIN typed at once (issue 17): the product index read from its covering index as
SQLite makes it."""

from __future__ import annotations

import sqlite3

from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services.catalogue import product_fields, products
from showroom_pos.services.till import product_lookup
from showroom_pos.services.till.product_lookup import ProductIndex
from showroom_pos.storage.models import Product
from tests.conftest import Outlet


def test_the_index_lines_are_what_search_line_makes(sessions: sessionmaker[Session], outlet: Outlet,
                                                    app_context: AppContext) -> None:
    """SQLite makes the search lines; a product without a folded name or with a SKU beyond ASCII gets its line
    from ``search_line``, as every line did before."""
    with sessions.begin() as s:
        products.add_product(s, product_fields.ProductInput(sku="BÁNH-PÍA", name="Bánh pía Sóc Trăng", price=1000))
        products.add_product(s, product_fields.ProductInput(sku="KD-01", name="Kẹo dừa Bến Tre", price=1000))
        products.add_product(s, product_fields.ProductInput(sku="Off-1", name="Ngừng bán", price=1000, active=False))
    conn = sqlite3.connect(app_context.paths.database)
    conn.execute("UPDATE product SET name_folded = '' WHERE sku = 'KD-01'")  # as a writer other than ours left it
    conn.commit()
    conn.close()
    with sessions() as s:
        index = ProductIndex.load(s)
        rows = s.query(Product.id, Product.name_folded, Product.name, Product.sku).filter(Product.active).all()
    expected = sorted((product_lookup.search_line(folded, name, sku), pid) for pid, folded, name, sku in rows)
    lines = index._text.decode().splitlines(keepends=True)
    assert sorted(zip(lines, index._entry_ids, strict=True)) == expected
    assert [index._text[start:].split(b"\n", 1)[0].decode() + "\n" for start in index._starts] == lines
    assert "banh-pia" in index._text.decode()  # the SKU folded, as ``fold`` does
    assert [p.sku for p in index.search("keo dua")] == ["KD-01"]
    assert [p.sku for p in index.search("banh pia")] == ["BÁNH-PÍA"]
    assert index.search("ngung ban") == []


def test_the_index_is_read_from_its_covering_index_whatever_analyze_said(
        app_context: AppContext, outlet: Outlet) -> None:
    """With the statistics ANALYZE left on a large catalogue, SQLite 3.40 preferred ``ix_product_name_folded``
    and read every product's row (3 times slower at 50,000 products): the query names its index."""
    conn = sqlite3.connect(app_context.paths.database)
    conn.execute("ANALYZE")
    conn.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'product'")
    conn.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('product', ?, ?)",
                     [("ix_product_search", "50000 1 1 1"), ("ix_product_name_folded", "50000 1"),
                      ("ix_product_sku_nocase", "50000 1"), ("ix_product_producer_id", "50000 834")])
    conn.commit()
    conn.close()
    conn = sqlite3.connect(app_context.paths.database)  # statistics are read when a connection opens
    try:
        plan = " ".join(str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + product_lookup._SEARCH_SQL))
    finally:
        conn.close()
    assert "USING INDEX ix_product_search" in plan and "TEMP B-TREE" not in plan, plan
