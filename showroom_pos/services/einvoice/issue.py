"""Issuing, inside the caller's transaction: the sale's invoice, a return's adjusting (or replacing) invoice,
a void's cancellation notice.

Numbers are given here, in the same transaction as the sale, return or void: the next number of the form and
symbol (the symbol holds the year) is one more than the highest, and SQLite lets one writer at a time in
(``BEGIN IMMEDIATE``), so a crash leaves either the sale with its invoice or neither, and never a gap. The
tax authority's code is composed the same way from its series and the next sequence. The XML is built now and
stored: it is what is delivered later, whatever the settings become.

E-invoicing switched on but not configured (no symbol, no code, no seller tax code) refuses the sale with a
message naming what is missing: a sale without its invoice would be the worse outcome.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import N_, ValidationError
from showroom_pos.core.money import round_half_up
from showroom_pos.storage.models import (
    EInvoice,
    Outlet,
    Payment,
    Product,
    ReturnLine,
    Sale,
    SaleLine,
    SaleReturn,
    User,
    new_uuid,
)

from .. import settings
from . import document as doc
from .buyer import Buyer
from .rules import RuleSet, for_day
from .words import amount_in_words

PARTY_FIELDS = {"Ten": "name", "MST": "tax_code", "DChi": "address", "SDThoai": "phone", "DCTDTu": "email",
                "CCCDan": "id_no", "MKHang": "code"}
FIELD_NAMES = {"Ten": N_("name"), "MST": N_("tax code"), "DChi": N_("address"), "SDThoai": N_("phone"),
               "DCTDTu": N_("e-mail"), "CCCDan": N_("citizen ID"), "THHDVu": N_("product name")}


class NotConfigured(ValidationError):
    """``setting``: the key of the setting missing, where there is one, for a form to mark its field."""

    message = "E-invoicing is on but {what} is not set: set it in Settings → E-invoices (or turn e-invoicing off)."

    def __init__(self, *, what: str, setting: str | None = None) -> None:
        self.setting = setting
        super().__init__(what=what)


@dataclass(frozen=True)
class Config:
    """The e-invoice settings as one read."""

    enabled: bool
    form: str
    symbol: str
    seller_code: str
    code_mode: str
    seller_name: str
    provider: str
    export_folder: str
    provider_url: str
    provider_client_id: str
    provider_client_secret: str
    provider_account: str
    lookup_url: str
    rules_version: str
    rules_file: str

    def rules(self, day: date) -> RuleSet:
        return for_day(day, version=self.rules_version, rules_file=self.rules_file)


def config(session: Session) -> Config:
    values = settings.get_many(session, "einvoice.")
    return Config(
        enabled=values.flag("einvoice.enabled"), form=values["einvoice.form"], symbol=values["einvoice.symbol"],
        seller_code=values["einvoice.seller_code"], code_mode=values["einvoice.code_mode"],
        seller_name=values["einvoice.seller_name"], provider=values["einvoice.provider"],
        export_folder=values["einvoice.export_folder"], provider_url=values["einvoice.provider_url"],
        provider_client_id=values["einvoice.provider_client_id"],
        provider_client_secret=values["einvoice.provider_client_secret"],
        provider_account=values["einvoice.provider_account"], lookup_url=values["einvoice.lookup_url"],
        rules_version=values["einvoice.rules_version"], rules_file=values["einvoice.rules_file"],
    )


def enabled(session: Session) -> bool:
    """One primary-key read: what every sale pays when e-invoicing is off."""
    return settings.flag(session, "einvoice.enabled")


def seller(session: Session, cfg: Config) -> doc.Party:
    shop = session.scalars(select(Outlet).order_by(Outlet.id)).first()
    if shop is None:
        raise ValidationError("The outlet is not set up yet.")
    parts = [shop.address.strip()]
    for extra in (shop.commune, shop.province):
        if extra and extra.strip() and extra.strip().lower() not in shop.address.lower():
            parts.append(extra.strip())
    return doc.Party(name=cfg.seller_name.strip() or shop.name, tax_code=shop.tax_code,
                     address=", ".join(p for p in parts if p), phone=shop.phone)


def problems(session: Session, cfg: Config | None = None, day: date | None = None) -> list[str]:
    """What keeps e-invoicing from working (English source texts naming settings), empty when ready."""
    return [text for text, _key in _check(session, cfg or config(session), day or business_day())[0]]


# What a seller's element of the rules needs, and the setting that holds it.
_SELLER_SETTINGS = {"MST": (N_("the showroom's tax code (outlet.tax_code)"), "outlet.tax_code"),
                    "DChi": (N_("the showroom's address (outlet.address)"), "outlet.address"),
                    "Ten": (N_("the showroom's name (outlet.name)"), "outlet.name")}


def _check(session: Session, cfg: Config, day: date
           ) -> tuple[list[tuple[str, str | None]], RuleSet | None, doc.Party | None]:
    """What is missing, each (its English text, the key of the setting that holds it, or None), the rules and the
    seller."""
    missing: list[tuple[str, str | None]] = []
    try:
        rules = cfg.rules(day)
    except ValidationError as exc:
        return [(exc.text(), None)], None, None
    if not cfg.symbol or not rules.valid_symbol(cfg.symbol):
        missing.append((N_("the invoice symbol (einvoice.symbol)"), "einvoice.symbol"))
    if cfg.code_mode == "seller" and not cfg.seller_code:
        missing.append((N_("the tax authority's code for the showroom (einvoice.seller_code)"), "einvoice.seller_code"))
    try:
        rules.form(cfg.form)
    except ValidationError as exc:
        missing.append((exc.text(), None))
    try:
        party = seller(session, cfg)
    except ValidationError as exc:
        return [*missing, (exc.text(), None)], rules, None
    for element in rules["required"].get("seller", []):
        attribute = PARTY_FIELDS.get(element)
        if attribute and not getattr(party, attribute):
            missing.append(_SELLER_SETTINGS.get(element, (N_("the seller's details (Settings → Outlet)"), None)))
    return missing, rules, party


def require_ready(session: Session) -> None:
    """``NotConfigured`` naming the first thing missing while e-invoicing is on (the Settings screen refuses to
    save such settings; a sale would be refused)."""
    cfg = config(session)
    if cfg.enabled:
        _require_ready(session, cfg, business_day())


def _require_ready(session: Session, cfg: Config, day: date) -> tuple[RuleSet, doc.Party]:
    missing, rules, party = _check(session, cfg, day)
    if missing or rules is None or party is None:
        what, setting = missing[0] if missing else ("?", None)
        raise NotConfigured(what=what, setting=setting)
    return rules, party


def next_number(session: Session, form: str, symbol: str) -> int:
    """One more than the highest number of the form and symbol (their unique index answers the max)."""
    last = session.scalar(select(func.max(EInvoice.number)).where(EInvoice.form == form, EInvoice.symbol == symbol))
    return int(last or 0) + 1


def next_code_seq(session: Session, series: str) -> int:
    last = session.scalar(select(func.max(EInvoice.code_seq)).where(EInvoice.code_series == series))
    return int(last or 0) + 1


def _buyer_party(buyer: Buyer | None, rules: RuleSet) -> doc.Party:
    if buyer is None or buyer.empty:
        return doc.Party()
    clean = buyer.cleaned()
    party = doc.Party(name=clean.name, tax_code=clean.tax_code, address=clean.address, phone=clean.phone,
                      email=clean.email, id_no=clean.id_no)
    if party.tax_code:
        for element in rules["required"].get("buyer_with_tax_code", []):
            attribute = PARTY_FIELDS.get(element)
            if attribute and not getattr(party, attribute):
                raise ValidationError("With a tax code, the invoice needs the buyer's {field}.",
                                      field=FIELD_NAMES.get(element, element))
    return party


def payment_code(methods: Iterable[str], rules: RuleSet) -> str:
    """``HTTToan`` from the payment methods used (the rules' codes; several different ones: their "mixed")."""
    table: dict[str, str] = rules["payment_codes"]
    codes = {table.get(m, m) for m in methods}
    if not codes:
        return table.get("cash", "TM")
    return codes.pop() if len(codes) == 1 else table.get("mixed", "TM/CK")


@dataclass(frozen=True)
class SoldLine:
    """What the invoice needs of a sale line (or of what is left of it, or of what came back)."""

    no: int
    sku: str
    name: str
    unit: str
    by_weight: bool
    qty: int
    unit_price: int
    gross: int
    discount: int  # line discount + share of the cart discount, VAT included
    amount: int  # VAT included, after discounts
    rate_bp: int
    vat: int
    tsuat: str


def invoice_lines(sold: list[SoldLine], *, vat_breakdown: bool, sign: int = 1,
                  price_from_amount: bool = False) -> tuple[tuple[doc.Line, ...], tuple[doc.RateTotal, ...]]:
    """Lines and per-rate totals. With a VAT breakdown, a line's ``ThTien`` is its amount less its VAT (so every
    rate's sums are the sale's), its discount is the VAT-inclusive discount before tax, and its price before tax
    is what makes quantity × price − discount = ``ThTien`` (to 4 decimals). ``price_from_amount``: no discount
    shown, the price is the amount's (a return's share of a line, what is left of one)."""
    lines: list[doc.Line] = []
    rates: dict[str, list[int]] = {}
    order: dict[str, int] = {}
    for ln in sold:
        qty = Decimal(ln.qty) / 1000 if ln.by_weight else Decimal(ln.qty)
        unit = "kg" if ln.by_weight else ln.unit
        if vat_breakdown:
            amount = ln.amount - ln.vat
            discount = 0 if price_from_amount else (
                round_half_up(Decimal(ln.discount) * 10000 / Decimal(10000 + ln.rate_bp)) if ln.discount else 0)
            price = doc.quantize(Decimal(amount + discount) / qty) if qty else Decimal(0)
            tsuat: str | None = ln.tsuat
            bucket = rates.setdefault(ln.tsuat, [0, 0])
            bucket[0] += amount
            bucket[1] += ln.vat
            order.setdefault(ln.tsuat, ln.rate_bp)
        else:
            amount = ln.amount
            discount = 0 if price_from_amount else ln.discount
            price = doc.quantize(Decimal(amount) / qty) if price_from_amount and qty else Decimal(ln.unit_price)
            tsuat = None
        lines.append(doc.Line(no=ln.no, code=ln.sku, name=ln.name, unit=unit, qty=qty * sign, price=price,
                              discount=discount * sign, amount=amount * sign, tsuat=tsuat))
    totals = tuple(doc.RateTotal(t, a * sign, v * sign)
                   for t, (a, v) in sorted(rates.items(), key=lambda kv: (-order[kv[0]], kv[0])))
    return tuple(lines), totals


def build_invoice(*, rules: RuleSet, form: str, symbol: str, number: int, day: date, seller_party: doc.Party,
                  buyer_party: doc.Party, sold: list[SoldLine], total: int, methods: Iterable[str],
                  code: str | None, other: tuple[tuple[str, str], ...], sign: int = 1,
                  related: doc.Related | None = None, price_from_amount: bool = False) -> doc.Invoice:
    """The invoice of ``sold`` (pure): the totals are ``total`` and the sums of the lines."""
    vat = rules.vat_breakdown(form)
    lines, rates = invoice_lines(sold, vat_breakdown=vat, sign=sign, price_from_amount=price_from_amount)
    total_vat = sum(ln.vat for ln in sold) * sign
    signed_total = total * sign
    return doc.Invoice(
        version=rules.format_version, title=rules.title(form), form=form, symbol=symbol, number=number, day=day,
        payment=payment_code(methods, rules), seller=seller_party, buyer=buyer_party, lines=lines, rates=rates,
        total_before_tax=signed_total - total_vat if vat else None, total_vat=total_vat if vat else None,
        trade_discount=sum(ln.discount for ln in lines), total=signed_total,
        total_words=amount_in_words(signed_total, rules.spelling), code=code, currency=str(rules["currency"]),
        related=related, other=other,
    )


def lookup_url(cfg: Config, rules: RuleSet, values: dict[str, Any]) -> str:
    """What the printed QR code carries: the lookup page with the fields the rules list (a provider's page can
    be set instead, ``einvoice.lookup_url``)."""
    base = cfg.lookup_url or str(rules["lookup"]["base"])
    fields = [f for f in rules["lookup"].get("fields", []) if values.get(f) not in (None, "")]
    query = urlencode({f: values[f] for f in fields})
    return f"{base}{'&' if '?' in base else '?'}{query}" if query else base


def _number_and_code(session: Session, cfg: Config, rules: RuleSet, day: date) -> tuple[str, int, str | None,
                                                                                        str | None, int | None]:
    symbol = rules.symbol_for(cfg.symbol, day)
    number = next_number(session, cfg.form, symbol)
    if number > rules.number_max:
        raise ValidationError("Invoice numbers of {symbol} are used up ({max}): register a new symbol.",
                              symbol=symbol, max=rules.number_max)
    if cfg.code_mode != "seller":
        return symbol, number, None, None, None
    series = rules.code_series(cfg.form, day, cfg.seller_code)
    seq = next_code_seq(session, series)
    return symbol, number, rules.compose_code(cfg.form, day, cfg.seller_code, seq), series, seq


def _other(receipt_no: str, cashier: str) -> tuple[tuple[str, str], ...]:
    return (("Số phiếu", receipt_no), ("Thu ngân", cashier))


def _sold_lines(session: Session, sale_id: str, rules: RuleSet) -> list[SoldLine]:
    rows = session.execute(
        select(SaleLine.line_no, SaleLine.sku, SaleLine.name, SaleLine.unit, SaleLine.sold_by_weight, SaleLine.qty,
               SaleLine.unit_price, SaleLine.gross, SaleLine.line_discount + SaleLine.cart_discount, SaleLine.amount,
               SaleLine.vat_rate_bp, SaleLine.vat_amount, Product.vat_category)
        .join(Product, Product.id == SaleLine.product_id)
        .where(SaleLine.sale_id == sale_id).order_by(SaleLine.line_no)
    ).all()
    return [SoldLine(no, sku, name, unit, bool(weight), qty, price, gross, disc, amount, rate, vat,
                     rules.tsuat(rate, category))
            for no, sku, name, unit, weight, qty, price, gross, disc, amount, rate, vat, category in rows]


def _buyer_columns(party: doc.Party) -> dict[str, str]:
    return {"buyer_name": party.name, "buyer_tax_code": party.tax_code, "buyer_address": party.address,
            "buyer_email": party.email, "buyer_phone": party.phone, "buyer_id_no": party.id_no}


def issue_for_sale(session: Session, sale: Sale, *, buyer: Buyer | None = None) -> EInvoice | None:
    """The sale's invoice, numbered and coded, its XML frozen, pending delivery. Nothing when e-invoicing is off."""
    if not enabled(session):
        return None
    cfg = config(session)
    day = sale.business_day
    rules, seller_party = _require_ready(session, cfg, day)
    buyer_party = _buyer_party(buyer, rules)
    sold = _sold_lines(session, sale.id, rules)
    for ln in sold:
        if "THHDVu" in rules["required"].get("line", []) and not ln.name.strip():
            raise ValidationError("A line without a product name cannot be invoiced.")
    methods = session.scalars(select(Payment.method).where(Payment.sale_id == sale.id)).all()
    cashier = session.scalar(select(User.name).where(User.id == sale.user_id)) or ""
    symbol, number, code, series, seq = _number_and_code(session, cfg, rules, day)
    invoice = build_invoice(rules=rules, form=cfg.form, symbol=symbol, number=number, day=day,
                            seller_party=seller_party, buyer_party=buyer_party, sold=sold, total=sale.total,
                            methods=methods, code=code, other=_other(sale.receipt_no, cashier))
    key = new_uuid()  # the document's Id and the delivery's idempotency key
    row = EInvoice(id=key, kind="invoice", sale_id=sale.id, shift_id=sale.shift_id, rules=rules.id, form=cfg.form,
                   symbol=symbol, number=number, code=code, code_series=series, code_seq=seq,
                   issued_at=sale.created_at, business_day=day, total=sale.total, vat_total=sale.vat_total,
                   provider=cfg.provider, status="pending", attempts=0, last_error="", cancelled=False,
                   provider_ref="", provider_number="", xml=doc.to_xml(invoice, document_id=key).decode("utf-8"),
                   lookup_url=lookup_url(cfg, rules, {"mst": seller_party.tax_code, "khmshdon": cfg.form,
                                                      "khhdon": symbol, "shdon": number, "tgtttbso": sale.total,
                                                      "mccqt": code}),
                   **_buyer_columns(buyer_party))
    session.add(row)
    return row


def current_invoice(session: Session, sale_id: str) -> EInvoice | None:
    """The sale's invoice in force: the latest numbered one of its chain that was not replaced or cancelled."""
    return session.scalars(
        select(EInvoice).where(EInvoice.sale_id == sale_id, EInvoice.kind.in_(("invoice", "replacement")),
                               EInvoice.cancelled.is_(False))
        .order_by(EInvoice.issued_at.desc(), EInvoice.number.desc())
    ).first()


def _original_tsuat(row: EInvoice) -> dict[int, str]:
    return {ln.no: ln.tsuat or "" for ln in doc.from_xml(row.xml).lines}


def _related(rules: RuleSet, which: str, of: EInvoice) -> doc.Related:
    spec: dict[str, str] = rules[which]
    note = spec.get("note", "").format(form=of.form, symbol=of.symbol, number=of.number,
                                       date=f"{of.business_day:%d/%m/%Y}")
    assert of.number is not None
    return doc.Related(nature=str(spec["TCHDon"]), kind=str(spec.get("LHDCLQuan", "1")), form=of.form,
                       symbol=of.symbol, number=of.number, day=of.business_day, note=note)


def issue_for_return(session: Session, ret: SaleReturn) -> EInvoice | None:
    """A return against an invoiced sale: an adjusting invoice for what came back (the rules' default), or a
    replacing invoice for what the customer keeps; a return of everything replaced by nothing is a cancellation.
    Nothing when the sale had no invoice (sold before e-invoicing, or with it off)."""
    original = session.scalars(select(EInvoice).where(EInvoice.sale_id == ret.sale_id,
                                                      EInvoice.kind == "invoice")).first()
    if original is None:
        return None
    current = current_invoice(session, ret.sale_id)
    cfg = config(session)
    rules, seller_party = _require_ready(session, cfg, ret.business_day)
    buyer_party = doc.from_xml(original.xml).buyer
    tsuat = _original_tsuat(original)
    returned = session.execute(
        select(SaleLine.line_no, SaleLine.sku, SaleLine.name, SaleLine.unit, SaleLine.sold_by_weight, ReturnLine.qty,
               SaleLine.unit_price, ReturnLine.amount, SaleLine.vat_rate_bp, ReturnLine.vat_amount)
        .join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
        .where(ReturnLine.return_id == ret.id).order_by(SaleLine.line_no)
    ).all()
    sale = session.get(Sale, ret.sale_id)
    assert sale is not None
    cashier = session.scalar(select(User.name).where(User.id == ret.user_id)) or ""
    methods = [ret.refund_method]
    action = str(rules["on_return"])
    if action == "adjustment":
        sold = [SoldLine(no, sku, name, unit, bool(w), qty, price, amount, 0, amount, rate, vat,
                         tsuat.get(no) or rules.tsuat(rate, None))
                for no, sku, name, unit, w, qty, price, amount, rate, vat in returned]
        sign = int(rules["adjustment"].get("sign", -1))
        symbol, number, code, series, seq = _number_and_code(session, cfg, rules, ret.business_day)
        invoice = build_invoice(rules=rules, form=cfg.form, symbol=symbol, number=number, day=ret.business_day,
                                seller_party=seller_party, buyer_party=buyer_party, sold=sold,
                                total=ret.refund_total, methods=methods, code=code,
                                other=_other(ret.return_no, cashier), sign=sign,
                                related=_related(rules, "adjustment", original), price_from_amount=True)
        kind, related_row, total, vat_total = "adjustment", original, ret.refund_total * sign, ret.vat_total * sign
    elif action == "replacement":
        assert current is not None
        kept = _kept_lines(session, sale, rules, tsuat)
        if not kept:
            return _notice(session, cfg, rules, seller_party, current, ret.business_day, ret.shift_id,
                           ret.reason or str(rules["notice"]["reason"]), return_id=ret.id)
        left_total = sum(ln.amount for ln in kept)
        symbol, number, code, series, seq = _number_and_code(session, cfg, rules, ret.business_day)
        invoice = build_invoice(rules=rules, form=cfg.form, symbol=symbol, number=number, day=ret.business_day,
                                seller_party=seller_party, buyer_party=buyer_party, sold=kept, total=left_total,
                                methods=[p.method for p in sale.payments], code=code,
                                other=_other(ret.return_no, cashier),
                                related=_related(rules, "replacement", current), price_from_amount=True)
        current.cancelled = True
        kind, related_row, total, vat_total = "replacement", current, left_total, sum(ln.vat for ln in kept)
    else:
        raise ValidationError("The e-invoice rules ask for {action} after a return, which this version cannot "
                              "issue.", action=action)
    key = new_uuid()
    row = EInvoice(id=key, kind=kind, sale_id=ret.sale_id, return_id=ret.id, related_id=related_row.id,
                   shift_id=ret.shift_id, rules=rules.id, form=cfg.form, symbol=symbol, number=number, code=code,
                   code_series=series, code_seq=seq, issued_at=ret.created_at, business_day=ret.business_day,
                   total=total, vat_total=vat_total, provider=cfg.provider, status="pending", attempts=0,
                   last_error="", cancelled=False, provider_ref="", provider_number="",
                   xml=doc.to_xml(invoice, document_id=key).decode("utf-8"),
                   lookup_url=lookup_url(cfg, rules, {"mst": seller_party.tax_code, "khmshdon": cfg.form,
                                                      "khhdon": symbol, "shdon": number, "tgtttbso": total,
                                                      "mccqt": code}),
                   **_buyer_columns(buyer_party))
    session.add(row)
    return row


def _kept_lines(session: Session, sale: Sale, rules: RuleSet, tsuat: dict[int, str]) -> list[SoldLine]:
    """What the customer keeps of each line after every return so far (quantity, amount and VAT)."""
    back: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line_id, qty, amount, vat in session.execute(
            select(ReturnLine.sale_line_id, ReturnLine.qty, ReturnLine.amount, ReturnLine.vat_amount)
            .join(SaleLine, SaleLine.id == ReturnLine.sale_line_id).where(SaleLine.sale_id == sale.id)):
        b = back[line_id]
        b[0] += qty
        b[1] += amount
        b[2] += vat
    kept = []
    for ln in sale.lines:
        qty, amount, vat = (ln.qty - back[ln.id][0], ln.amount - back[ln.id][1], ln.vat_amount - back[ln.id][2])
        if qty > 0:
            kept.append(SoldLine(ln.line_no, ln.sku, ln.name, ln.unit, ln.sold_by_weight, qty, ln.unit_price, amount,
                                 0, amount, ln.vat_rate_bp, vat, tsuat.get(ln.line_no) or rules.tsuat(ln.vat_rate_bp,
                                                                                                      None)))
    return kept


def _notice(session: Session, cfg: Config, rules: RuleSet, seller_party: doc.Party, of: EInvoice, day: date,
            shift_id: str | None, reason: str, return_id: str | None = None) -> EInvoice:
    spec: dict[str, str] = rules["notice"]
    assert of.number is not None
    notice = doc.Notice(version=rules.format_version, form=str(spec["MSo"]), title=str(spec["Ten"]),
                        kind=str(spec.get("Loai", "1")), day=day, seller=seller_party,
                        place=seller_party.address, items=(doc.NoticeItem(
                            code=of.code or "", form=of.form, symbol=of.symbol, number=of.number,
                            day=of.business_day, nature=str(spec["TCTBao_cancel"]), reason=reason,
                            applies=str(spec.get("LADHDDT", "1"))),))
    of.cancelled = True
    key = new_uuid()
    buyer_columns = {"buyer_name": of.buyer_name, "buyer_tax_code": of.buyer_tax_code,
                     "buyer_address": of.buyer_address, "buyer_email": of.buyer_email,
                     "buyer_phone": of.buyer_phone, "buyer_id_no": of.buyer_id_no}
    row = EInvoice(id=key, kind="cancellation", sale_id=of.sale_id, return_id=return_id, related_id=of.id,
                   shift_id=shift_id, rules=rules.id, form=of.form, symbol=of.symbol, number=None, code=None,
                   issued_at=now_utc(), business_day=day, total=0, vat_total=0, provider=cfg.provider,
                   status="pending", attempts=0, last_error="", cancelled=False, provider_ref="", provider_number="",
                   lookup_url="", xml=doc.notice_to_xml(notice, document_id=key).decode("utf-8"), **buyer_columns)
    session.add(row)
    return row


def cancel_for_void(session: Session, sale: Sale, reason: str = "") -> EInvoice | None:
    """A voided sale's invoice is cancelled by a notice (form 04/SS-HĐĐT by the default rules), linked to it."""
    current = current_invoice(session, sale.id)
    if current is None:
        return None
    cfg = config(session)
    day = business_day()
    rules, seller_party = _require_ready(session, cfg, day)
    action = str(rules["on_void"])
    if action != "cancellation_notice":
        raise ValidationError("The e-invoice rules ask for {action} after a void, which this version cannot issue.",
                              action=action)
    return _notice(session, cfg, rules, seller_party, current, day, sale.shift_id,
                   reason.strip() or str(rules["notice"]["reason"]))
