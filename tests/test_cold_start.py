"""The cold start (issue 17): the product index read from its covering index whatever ANALYZE said."""

from __future__ import annotations

import sqlite3

from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services.till import product_lookup
from showroom_pos.services.till.product_lookup import ProductIndex
from tests.conftest import Outlet


def test_the_index_is_read_from_its_covering_index_whatever_analyze_said(
        sessions: sessionmaker[Session], app_context: AppContext, outlet: Outlet) -> None:
    """With the statistics ANALYZE left on a large catalogue (the big benchmark file's), SQLite 3.40 preferred
    ``ix_product_name_folded`` and read every product's row (3 times slower at 50,000 products): the query names
    its index. Without that index (dropped by hand) the same rows come sorted."""
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
    app_context.dispose()
    with sessions() as s:
        expected = ProductIndex.load(s)
    conn = sqlite3.connect(app_context.paths.database)
    conn.execute("DROP INDEX ix_product_search")
    conn.commit()
    conn.close()
    app_context.dispose()
    with sessions() as s:
        index = ProductIndex.load(s)
    assert index._text == expected._text and list(index._entry_ids) == list(expected._entry_ids)
    assert [p.sku for p in index.search("mam tom")] == ["HD-MAMTOM"]
