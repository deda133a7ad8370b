"""Checkout services: product index, scans, cart, approvals, completion, parking, voids, returns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.barcode import BarcodeError, EmbeddedLayout, with_check_digit
from showroom_pos.core.cart import CartLine, Discount, price_cart
from showroom_pos.core.cart_state import Cart
from showroom_pos.core.errors import ApprovalRequired, NotFound, PermissionDenied, ValidationError
from showroom_pos.core.text import vietnamese_sort_key
from showroom_pos.services import check, shifts
from showroom_pos.services.catalogue import product_fields, products
from showroom_pos.services.till import (
    cart_approvals,
    cart_saver,
    cash_drawer,
    checkout_sale,
    product_lookup,
    quick_keys,
    sale_returns,
    sale_writer,
    saved_carts,
    voids,
)
from showroom_pos.services.till.product_lookup import ProductIndex, ScanContext
from showroom_pos.services.till.sale_returns import ReturnItem
from showroom_pos.storage.models import AuditEvent, ParkedCart, Product, Sale, StockMovement
from tests.conftest import Outlet

CTX = ScanContext({"standard": 800, "reduced": 500, "exempt": 0})


def load_index(sessions: sessionmaker[Session]) -> ProductIndex:
    with sessions() as s:
        return ProductIndex.load(s)


def on_hand(sessions: sessionmaker[Session], product_id: int) -> int:
    with sessions() as s:
        return int(s.scalar(select(Product.on_hand).where(Product.id == product_id)) or 0)


# --- index, scans, search ---------------------------------------------------------------------------


def test_scan_finds_ean13_and_sku(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    index = load_index(sessions)
    line = product_lookup.line_for_scan(index, "8938000000015", CTX)
    assert line.product_id == outlet.mam_tom and line.qty == 1 and line.unit_price == 55_000
    assert line.vat_rate_bp == 800 and line.barcode == "8938000000015"
    assert product_lookup.line_for_scan(index, "TRV-TMC", CTX).product_id == outlet.tra
    assert product_lookup.line_for_scan(index, "trv-tmc", CTX).product_id == outlet.tra


def test_scan_accepts_ean8_and_upca(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    ean8, upca = with_check_digit("8930001"), with_check_digit("03600029145")
    with sessions.begin() as s:
        a = products.add_product(
            s, product_fields.ProductInput(sku="E8", name="Kẹo dừa", price=20_000, barcodes=(ean8,))
        )
        b = products.add_product(
            s, product_fields.ProductInput(sku="UP", name="Bánh phồng", price=30_000, barcodes=(upca,))
        )
        ids = (a.id, b.id)
    index = load_index(sessions)
    assert product_lookup.line_for_scan(index, ean8, CTX).product_id == ids[0]
    assert product_lookup.line_for_scan(index, upca, CTX).product_id == ids[1]  # stored as EAN-13 0…


def test_wrong_check_digit_and_unknown_codes_are_refused(
    sessions: sessionmaker[Session], outlet: Outlet
) -> None:
    index = load_index(sessions)
    with pytest.raises(BarcodeError) as bad:
        product_lookup.line_for_scan(index, "8938000000016", CTX)
    assert "8938000000016" in bad.value.text() and "check digit" in bad.value.text()
    with pytest.raises(product_lookup.UnknownCode) as unknown:
        product_lookup.line_for_scan(index, "8938000000992", CTX)
    assert "8938000000992" in unknown.value.text()
    with pytest.raises(product_lookup.UnknownCode):
        product_lookup.line_for_scan(index, "NO-SUCH-SKU", CTX)


def test_weight_code_gives_grams(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    index = load_index(sessions)
    code = with_check_digit("200000101234")  # item 2000001, 1.234 kg
    line = product_lookup.line_for_scan(index, code, CTX)
    assert line.product_id == outlet.sau_rieng and line.by_weight and line.qty == 1234
    assert line.gross == 203_610  # 165.000 ₫/kg × 1,234 kg
    with pytest.raises(BarcodeError):
        product_lookup.line_for_scan(index, "2000001012340", CTX)  # wrong check digit


def test_price_code_uses_the_label_price(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        gift = products.add_product(
            s, product_fields.ProductInput(sku="GIO", name="Giỏ quà Tết", price=300_000, scale_item_code="2100042")
        ).id
    index = load_index(sessions)
    ctx = ScanContext(CTX.vat_rates, EmbeddedLayout.from_setting("price:5:5:0:21"))
    line = product_lookup.line_for_scan(index, with_check_digit("210004245000"), ctx)
    assert (
        line.product_id == gift
        and line.qty == 1
        and line.gross == 45_000
        and line.unit_price == line.list_price
    )
    # a weighed good priced on its label: grams chosen so that the price is the label's
    ctx2 = ScanContext(CTX.vat_rates, EmbeddedLayout.from_setting("price:5:5:0:20"))
    line2 = product_lookup.line_for_scan(index, with_check_digit("200000182500"), ctx2)
    assert line2.product_id == outlet.sau_rieng and line2.qty == 500 and line2.gross == 82_500


def test_search_ignores_case_and_diacritics(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    index = load_index(sessions)
    for query in ("mam tom", "MAM TOM", "mắm tôm", "Mắm  TÔM gò", "tom mam"):
        assert [p.id for p in index.search(query)] == [outlet.mam_tom], query
    with sessions.begin() as s:
        products.add_product(
            s, product_fields.ProductInput(sku="DTHT", name="Rượu đông trùng hạ thảo", price=1000)
        )
    index = load_index(sessions)
    assert [p.name for p in index.search("dong trung")] == ["Rượu đông trùng hạ thảo"]
    assert [p.name for p in index.search("đông")] == ["Rượu đông trùng hạ thảo"]
    assert [p.id for p in index.search("hd-mam")] == [outlet.mam_tom]
    assert index.search("8938000000022")[0].id == outlet.tra
    assert index.search("") == [] and index.search("zzzz") == []


def test_search_is_in_name_order_and_limited(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        for i in range(30):
            products.add_product(
                s, product_fields.ProductInput(sku=f"K{i:02d}", name=f"Kẹo dừa {29 - i:02d}", price=1000)
            )
        products.add_product(
            s, product_fields.ProductInput(sku="OFF", name="Kẹo dừa ngừng bán", price=1000, active=False)
        )
    index = load_index(sessions)
    found = index.search("keo dua", limit=5)
    assert [p.name for p in found] == [f"Kẹo dừa {i:02d}" for i in range(5)]
    assert all(p.active for p in index.search("keo", limit=100))
    with pytest.raises(product_lookup.NotForSale):
        product_lookup.line_for_scan(index, "OFF", CTX)


def test_search_lists_its_first_matches_in_vietnamese_order(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """F2's search lists products in Vietnamese order, as the products screen does (migration 0015): "Dưa hấu"
    before "Đông trùng…" (Đ is a letter of its own, after D); and a search limited to a few rows shows the first few
    in that order (in the folded name's order, "Đông" came among the D's, before "Dưa")."""
    names = ["Đông trùng hạ thảo loại 1", "Dưa hấu sấy loại 1", "Dứa sấy dẻo loại 1", "Dâu tằm ngâm loại 1",
             "Đậu phộng rang loại 1", "Dầu dừa loại 1"]
    with sessions.begin() as s:
        for i, name in enumerate(names):
            products.add_product(s, product_fields.ProductInput(sku=f"VN{i}", name=name, price=1000))
    index = load_index(sessions)
    expected = sorted(names, key=vietnamese_sort_key)
    found = [p.name for p in index.search("loai 1")]
    assert found == expected
    assert found.index("Dưa hấu sấy loại 1") < found.index("Đậu phộng rang loại 1") < found.index(
        "Đông trùng hạ thảo loại 1")
    assert [p.name for p in index.search("loai 1", limit=3)] == expected[:3]
    assert "Đậu phộng rang loại 1" not in expected[:4]  # the D's first, whatever their tones


def test_codes_are_looked_up_as_they_are_now(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """Codes are read from the database at each lookup: a SKU in any case, a price changed or a product
    stopped after the index was built, a UPC-A typed in 12 digits."""
    with sessions.begin() as s:
        products.add_product(s, product_fields.ProductInput(
            sku="Bt-KeoDua", name="Kẹo dừa sáp", price=40_000, barcodes=("036000291452",),
        ))
    index = load_index(sessions)
    for typed in ("HD-MAMTOM", "hd-mamtom", "Hd-MamTom"):
        assert (found := index.by_code(typed)) is not None and found.id == outlet.mam_tom, typed
    for typed in ("Bt-KeoDua", "BT-KEODUA", "bt-keodua", "bT-kEOdUA"):
        assert (found := index.by_code(typed)) is not None and found.sku == "Bt-KeoDua", typed
    assert (upc := index.by_code("036000291452")) is not None and upc.sku == "Bt-KeoDua"
    assert index.by_code("0036000291452") == upc
    assert index.by_code("HD-MAMTOMX") is None and index.by_code("8938000000091") is None

    with sessions.begin() as s:
        s.get_one(Product, outlet.mam_tom).price = 60_000
        s.get_one(Product, outlet.tra).active = False
    assert (by_code := index.by_code("8938000000015")) is not None and by_code.price == 60_000
    assert (by_id := index.product(outlet.mam_tom)) is not None and by_id.price == 60_000
    assert index.search("tra mang cau") == []  # stopped since the index was built: not offered
    with pytest.raises(product_lookup.NotForSale):
        product_lookup.line_for_scan(index, "8938000000022", CTX)
    assert outlet.tra in index and 999_999 not in index


def test_a_typed_sku_is_found_through_an_index(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """Migration 0005: SQLite reads one entry of ``ix_product_sku_nocase``, not the whole catalogue."""
    with sessions() as s:
        raw = s.connection().connection.driver_connection
        assert raw is not None
        plan = " ".join(str(row[-1])
                        for row in raw.execute("EXPLAIN QUERY PLAN " + product_lookup._BY_SKU_SQL, ("a", "a")))
    assert "USING INDEX ix_product_sku_nocase" in plan, plan


# --- the cart -----------------------------------------------------------------------------------------


def line(pid: int, price: int, qty: int = 1, rate: int = 800, weight: bool = False) -> CartLine:
    return CartLine(pid, f"S{pid}", f"P{pid}", "cái", qty, price, rate, list_price=price, by_weight=weight)


def test_cart_merges_rescans_but_not_weighed_goods() -> None:
    cart = Cart()
    assert cart.add(line(1, 10_000)).inserted
    change = cart.add(line(1, 10_000))
    assert not change.inserted and change.row == 0 and cart.lines[0].qty == 2
    cart.add(line(2, 165_000, 500, weight=True))
    assert cart.add(line(2, 165_000, 700, weight=True)).inserted
    assert len(cart) == 3
    cart.set_qty(0, 5)
    assert cart.totals().total == 50_000 + 82_500 + 115_500
    cart.remove(1)
    assert cart.add(line(1, 10_000)).row == 0 and cart.lines[0].qty == 6
    cart.set_qty(0, 0)
    assert len(cart) == 1


def test_cart_round_trips_through_json() -> None:
    cart = Cart(label="Chị Hoa")
    cart.add(line(1, 10_000, 3))
    cart.set_line_discount(0, Discount(percent_bp=1500), approved_by=7)
    cart.add(line(2, 20_000))
    cart.set_price(1, 18_000, approved_by=7)
    cart.set_discount(Discount(amount=5_000), approved_by=7)
    back = Cart.from_json(cart.id, cart.to_json(), cart.label)
    assert back.lines == cart.lines and back.discount == cart.discount and back.discount_approved_by == 7
    assert back.totals() == cart.totals()


lines_strategy = st.lists(
    st.builds(
        lambda pid, price, qty, rate, weight, pct, amt: CartLine(
            pid,
            "S",
            "N",
            "cái",
            qty,
            price,
            rate,
            by_weight=weight,
            discount=Discount(percent_bp=pct) if pct else Discount(amount=amt),
        ),
        st.integers(1, 5),
        st.integers(0, 5_000_000),
        st.integers(1, 5000),
        st.sampled_from([0, 500, 800, 1000]),
        st.booleans(),
        st.integers(0, 10_000),
        st.integers(0, 2_000_000),
    ),
    max_size=12,
)


@given(lines_strategy, st.integers(0, 10_000), st.integers(0, 10_000_000))
@settings(max_examples=300, deadline=None)
def test_totals_always_equal_the_lines_and_are_never_negative(
    lines: list[CartLine], pct: int, amt: int
) -> None:
    for disc in (Discount(percent_bp=pct), Discount(amount=amt)):
        totals = price_cart(lines, disc)
        assert totals.total == sum(p.net for p in totals.lines) >= 0
        assert totals.subtotal == sum(p.gross for p in totals.lines)
        assert totals.vat_total == sum(p.vat for p in totals.lines)
        assert all(p.net >= 0 and 0 <= p.vat <= p.net for p in totals.lines)
        assert totals.cart_discount == sum(p.cart_discount for p in totals.lines)
        cart = Cart(lines=list(lines), discount=disc)
        assert Cart.from_json(cart.id, cart.to_json()).totals() == totals


def test_discount_limit_rule() -> None:
    assert not cart_approvals.discount_needs_approval(100_000, Discount(percent_bp=1000), 10)
    assert cart_approvals.discount_needs_approval(100_000, Discount(percent_bp=1001), 10)
    assert not cart_approvals.discount_needs_approval(100_000, Discount(amount=10_000), 10)
    assert cart_approvals.discount_needs_approval(100_000, Discount(amount=10_001), 10)
    assert not cart_approvals.discount_needs_approval(100_000, Discount(), 0)


# --- completing, approvals ----------------------------------------------------------------------------


def product_line(sessions: sessionmaker[Session], code: str, qty: int = 1) -> CartLine:
    return product_lookup.line_for_scan(load_index(sessions), code, CTX, qty)


def test_complete_checkout_records_the_sale_and_drops_the_saved_cart(
    sessions: sessionmaker[Session], outlet: Outlet
) -> None:
    outlet.open_shift(sessions)
    cart = Cart()
    cart.add(product_line(sessions, "8938000000015", 2))
    cart.add(product_line(sessions, with_check_digit("200000100500")))
    with sessions.begin() as s:
        saved_carts.save_cart(s, outlet.cashier, cart.id, cart.to_json())
    with sessions.begin() as s:
        result = checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("cash", 200_000)])
    assert result.total == 110_000 + 82_500 and result.change_due == 200_000 - 192_500
    with sessions() as s:
        assert s.get(ParkedCart, cart.id) is None
        assert check.check_database(s) == []


def test_large_discount_and_price_change_need_a_manager(
    sessions: sessionmaker[Session], outlet: Outlet
) -> None:
    outlet.open_shift(sessions)
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(product_line(sessions, "8938000000015"))
    cart.set_line_discount(0, Discount(percent_bp=2000))
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("cash", 100_000)])
    cart.set_line_discount(0, Discount(percent_bp=2000), approved_by=outlet.cashier_id)
    with sessions.begin() as s, pytest.raises(PermissionDenied):
        checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("cash", 100_000)])
    cart.set_line_discount(0, Discount(percent_bp=2000), approved_by=outlet.manager_id)
    cart.add(product_line(sessions, "8938000000022"))
    cart.set_price(1, 60_000, approved_by=None)
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("cash", 100_000)])
    cart.set_price(1, 60_000, approved_by=outlet.manager_id)
    with sessions.begin() as s:
        result = checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("cash", 104_000)])
    assert result.total == 44_000 + 60_000
    with sessions() as s:
        sale = s.get(Sale, result.sale_id)
        assert sale is not None and sale.user_id == outlet.cashier_id
        assert [(ln.discount_approved_by, ln.price_override_by) for ln in sale.lines] == [
            (outlet.manager_id, None),
            (None, outlet.manager_id),
        ]
        assert [ln.list_price for ln in sale.lines] == [55_000, 65_000]


def test_small_discount_needs_no_approval(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    cart = Cart()
    cart.add(product_line(sessions, "8938000000015"))
    cart.set_discount(Discount(percent_bp=1000))
    with sessions.begin() as s:
        assert (
            checkout_sale.complete_checkout(s, outlet.cashier, cart,
                                            [sale_writer.PaymentIn("card", 49_500, "A1")]).total
            == 49_500
        )


def test_no_sale_without_an_open_shift(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    cart = Cart()
    cart.add(product_line(sessions, "8938000000015"))
    with sessions.begin() as s, pytest.raises(shifts.NoOpenShift):
        checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("cash", 55_000)])


def test_split_payment_and_change_only_from_cash(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    cart = Cart()
    cart.add(product_line(sessions, "8938000000015", 3))  # 165.000
    with sessions.begin() as s, pytest.raises(ValidationError):
        checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("card", 200_000, "X")])
    with sessions.begin() as s, pytest.raises(sale_writer.PaymentShort):
        checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("card", 100_000, "X")])
    with sessions.begin() as s:
        result = checkout_sale.complete_checkout(
            s,
            outlet.cashier,
            cart,
            [sale_writer.PaymentIn("transfer", 100_000, "CL01-1"), sale_writer.PaymentIn("cash", 100_000)],
        )
        assert result.change_due == 35_000
        assert sale_writer.sale_payments(s, result.sale_id) == [
            ("transfer", 100_000, 100_000, "CL01-1"),
            ("cash", 65_000, 100_000, ""),
        ]


def test_next_receipt_number_is_the_one_the_sale_gets(
    sessions: sessionmaker[Session], outlet: Outlet
) -> None:
    outlet.open_shift(sessions)
    cart = Cart()
    cart.add(product_line(sessions, "8938000000015"))
    with sessions() as s:
        expected = checkout_sale.next_receipt_no(s, outlet.terminal_id)
        qr = checkout_sale.vietqr_for  # settings missing: refused with a clear message
        with pytest.raises(ValidationError):
            qr(s, outlet.terminal_id, 55_000, expected)
    with sessions.begin() as s:
        assert (
            checkout_sale.complete_checkout(
                s, outlet.cashier, cart, [sale_writer.PaymentIn("transfer", 55_000, expected)]
            ).receipt_no
            == expected
        )


# --- parking and recovering ---------------------------------------------------------------------------


def test_park_recall_and_recover_after_a_crash(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    saver = cart_saver.CartSaver(sessions, outlet.cashier)
    try:
        first = Cart()
        first.add(product_line(sessions, "8938000000015"))
        saver.save(first)
        first.add(product_line(sessions, "8938000000015"))
        saver.save(first)
        saver.flush()
        with sessions() as s:  # "crash": a new process finds the cart in progress
            recovered = saved_carts.active_cart(s, outlet.terminal_id)
        assert recovered is not None and recovered.id == first.id and recovered.lines[0].qty == 2
        with sessions.begin() as s:
            saved_carts.park_cart(s, outlet.cashier, first, "Chị Hoa")
        second = Cart()
        second.add(product_line(sessions, "8938000000022"))
        saver.save(second)
        saver.flush()
        with sessions() as s:
            parked = saved_carts.parked_carts(s, outlet.terminal_id)
            assert [(p.label, p.lines, p.total) for p in parked] == [("Chị Hoa", 1, 110_000)]
            assert (active := saved_carts.active_cart(s, outlet.terminal_id)) is not None and active.id == second.id
        with sessions.begin() as s:
            back = saved_carts.recall_cart(s, outlet.cashier, first.id)
        assert back.lines == first.lines
        second.clear()
        saver.save(second)  # an emptied cart leaves nothing behind
        saver.flush()
        with sessions() as s:
            assert saved_carts.parked_carts(s, outlet.terminal_id) == []
            assert s.get(ParkedCart, second.id) is None
        assert saver.saves >= 2
    finally:
        saver.close()


# --- voids --------------------------------------------------------------------------------------------


def sell(
    sessions: sessionmaker[Session],
    outlet: Outlet,
    code: str,
    qty: int,
    method: str = "cash",
    amount: int | None = None,
) -> sale_writer.SaleResult:
    cart = Cart()
    cart.add(product_line(sessions, code, qty))
    with sessions.begin() as s:
        return checkout_sale.complete_checkout(
            s,
            outlet.cashier,
            cart,
            [sale_writer.PaymentIn(method, amount or cart.totals().total, "ref" if method != "cash" else "")],
        )


def test_the_last_sale_to_void_is_found_in_one_seek_and_loaded_alone(sessions: sessionmaker[Session],
                                                                     outlet: Outlet) -> None:
    """F10 asks for the till's last sale: SQLite finds it along ``ix_sale_terminal_latest`` (migration 0016; it read
    and sorted every sale), and the ORM loads that one sale (it loaded every sale of the till before taking the
    first: ~5 s with the till frozen, on a file of two years' sales)."""
    from sqlalchemy import event

    from showroom_pos.services.till.voids import last_sale

    outlet.open_shift(sessions)
    with sessions.begin() as s:
        from showroom_pos.services.stock import movements

        movements.post_movements(s, [(outlet.tra, 100)], kind="receipt")
    sold = [sell(sessions, outlet, "8938000000022", 1) for _ in range(12)]
    loaded: list[Sale] = []

    def on_load(target: Sale, _context: object) -> None:
        loaded.append(target)

    event.listen(Sale, "load", on_load)
    try:
        with sessions() as s:
            found = last_sale(s, outlet.terminal_id)
            assert found is not None and found.id == sold[-1].sale_id
            assert len(loaded) == 1  # the last sale alone, not the till's twelve
            statement = select(Sale.id).where(Sale.terminal_id == outlet.terminal_id).order_by(
                Sale.created_at.desc(), Sale.receipt_no.desc()).limit(1)
            sql = str(statement.compile(compile_kwargs={"literal_binds": True}))
            plan = " ".join(str(row[-1]) for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    finally:
        event.remove(Sale, "load", on_load)
    assert "ix_sale_terminal_latest" in plan and "TEMP B-TREE" not in plan


def test_void_needs_a_manager_and_only_the_last_sale(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        from showroom_pos.services.stock import movements

        movements.post_movements(s, [(outlet.mam_tom, 20)], kind="receipt")
    first = sell(sessions, outlet, "8938000000015", 1)
    second = sell(sessions, outlet, "8938000000015", 3)
    assert on_hand(sessions, outlet.mam_tom) == 16
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        voids.void_sale(s, outlet.cashier, second.sale_id, approved_by=None)
    with sessions.begin() as s, pytest.raises(voids.CannotVoid):
        voids.void_sale(s, outlet.cashier, first.sale_id, approved_by=outlet.manager_id)
    with sessions.begin() as s:
        voids.void_sale(
            s, outlet.cashier, second.sale_id, approved_by=outlet.manager_id, reason="khách đổi ý"
        )
    assert on_hand(sessions, outlet.mam_tom) == 19
    with sessions() as s:
        sale = s.get(Sale, second.sale_id)
        assert sale is not None and sale.status == "voided" and sale.void_approved_by == outlet.manager_id
        assert sale_writer.stock_moves_for(s, second.sale_id) == [
            (outlet.mam_tom, "sale", -3),
            (outlet.mam_tom, "void", 3),
        ]
        assert (
            s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "sale.voided"))
            == 1
        )
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        report = shifts.z_report(s, shift)
        assert (
            report.voided == 1 and report.receipts == 1 and shifts.expected_cash(s, shift) == 500_000 + 55_000
        )
        assert check.check_database(s) == []
    with sessions.begin() as s, pytest.raises(voids.CannotVoid):
        voids.void_sale(s, outlet.manager, second.sale_id, approved_by=None)


# --- returns ------------------------------------------------------------------------------------------


def test_partial_returns_never_exceed_what_was_sold(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    cart = Cart()
    cart.add(product_line(sessions, "8938000000015", 3))
    cart.set_discount(Discount(amount=1_000))
    with sessions.begin() as s:
        sold = checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn("cash", 200_000)])
    with sessions() as s:
        info = sale_returns.find_sale_for_return(s, sold.receipt_no.lower() + "  ")
        assert sale_returns.find_sale_for_return(s, sold.sale_id.upper()).sale_id == sold.sale_id  # a scanned id
    assert info.total == 164_000 and info.lines[0].returnable == 3
    line_id = info.lines[0].sale_line_id
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        sale_returns.create_return(
            s, outlet.cashier, info.sale_id, [ReturnItem(line_id, 1)], refund_method="cash"
        )
    with sessions.begin() as s, pytest.raises(ValidationError):
        sale_returns.create_return(
            s,
            outlet.cashier,
            info.sale_id,
            [ReturnItem(line_id, 4)],
            refund_method="cash",
            approved_by=outlet.manager_id,
        )
    with sessions.begin() as s, pytest.raises(ValidationError):
        sale_returns.create_return(
            s,
            outlet.cashier,
            info.sale_id,
            [ReturnItem(line_id, 1)],
            refund_method="card",
            approved_by=outlet.manager_id,
        )
    with sessions.begin() as s, pytest.raises(ValidationError):  # write-off needs a reason
        sale_returns.create_return(
            s,
            outlet.cashier,
            info.sale_id,
            [ReturnItem(line_id, 1, restock=False)],
            refund_method="cash",
            approved_by=outlet.manager_id,
        )
    before = on_hand(sessions, outlet.mam_tom)
    refunds = []
    for item in (
        ReturnItem(line_id, 1),
        ReturnItem(line_id, 1, restock=False, write_off_reason="vỡ hũ"),
        ReturnItem(line_id, 1),
    ):
        with sessions.begin() as s:
            refunds.append(
                sale_returns.create_return(
                    s,
                    outlet.cashier,
                    info.sale_id,
                    [item],
                    refund_method="cash",
                    approved_by=outlet.manager_id,
                )
            )
    assert sum(r.refund_total for r in refunds) == 164_000  # exactly what was paid, in three goes
    assert [r.return_no for r in refunds] == [f"CL01-R{info.business_day:%y%m%d}-{i:04d}" for i in (1, 2, 3)]
    assert on_hand(sessions, outlet.mam_tom) == before + 2  # one written off
    with sessions.begin() as s, pytest.raises(ValidationError):
        sale_returns.create_return(
            s,
            outlet.cashier,
            info.sale_id,
            [ReturnItem(line_id, 1)],
            refund_method="cash",
            approved_by=outlet.manager_id,
        )
    with sessions() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        assert shifts.expected_cash(s, shift) == 500_000
        assert shifts.z_report(s, shift).returns == 164_000
        kinds = s.execute(
            select(StockMovement.kind, func.sum(StockMovement.qty))
            .where(StockMovement.ref_type == "return")
            .group_by(StockMovement.kind)
        ).all()
        assert dict(kinds) == {"return": 3, "adjustment": -1}
        assert check.check_database(s) == []


def test_refund_by_original_method(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    sold = sell(sessions, outlet, "8938000000022", 2, method="card")
    with sessions() as s:
        info = sale_returns.find_sale_for_return(s, sold.receipt_no)
    with sessions.begin() as s:
        result = sale_returns.create_return(
            s, outlet.manager, info.sale_id, [ReturnItem(info.lines[0].sale_line_id, 2)], refund_method="card"
        )
    assert result.refund_total == 130_000 and result.refund_method == "card"
    with sessions.begin() as s, pytest.raises(voids.CannotVoid):
        voids.void_sale(s, outlet.manager, sold.sale_id, approved_by=None)


def test_unknown_receipt(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s, pytest.raises(NotFound):
        sale_returns.find_sale_for_return(s, "CL01-000000-9999")


# --- cash, drawer, quick keys -------------------------------------------------------------------------


def test_cash_in_out_and_drawer_need_a_manager(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        cash_drawer.cash_in_out(s, outlet.cashier, -100_000, "nộp quỹ")
    with sessions.begin() as s:
        cash_drawer.cash_in_out(s, outlet.cashier, -100_000, "nộp quỹ", approved_by=outlet.manager_id)
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        cash_drawer.open_drawer(s, outlet.cashier)
    with sessions.begin() as s:
        cash_drawer.open_drawer(s, outlet.cashier, approved_by=outlet.manager_id)
    with sessions() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None and shifts.expected_cash(s, shift) == 400_000
        assert (
            s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "drawer.opened"))
            == 1
        )


def test_quick_keys_are_chosen_then_best_sellers(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    sell(sessions, outlet, "8938000000022", 1)
    sell(sessions, outlet, "8938000000022", 1)
    sell(sessions, outlet, "8938000000015", 1)
    with sessions() as s:
        assert quick_keys.quick_keys(s, limit=2) == [outlet.tra, outlet.mam_tom]
    with sessions.begin() as s:
        product = s.get(Product, outlet.sau_rieng)
        assert product is not None
        product.quick_key = 1
    with sessions() as s:
        assert quick_keys.quick_keys(s, limit=2) == [outlet.sau_rieng, outlet.tra]


def test_no_sale_at_an_unknown_vat_rate(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    index = load_index(sessions)
    with pytest.raises(ValidationError):
        product_lookup.line_for_scan(index, "8938000000015", ScanContext({"reduced": 500}))


@given(lines_strategy, st.lists(st.tuples(st.integers(0, 20), st.integers(0, 30)), max_size=10),
       st.integers(0, 10_000))
@settings(max_examples=200, deadline=None)
def test_running_totals_equal_a_full_pricing(lines: list[CartLine], edits: list[tuple[int, int]], pct: int) -> None:
    """The screen's running sums (flat in cart length) always show what price_cart computes."""
    cart = Cart()
    for ln in lines:
        cart.add(ln)
    for row, qty in edits:  # change quantities, remove lines (qty 0), re-add
        if cart.lines:
            cart.set_qty(row % len(cart.lines), qty)
    if lines:
        cart.add(lines[0])
    for disc in (Discount(), Discount(percent_bp=pct)):
        cart.set_discount(disc)
        full = price_cart(cart.lines, disc)
        quick = cart.summary()
        assert (quick.subtotal, quick.discount_total, quick.total) == (full.subtotal, full.discount_total, full.total)
        assert {r: v for r, v in quick.vat_by_rate.items() if v} == {r: v for r, v in full.vat_by_rate.items() if v}
        assert [cart.line_net(i)[0] for i in range(len(cart.lines))] == [p.net for p in full.lines]
