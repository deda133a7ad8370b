"""Shared by the e-invoice tests: an outlet with e-invoicing on, products at every VAT category, and a checker
that reads an invoice's XML back and compares it, field by field, with the sale (or return) it came from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.money import round_half_up
from showroom_pos.services import settings
from showroom_pos.services.catalogue import product_fields, products
from showroom_pos.services.einvoice import document
from showroom_pos.services.einvoice.words import amount_in_words
from showroom_pos.storage.models import EInvoice, Payment, Product, ReturnLine, Sale, SaleLine, SaleReturn, User
from tests.conftest import Outlet

SELLER_TAX_CODE = "0302712571"
BUYER_TAX_CODE = "0100109106"
TSUAT = {"standard": None, "reduced": None, "zero": "0%", "exempt": "KCT"}
# For tests that change invoices behind the services' back. SQLAlchemy types a mapped class's __table__ as any
# FromClause; EInvoice's is a Table (the services cast theirs alike, e.g. services/till/sale_writer.py).
EINVOICE_TABLE = cast(Table, EInvoice.__table__)


def switch_on(sessions: sessionmaker[Session], *, symbol: str = "C26MAA", seller_code: str = "ABCDE",
              form: str = "1", **extra: str) -> None:
    with sessions.begin() as s:
        for key, value in (("outlet.tax_code", SELLER_TAX_CODE), ("outlet.address", "12 Lê Lợi, phường Mỹ Tho"),
                           ("einvoice.symbol", symbol), ("einvoice.seller_code", seller_code),
                           ("einvoice.form", form), *extra.items(), ("einvoice.enabled", "yes")):
            settings.set(s, key.replace("__", "."), value)


@dataclass(frozen=True)
class Shelf:
    """Products at each VAT category, one of them sold by weight."""

    standard: int
    reduced: int
    zero: int
    exempt: int
    weighed: int

    @property
    def all(self) -> tuple[int, ...]:
        return (self.standard, self.reduced, self.zero, self.exempt, self.weighed)


def stock_shelf(sessions: sessionmaker[Session], outlet: Outlet) -> Shelf:
    with sessions.begin() as s:
        def make(sku: str, name: str, price: int, category: str, weight: bool = False, unit: str = "gói") -> int:
            return products.add_product(s, product_fields.ProductInput(
                sku=sku, name=name, price=price, vat_category=category, sold_by_weight=weight, unit=unit,
                producer_id=outlet.producer_id)).id

        return Shelf(
            standard=make("KEO-DUA", "Kẹo dừa Bến Tre", 45_000, "standard"),
            reduced=make("CAI-NGONG", "Cải ngồng Gò Công", 18_500, "reduced", unit="bó"),
            zero=make("TOUR-XK", "Dịch vụ xuất khẩu", 99_000, "zero", unit="lần"),
            exempt=make("GAO-VD20", "Gạo VD20 (tự sản xuất)", 23_000, "exempt", unit="kg"),
            weighed=make("SR-RI6", "Sầu riêng Ri6", 165_000, "standard", weight=True, unit="kg"),
        )


def invoice_of(session: Session, sale_id: str) -> EInvoice:
    return session.scalars(select(EInvoice).where(EInvoice.sale_id == sale_id, EInvoice.kind == "invoice")).one()


def check_invoice_matches_sale(session: Session, row: EInvoice) -> document.Invoice:
    """Every field of the stored XML against the sale it came from (and the row's own columns)."""
    inv = document.from_xml(row.xml)
    sale = session.get(Sale, row.sale_id)
    assert sale is not None
    lines = session.execute(select(SaleLine, Product.vat_category).join(Product, Product.id == SaleLine.product_id)
                            .where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)).all()
    assert (inv.form, inv.symbol, inv.number, inv.code) == (row.form, row.symbol, row.number, row.code)
    assert inv.day == sale.business_day == row.business_day
    assert inv.total == sale.total == row.total
    assert inv.total_words == amount_in_words(sale.total)
    assert inv.currency == "VND" and inv.version
    vat_form = row.form == "1"
    if vat_form:
        assert inv.total_vat == sale.vat_total == row.vat_total
        assert inv.total_before_tax == sale.total - sale.vat_total
    else:
        assert inv.total_vat is None and inv.total_before_tax is None and inv.rates == ()
    assert len(inv.lines) == len(lines)
    per_rate: dict[str, list[int]] = {}
    for got, (ln, category) in zip(inv.lines, lines, strict=True):
        qty = Decimal(ln.qty) / 1000 if ln.sold_by_weight else Decimal(ln.qty)
        assert (got.no, got.code, got.name) == (ln.line_no, ln.sku, ln.name)
        assert got.unit == ("kg" if ln.sold_by_weight else ln.unit)
        assert got.qty == qty
        discount = ln.line_discount + ln.cart_discount
        if vat_form:
            expected_tsuat = TSUAT.get(category) or f"{ln.vat_rate_bp // 100}%"
            assert got.tsuat == expected_tsuat
            assert got.amount == ln.amount - ln.vat_amount
            expected_discount = round_half_up(Decimal(discount) * 10000 / Decimal(10000 + ln.vat_rate_bp))
            assert got.discount == expected_discount
            assert abs(got.qty * got.price - got.discount - got.amount) <= Decimal("0.0001") * max(Decimal(1), qty) / 2
            bucket = per_rate.setdefault(expected_tsuat, [0, 0])
            bucket[0] += ln.amount - ln.vat_amount
            bucket[1] += ln.vat_amount
        else:
            assert got.tsuat is None
            assert got.amount == ln.amount and got.discount == discount
            assert got.price == ln.unit_price
    if vat_form:
        assert {r.tsuat: [r.amount, r.vat] for r in inv.rates} == per_rate
        assert sum(r.amount for r in inv.rates) == inv.total_before_tax
        assert sum(r.vat for r in inv.rates) == inv.total_vat
    assert inv.trade_discount == sum(ln.discount for ln in inv.lines)
    methods = {m for (m,) in session.execute(select(Payment.method).where(Payment.sale_id == sale.id))}
    codes = {"cash": "TM", "transfer": "CK", "card": "CK", "ewallet": "CK"}
    expected_payment = codes[next(iter(methods))] if len({codes[m] for m in methods}) == 1 else "TM/CK"
    assert inv.payment == expected_payment
    cashier = session.scalar(select(User.name).where(User.id == sale.user_id))
    assert dict(inv.other) == {"Số phiếu": sale.receipt_no, "Thu ngân": cashier}
    assert inv.seller.tax_code == SELLER_TAX_CODE and inv.seller.name and inv.seller.address
    assert (inv.buyer.name, inv.buyer.tax_code, inv.buyer.address) == (row.buyer_name, row.buyer_tax_code,
                                                                       row.buyer_address)
    return inv


def check_adjustment_matches_return(session: Session, row: EInvoice) -> document.Invoice:
    inv = document.from_xml(row.xml)
    ret = session.get(SaleReturn, row.return_id)
    assert ret is not None and row.kind == "adjustment"
    original = session.get(EInvoice, row.related_id)
    assert original is not None and original.kind == "invoice" and original.sale_id == ret.sale_id
    assert inv.related is not None
    assert (inv.related.form, inv.related.symbol, inv.related.number, inv.related.day) == (
        original.form, original.symbol, original.number, original.business_day)
    assert inv.related.nature == "2"
    assert inv.total == -ret.refund_total == row.total
    assert inv.total_words == amount_in_words(-ret.refund_total)
    back = session.execute(select(ReturnLine, SaleLine).join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
                           .where(ReturnLine.return_id == ret.id).order_by(SaleLine.line_no)).all()
    assert len(inv.lines) == len(back)
    original_tsuat = {ln.no: ln.tsuat for ln in document.from_xml(original.xml).lines}
    for got, (rl, sl) in zip(inv.lines, back, strict=True):
        qty = Decimal(rl.qty) / 1000 if sl.sold_by_weight else Decimal(rl.qty)
        assert (got.no, got.name, got.qty) == (sl.line_no, sl.name, -qty)
        if row.form == "1":
            assert got.amount == -(rl.amount - rl.vat_amount)
            assert got.tsuat == original_tsuat[sl.line_no]
        else:
            assert got.amount == -rl.amount
    if row.form == "1":
        assert inv.total_vat == -ret.vat_total
        assert inv.total_before_tax == -(ret.refund_total - ret.vat_total)
    return inv
