"""Opening the database: pragmas, migrations to head, a copy before upgrading, corrupt and newer files refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from showroom_pos.storage import database
from showroom_pos.storage.database import DatabaseProblem, head_revision, open_database
from showroom_pos.storage.models import Base


def test_migrations_upgrade_an_empty_file_to_head_matching_the_models(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "new.db")
    assert database.current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        busy_timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy_timeout is not None and busy_timeout >= 5000
    engine.dispose()


def test_the_stock_alerts_find_dated_receipts_without_reading_the_ledger(tmp_path: Path) -> None:
    """The Home screen counts the stock alerts each time it is shown; finding the products that ever came with a
    best-before date read the whole ledger (every sale is a movement), 0.2 s at 50,000 products, before 0013."""
    engine = open_database(tmp_path / "new.db")
    with engine.connect() as conn:
        indexed = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_stock_movement_dated'").scalar()
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN SELECT product_id FROM stock_movement "
                                    "WHERE best_before IS NOT NULL").all()
    engine.dispose()
    assert indexed is not None and "WHERE best_before IS NOT NULL" in indexed
    assert any("USING INDEX ix_stock_movement_dated" in row[-1] for row in plan), plan


def test_an_older_catalogue_gets_its_names_places_in_vietnamese_order_and_lists_read_them_in_pages(
        tmp_path: Path) -> None:
    """0014 fills ``product.name_sort`` for the products already there; the products screen's pages are then read
    along its index, without sorting the catalogue (at 50,000 products the whole list read and sorted in Python
    kept the screen 1.1-1.4 s from showing)."""
    from sqlalchemy.orm import Session

    from showroom_pos.core.text import vietnamese_sort_text
    from showroom_pos.services.catalogue import product_list

    path = tmp_path / "old.db"
    engine = database.make_engine(path)
    database.upgrade(engine, "0013")
    names = ["Đông trùng hạ thảo", "Dưa hấu", "Cam sành", "Cân đường"]
    with engine.begin() as conn:
        for n, name in enumerate(names):
            conn.exec_driver_sql(
                "INSERT INTO product (sku, name, name_folded, unit, sold_by_weight, price, vat_category, consigned, "
                "reorder_level, on_hand, active, created_at, updated_at) VALUES (?, ?, '', 'cái', 0, 1000, "
                "'standard', 0, 0, 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')", (f"P{n}", name))
    engine.dispose()
    engine = open_database(path, backup_dir=tmp_path / "bk")
    with engine.connect() as conn:
        kept: dict[str, str] = dict(conn.exec_driver_sql("SELECT name, name_sort FROM product").all())
        plan = [row[-1] for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM product WHERE active AND (name_sort, id) > ('x', 1) "
            "ORDER BY name_sort, id LIMIT 200").all()]
    assert kept == {name: vietnamese_sort_text(name) for name in names}
    # Along an index in that order: 0014's, or for the active products alone the till's (0015, also in that order).
    assert any(index in step for step in plan for index in ("ix_product_name_sort", "ix_product_search (name_sort")
               ) and not any("TEMP B-TREE" in s for s in plan), plan
    with Session(engine) as session:
        first = product_list.list_products(session, limit=2)
        rest = product_list.list_products(session, limit=2, after=first[-1])
    engine.dispose()
    assert [r.name for r in first + rest] == ["Cam sành", "Cân đường", "Dưa hấu", "Đông trùng hạ thảo"]


def test_the_tills_search_index_is_in_vietnamese_order_and_a_downgrade_puts_it_back(tmp_path: Path) -> None:
    """0015 puts the till's covering index in the lists' order (name_sort first), read without sorting; its
    downgrade gives back 0009's (folded name first), so that 0014's downgrade can drop ``name_sort``."""
    from alembic import command

    from showroom_pos.services.till import product_lookup

    path = tmp_path / "till.db"
    engine = open_database(path)

    def columns() -> list[str]:
        with engine.connect() as conn:
            return [row[2] for row in conn.exec_driver_sql("PRAGMA index_info(ix_product_search)").all()]

    assert columns() == ["name_sort", "id", "name_folded", "sku"]
    with engine.connect() as conn:
        plan = " ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + product_lookup._SEARCH_SQL))
    assert "USING INDEX ix_product_search" in plan and "TEMP B-TREE" not in plan, plan
    config = database.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0014")
    assert columns() == ["name_folded", "id", "sku"]
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0013")
        assert "name_sort" not in {c["name"] for c in inspect(conn).get_columns("product")}
    database.upgrade(engine)
    assert columns() == ["name_sort", "id", "name_folded", "sku"]
    engine.dispose()


def test_a_catalogue_search_matches_along_the_lists_index_without_reading_each_product(tmp_path: Path) -> None:
    """The products screen's search and the pickers' (stock count, goods receipt, ledger) read products in Vietnamese
    order until they have a page of matches: 0017's ``ix_product_name_sort`` holds what they match (the folded name,
    the SKU, the producer, whether active), so SQLite reads no product's row to match it, and the producers and the
    barcode that match are found once, not joined to each product (~160 ms a key typed at 50,000 products)."""
    from alembic import command
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.orm import Session

    from showroom_pos.core.clock import business_day
    from showroom_pos.services.catalogue import producers, product_fields, product_list, products
    from showroom_pos.services.catalogue.product_list import ProductFilter
    from showroom_pos.storage.models import Product

    engine = open_database(tmp_path / "till.db")
    with Session(engine) as session, session.begin():
        maker = producers.add_producer(session, producers.ProducerInput(name="Cơ sở Mắm Bà Hai Diễm", kind="household"))
        products.add_product(session, product_fields.ProductInput(
            sku="HD-MAMTOM", name="Mắm tôm chà Gò Công", unit="hũ", price=55_000, barcodes=("8938000000015",),
            producer_id=maker.id))
        products.add_product(session, product_fields.ProductInput(sku="TRV-TMC", name="Trà mãng cầu", unit="hộp",
                                                                  price=65_000))

    def columns() -> list[str]:
        with engine.connect() as conn:
            return [row[2] for row in conn.exec_driver_sql("PRAGMA index_info(ix_product_name_sort)").all()]

    assert columns() == ["name_sort", "id", "active", "name_folded", "sku", "producer_id"]
    with Session(engine) as session:
        for text in ("ba hai", "mam tom", "8938000000015", "hd-"):
            for inactive in (False, True):
                flt = ProductFilter(text=text, include_inactive=inactive)
                assert [r.sku for r in product_list.list_products(session, flt, limit=100)] == ["HD-MAMTOM"]
                query = product_list._matching(flt, business_day()).order_by(Product.name_sort, Product.id)
                sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
                plan = " ".join(row[-1] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
                assert "SCAN product USING COVERING INDEX ix_product_name_sort" in plan, plan
                assert "CORRELATED" not in plan and "SEARCH producer" not in plan, plan
    config = database.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0016")
    assert columns() == ["name_sort", "id"]
    database.upgrade(engine)
    assert columns() == ["name_sort", "id", "active", "name_folded", "sku", "producer_id"]
    engine.dispose()


def test_migrations_have_a_single_head_and_the_quick_reader_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(database.alembic_config())
    assert len(script.get_heads()) == 1
    revisions, head = database.known_revisions()
    assert head == script.get_current_head()
    assert revisions == {rev.revision for rev in script.walk_revisions()}


def test_an_old_database_is_copied_aside_before_upgrading(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = database.make_engine(path)
    base = database.head_revision()
    # Build the database at the first revision, then mark it one step behind head if there is more than one.
    database.upgrade(engine, "0001")
    engine.dispose()
    if base == "0001":
        # Only one revision exists: simulate an older schema by stamping nothing -> nothing to copy.
        engine = open_database(path, backup_dir=tmp_path / "bk")
        assert not (tmp_path / "bk").exists()
        engine.dispose()
        return
    engine = open_database(path, backup_dir=tmp_path / "bk")
    copies = list((tmp_path / "bk").glob("old-before-*.db"))
    assert len(copies) == 1
    assert database.quick_check(copies[0]) == "ok"
    engine.dispose()


def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem) as info:
        open_database(path)
    assert "damaged" in info.value.text()
    assert path.read_bytes() == before


def test_a_database_from_a_newer_app_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem) as info:
        open_database(path)
    assert "newer version" in info.value.text()
    assert path.read_bytes() == before


def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem) as info:
        open_database(tmp_path / "missing" / "x.db")
    assert "does not exist" in info.value.text()


def test_a_long_read_never_blocks_a_sale(tmp_path: Path) -> None:
    """Reports read in deferred transactions: in WAL mode the till can commit while one is open."""
    from sqlalchemy import text

    engine = open_database(tmp_path / "rw.db")
    readers, writers = database.read_session_factory(engine), database.session_factory(engine)
    with readers() as report:
        before = report.execute(text("SELECT count(*) FROM setting")).scalar()  # the read transaction is open
        assert before is not None
        with writers.begin() as till:
            till.execute(text("PRAGMA busy_timeout = 200"))
            till.execute(text("INSERT INTO setting (key, value, updated_at) VALUES ('k', 'v', '2026-01-01')"))
        assert report.execute(text("SELECT count(*) FROM setting")).scalar() == before  # its own snapshot
    with readers() as later:
        assert later.execute(text("SELECT count(*) FROM setting")).scalar() == before + 1
    engine.dispose()


def test_the_app_opens_a_current_file_with_a_header_check_and_still_refuses_garbage(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    open_database(path).dispose()
    open_database(path, integrity_check=False).dispose()  # current schema: header only, fast on any size
    broken = tmp_path / "garbage.db"
    broken.write_bytes(b"not a database" * 1000)
    with pytest.raises(DatabaseProblem):
        open_database(broken, integrity_check=False)
    assert database.header_check(path) == "ok"
    assert database.needs_upgrade_hint(path) is False
