"""Issuing e-invoices inside the sale's transaction: numbers, codes, the XML against the sale field by field
(hypothesis over carts with discounts, weights, several VAT rates, returns), voids, the rules as data."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import NO_DISCOUNT, CartLine, Discount, price_cart
from showroom_pos.core.errors import ValidationError
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import settings as business_settings
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.einvoice import Buyer, buyer, document, issue, rules
from showroom_pos.services.till import sale_returns, sale_writer, voids
from showroom_pos.storage.models import EInvoice, Product, Sale, SaleLine, SaleReturn
from tests.conftest import Outlet
from tests.einvoice_support import (
    BUYER_TAX_CODE,
    Shelf,
    check_adjustment_matches_return,
    check_invoice_matches_sale,
    invoice_of,
    stock_shelf,
    switch_on,
)


def lines_for(session: Session, picks: list[tuple[int, int, int]]) -> list[CartLine]:
    """(product id, quantity or grams, line discount %) → cart lines at today's VAT."""
    vat = vat_rates.vat_table(session)
    out = []
    for pid, qty, pct in picks:
        product = session.get(Product, pid)
        assert product is not None
        line = sale_writer.line_for(product, qty, vat)
        out.append(CartLine(**{**line.__dict__, "discount": Discount(percent_bp=pct * 100)}) if pct else line)
    return out


def sell(sessions: sessionmaker[Session], outlet: Outlet, picks: list[tuple[int, int, int]],
         cart_discount: Discount = NO_DISCOUNT, method: str = "cash", buyer: Buyer | None = None,
         at: datetime | None = None) -> sale_writer.SaleResult:
    with sessions.begin() as s:
        lines = lines_for(s, picks)
        total = price_cart(lines, cart_discount).total
        payments = [sale_writer.PaymentIn(method, total, "REF" if method != "cash" else "")]
        return sale_writer.complete_sale(s, outlet.manager, lines, payments, cart_discount, buyer=buyer, at=at)


@pytest.fixture
def shelf(sessions: sessionmaker[Session], outlet: Outlet) -> Shelf:
    outlet.open_shift(sessions)
    switch_on(sessions)
    return stock_shelf(sessions, outlet)


def test_a_sale_gets_its_invoice_and_code_in_its_own_transaction(sessions: sessionmaker[Session], outlet: Outlet,
                                                                 shelf: Shelf) -> None:
    first = sell(sessions, outlet, [(shelf.standard, 2, 0), (shelf.weighed, 750, 10)], Discount(amount=7_000),
                 buyer=Buyer(name="Công ty TNHH Quà Tặng Mỹ Tho", tax_code=BUYER_TAX_CODE, address="5 Ấp Bắc"))
    second = sell(sessions, outlet, [(shelf.reduced, 3, 0)], method="transfer")
    with sessions() as s:
        a, b = invoice_of(s, first.sale_id), invoice_of(s, second.sale_id)
        yy = f"{a.business_day.year % 100:02d}"  # the symbol's year is the sale's (C26MAA set, C27MAA in 2027)
        assert (a.number, b.number) == (1, 2)
        assert a.symbol == b.symbol == f"C{yy}MAA"
        assert (a.code, b.code) == (f"M1-{yy}-ABCDE-00000000001", f"M1-{yy}-ABCDE-00000000002")
        assert a.status == b.status == "pending" and a.attempts == 0
        inv = check_invoice_matches_sale(s, a)
        check_invoice_matches_sale(s, b)
        assert inv.buyer.name == "Công ty TNHH Quà Tặng Mỹ Tho" and inv.buyer.tax_code == BUYER_TAX_CODE
        assert inv.title == "HÓA ĐƠN GIÁ TRỊ GIA TĂNG" and inv.code == a.code
        assert f"khhdon=C{yy}MAA" in a.lookup_url and f"mccqt=M1-{yy}-ABCDE-00000000001" in a.lookup_url


def test_a_sale_refused_for_its_invoice_writes_nothing(sessions: sessionmaker[Session], outlet: Outlet,
                                                      shelf: Shelf) -> None:
    with pytest.raises(ValidationError, match="tax code"):
        sell(sessions, outlet, [(shelf.standard, 1, 0)], buyer=Buyer(name="X", tax_code="0101234567", address="Y"))
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 0
        assert s.scalar(select(func.count()).select_from(EInvoice)) == 0


def test_switched_on_but_not_configured_the_sale_is_refused_naming_what_is_missing(
        sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        business_settings.set(s, "einvoice.enabled", "yes")
    with pytest.raises(issue.NotConfigured, match=r"einvoice\.symbol"):
        sell(sessions, outlet, [(outlet.tra, 1, 0)])
    with sessions.begin() as s:
        business_settings.set(s, "einvoice.symbol", "C26MAA")
        business_settings.set(s, "einvoice.seller_code", "ABCDE")
    with pytest.raises(issue.NotConfigured, match=r"outlet\.tax_code"):
        sell(sessions, outlet, [(outlet.tra, 1, 0)])
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 0


def test_off_means_no_invoice_and_nothing_else_changes(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    done = sell(sessions, outlet, [(outlet.tra, 1, 0)])
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(EInvoice)) == 0
        assert s.get(Sale, done.sale_id) is not None


def test_the_symbol_follows_the_year_and_numbers_start_again(sessions: sessionmaker[Session], outlet: Outlet,
                                                            shelf: Shelf) -> None:
    late = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 23:00 in Vietnam
    early = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1 January 2027 in Vietnam
    a = sell(sessions, outlet, [(shelf.standard, 1, 0)], at=late)
    b = sell(sessions, outlet, [(shelf.standard, 1, 0)], at=late)
    c = sell(sessions, outlet, [(shelf.standard, 1, 0)], at=early)
    with sessions() as s:
        rows = [invoice_of(s, r.sale_id) for r in (a, b, c)]
        assert [(r.symbol, r.number) for r in rows] == [("C26MAA", 1), ("C26MAA", 2), ("C27MAA", 1)]
        assert rows[2].code == "M1-27-ABCDE-00000000001"
        for r in rows:
            check_invoice_matches_sale(s, r)


def test_form_2_sales_invoice_has_no_vat_breakdown(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    switch_on(sessions, form="2")
    shelf = stock_shelf(sessions, outlet)
    done = sell(sessions, outlet, [(shelf.standard, 2, 5), (shelf.weighed, 1250, 0)], Discount(percent_bp=300))
    with sessions() as s:
        row = invoice_of(s, done.sale_id)
        inv = check_invoice_matches_sale(s, row)
        assert inv.title == "HÓA ĐƠN BÁN HÀNG" and row.code == f"M2-{row.business_day.year % 100:02d}-ABCDE-00000000001"


def test_a_void_cancels_the_invoice_with_a_notice(sessions: sessionmaker[Session], outlet: Outlet,
                                                 shelf: Shelf) -> None:
    done = sell(sessions, outlet, [(shelf.standard, 1, 0)])
    with sessions.begin() as s:
        voids.void_sale(s, outlet.manager, done.sale_id, approved_by=outlet.manager_id, reason="khách đổi ý")
    with sessions() as s:
        original = invoice_of(s, done.sale_id)
        notice_row = s.scalars(select(EInvoice).where(EInvoice.kind == "cancellation")).one()
        assert original.cancelled and notice_row.related_id == original.id and notice_row.number is None
        notice = document.notice_from_xml(notice_row.xml)
        assert notice.form == "04/SS-HĐĐT"
        [item] = notice.items
        assert (item.form, item.symbol, item.number, item.code, item.nature, item.reason) == (
            original.form, original.symbol, original.number, original.code, "1", "khách đổi ý")
        assert notice.seller.tax_code == "0302712571"
    # The next sale takes the next number: a cancelled invoice keeps its number (no reuse, no gap).
    again = sell(sessions, outlet, [(shelf.standard, 1, 0)])
    with sessions() as s:
        assert invoice_of(s, again.sale_id).number == 2


def test_a_return_gets_an_adjusting_invoice_linked_to_the_original(sessions: sessionmaker[Session], outlet: Outlet,
                                                                  shelf: Shelf) -> None:
    done = sell(sessions, outlet, [(shelf.standard, 3, 10), (shelf.exempt, 2, 0)], Discount(amount=5_000))
    with sessions.begin() as s:
        ids = [ln.id for ln in s.scalars(select(SaleLine).where(SaleLine.sale_id == done.sale_id)
                                         .order_by(SaleLine.line_no))]
        sale_returns.create_return(s, outlet.manager, done.sale_id, [sale_returns.ReturnItem(ids[0], 2),
                                                                     sale_returns.ReturnItem(ids[1], 1)],
                               refund_method="cash")
    with sessions() as s:
        adj = s.scalars(select(EInvoice).where(EInvoice.kind == "adjustment")).one()
        assert adj.number == 2 and adj.code is not None and adj.code.endswith("-ABCDE-00000000002")
        inv = check_adjustment_matches_return(s, adj)
        assert {ln.tsuat for ln in inv.lines} == {"8%", "KCT"}
        assert inv.total_words.startswith("Âm ")


def custom_rules(tmp_path: Path, **changes: object) -> Path:
    raw = json.loads(rules.shipped_path().read_text(encoding="utf-8"))
    raw["rule_sets"][-1].update(changes)
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_rules_decide_what_a_return_produces_replacement(sessions: sessionmaker[Session], outlet: Outlet,
                                                            tmp_path: Path) -> None:
    outlet.open_shift(sessions)
    switch_on(sessions, einvoice__rules_file=str(custom_rules(tmp_path, on_return="replacement")))
    shelf = stock_shelf(sessions, outlet)
    done = sell(sessions, outlet, [(shelf.standard, 3, 0), (shelf.reduced, 1, 0)])
    with sessions.begin() as s:
        ids = [ln.id for ln in s.scalars(select(SaleLine).where(SaleLine.sale_id == done.sale_id)
                                         .order_by(SaleLine.line_no))]
        sale_returns.create_return(s, outlet.manager, done.sale_id, [sale_returns.ReturnItem(ids[0], 1)],
                                   refund_method="cash")
    with sessions() as s:
        original = invoice_of(s, done.sale_id)
        replacement = s.scalars(select(EInvoice).where(EInvoice.kind == "replacement")).one()
        inv = document.from_xml(replacement.xml)
        assert original.cancelled and replacement.related_id == original.id
        assert inv.related is not None and inv.related.nature == "1" and inv.related.number == original.number
        assert [(ln.name, ln.qty) for ln in inv.lines] == [("Kẹo dừa Bến Tre", 2), ("Cải ngồng Gò Công", 1)]
        sale = s.get(Sale, done.sale_id)
        assert sale is not None
        refunded = sum(r.refund_total for r in s.scalars(select(SaleReturn)))
        assert inv.total == sale.total - refunded == replacement.total
    # Everything else back: the replacement is cancelled by a notice (nothing is left to invoice).
    with sessions.begin() as s:
        sale_returns.create_return(s, outlet.manager, done.sale_id, [sale_returns.ReturnItem(ids[0], 2),
                                                                     sale_returns.ReturnItem(ids[1], 1)],
                               refund_method="cash")
    with sessions() as s:
        notice = s.scalars(select(EInvoice).where(EInvoice.kind == "cancellation")).one()
        assert notice.related_id == replacement.id
        assert issue.current_invoice(s, done.sale_id) is None


def test_the_rules_file_sets_titles_format_version_and_code_layout(sessions: sessionmaker[Session], outlet: Outlet,
                                                                  tmp_path: Path) -> None:
    outlet.open_shift(sessions)
    forms = {"1": {"title": "HÓA ĐƠN GTGT (MẪU MỚI)", "vat_breakdown": True},
             "2": {"title": "HÓA ĐƠN BÁN HÀNG", "vat_breakdown": False}}
    path = custom_rules(tmp_path, format_version="3.0.0", forms=forms, id="future-2026",
                        code={"template": "M{form}{yy}{seller}{seq:09d}", "seller_pattern": "^[A-Z0-9]{5}$"})
    switch_on(sessions, einvoice__rules_file=str(path), einvoice__rules_version="future-2026")
    done = sell(sessions, outlet, [(outlet.tra, 1, 0)])
    with sessions() as s:
        row = invoice_of(s, done.sale_id)
        inv = document.from_xml(row.xml)
        assert (inv.version, inv.title, row.rules) == ("3.0.0", "HÓA ĐƠN GTGT (MẪU MỚI)", "future-2026")
        assert row.code == f"M1{row.business_day.year % 100:02d}ABCDE000000001"


def test_buyer_details_are_checked_and_found_again_by_tax_code(sessions: sessionmaker[Session], outlet: Outlet,
                                                              shelf: Shelf) -> None:
    with pytest.raises(ValidationError, match="name and address"):
        Buyer(tax_code=BUYER_TAX_CODE).cleaned()
    with pytest.raises(ValidationError, match="12 digits"):
        Buyer(id_no="1234").cleaned()
    with pytest.raises(ValidationError, match="e-mail"):
        Buyer(email="not an address").cleaned()
    assert Buyer(tax_code="0100109106-001", name="A", address="B").cleaned().tax_code == "0100109106001"
    sell(sessions, outlet, [(shelf.standard, 1, 0)],
         buyer=Buyer(name="Công ty ABC", tax_code=BUYER_TAX_CODE, address="1 Tràng Tiền, Hà Nội",
                     email="ketoan@abc.vn"))
    with sessions() as s:
        found = buyer.lookup(s, " 0100109106 ")
        assert found == Buyer(name="Công ty ABC", tax_code=BUYER_TAX_CODE, address="1 Tràng Tiền, Hà Nội",
                              email="ketoan@abc.vn")
        assert buyer.lookup(s, "0302712571") is None


# --- hypothesis: any cart, any discounts, returns; every XML read back equals its sale ---------------------


@pytest.fixture(scope="module")
def shop() -> Iterator[tuple[sessionmaker[Session], Outlet, Shelf]]:
    folder = Path(tempfile.mkdtemp(prefix="einvoice-hyp-"))
    ctx = AppContext.open(AppPaths.resolve(folder / "shop.db"))
    outlet = Outlet(ctx.sessions)
    outlet.open_shift(ctx.sessions)
    switch_on(ctx.sessions)
    shelf = stock_shelf(ctx.sessions, outlet)
    yield ctx.sessions, outlet, shelf
    ctx.close()


PICK = st.tuples(st.integers(0, 4), st.integers(1, 2500), st.sampled_from([0, 0, 5, 10, 50, 90]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(PICK, min_size=1, max_size=6),
       cart_discount=st.one_of(st.just(Discount()), st.integers(1, 30).map(lambda p: Discount(percent_bp=p * 100)),
                               st.integers(1, 50_000).map(lambda a: Discount(amount=a))),
       method=st.sampled_from(["cash", "card", "transfer", "ewallet"]),
       returns=st.lists(st.tuples(st.integers(0, 5), st.integers(1, 3)), max_size=3),
       with_buyer=st.booleans())
def test_every_invoice_reads_back_as_its_sale(shop: tuple[sessionmaker[Session], Outlet, Shelf],
                                              picks: list[tuple[int, int, int]], cart_discount: Discount,
                                              method: str, returns: list[tuple[int, int]], with_buyer: bool) -> None:
    sessions, outlet, shelf = shop
    chosen = [(shelf.all[i], qty if shelf.all[i] == shelf.weighed else 1 + qty % 5, pct) for i, qty, pct in picks]
    who = Buyer(name="Hợp tác xã Đông Nghi", tax_code=BUYER_TAX_CODE, address="Châu Thành, Đồng Tháp") \
        if with_buyer else None
    with sessions() as s:
        assume(price_cart(lines_for(s, chosen), cart_discount).total > 0)  # nothing to pay: no sale
    done = sell(sessions, outlet, chosen, cart_discount, method, who)
    with sessions() as s:
        row = invoice_of(s, done.sale_id)
        check_invoice_matches_sale(s, row)
        line_ids = [(ln.id, ln.qty) for ln in s.scalars(select(SaleLine).where(SaleLine.sale_id == done.sale_id)
                                                        .order_by(SaleLine.line_no))]
    left = dict(line_ids)
    for which, qty in returns:
        line_id = line_ids[which % len(line_ids)][0]
        qty = min(qty, left[line_id])
        if not qty:
            continue
        left[line_id] -= qty
        with sessions.begin() as s:
            result = sale_returns.create_return(s, outlet.manager, done.sale_id,
                                                [sale_returns.ReturnItem(line_id, qty)],
                                                refund_method="cash" if method == "cash" else method)
        with sessions() as s:
            adj = s.scalars(select(EInvoice).where(EInvoice.return_id == result.return_id)).one()
            check_adjustment_matches_return(s, adj)
    with sessions() as s:  # numbers stay gapless across sales and adjustments
        numbers = sorted(n for (n,) in s.execute(select(EInvoice.number).where(EInvoice.number.is_not(None)))
                         if n is not None)  # (the WHERE leaves none; this tells mypy)
        assert numbers == list(range(1, len(numbers) + 1))
        seqs = sorted(n for (n,) in s.execute(select(EInvoice.code_seq).where(EInvoice.code_seq.is_not(None)))
                      if n is not None)
        assert seqs == numbers


def test_the_shipped_rules_read_and_pick_the_rule_set_in_force() -> None:
    from datetime import date

    assert rules.for_day(date(2024, 3, 1)).id == "nd123-tt78"
    assert rules.for_day(date(2025, 6, 1)).id == "nd70-2025"
    assert rules.for_day(date(2026, 1, 28)).symbol_for("C26MAA", date(2031, 5, 1)) == "C31MAA"
    with pytest.raises(ValidationError):
        rules.for_day(date(2026, 1, 1), version="nd999")
