"""The invoice as data, and as the tax authority's XML (built and read back with lxml).

Element names are those of the XML invoices providers exchange (``HDon/DLHDon`` with ``TTChung``, ``NDHDon``
holding ``NBan``, ``NMua``, ``DSHHDVu/HHDVu`` and ``TToan``, the code in ``MCCQT``); the cancellation notice
is form 04/SS-HĐĐT (``TBao/DLTBao``). ``from_xml`` reads what ``to_xml`` writes, so a test can compare every
field of a generated file with the sale it came from, and a provider can send fields instead of the file.

Amounts are whole đồng. Retail prices include VAT: a line's ``ThTien`` is its amount before tax after its
discounts (the sale line's amount less its VAT), ``STCKhau`` its discount before tax, ``DGia`` the unit price
before tax (decimals allowed, as in the format); per rate, ``ThTien`` and ``TThue`` are the sale's own sums, so
the totals always equal the sale's. A form without a VAT breakdown (2, sales invoice) shows amounts as paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

# --- the invoice as data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """Seller (``NBan``) or buyer (``NMua``). Empty fields are left out of the XML."""

    name: str = ""
    tax_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    id_no: str = ""  # the buyer's citizen ID (CCCDan)
    code: str = ""  # the buyer's code at the seller (MKHang)

    @property
    def empty(self) -> bool:
        return not any((self.name, self.tax_code, self.address, self.phone, self.email, self.id_no, self.code))


@dataclass(frozen=True)
class Line:
    """``HHDVu``. ``qty`` and ``price`` are decimals (kilograms with grams, a price before tax); ``discount`` and
    ``amount`` whole đồng; ``tsuat`` None on a form without VAT."""

    no: int
    code: str
    name: str
    unit: str
    qty: Decimal
    price: Decimal
    discount: int
    amount: int
    tsuat: str | None
    nature: int = 1  # TChat: 1 goods, 2 promotion, 3 trade discount, 4 note


@dataclass(frozen=True)
class RateTotal:
    """``LTSuat``: the amount before tax and the VAT of one rate."""

    tsuat: str
    amount: int
    vat: int


@dataclass(frozen=True)
class Related:
    """``TTHDLQuan``: the invoice this one adjusts (``nature`` 2) or replaces (1)."""

    nature: str
    kind: str
    form: str
    symbol: str
    number: int
    day: date
    note: str = ""


@dataclass(frozen=True)
class Invoice:
    version: str
    title: str
    form: str
    symbol: str
    number: int
    day: date
    payment: str
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    rates: tuple[RateTotal, ...]
    total_before_tax: int | None
    total_vat: int | None
    trade_discount: int
    total: int
    total_words: str
    code: str | None = None
    currency: str = "VND"
    related: Related | None = None
    other: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # TTKhac: (field, text)
    provider_tax_code: str = ""


@dataclass(frozen=True)
class NoticeItem:
    """One invoice a 04/SS-HĐĐT notice is about: ``nature`` 1 cancel, 2 adjust, 3 replace, 4 explain."""

    code: str
    form: str
    symbol: str
    number: int
    day: date
    nature: str
    reason: str
    applies: str = "1"


@dataclass(frozen=True)
class Notice:
    version: str
    form: str  # "04/SS-HĐĐT"
    title: str
    kind: str  # Loai: 1 the seller's own notice
    day: date
    seller: Party
    place: str
    items: tuple[NoticeItem, ...]


# --- numbers as the format writes them -------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """``0.750`` → ``0.75``, ``3`` → ``3``: a decimal point, no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def quantize(value: Decimal, places: int = 4) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- writing -----------------------------------------------------------------------------------------------------


def _text(parent: etree._Element, tag: str, value: object, *, keep_empty: bool = False) -> None:
    if value is None:
        return
    text = str(value)
    if text or keep_empty:
        etree.SubElement(parent, tag).text = text


def _party(parent: etree._Element, tag: str, p: Party, *, buyer: bool) -> None:
    node = etree.SubElement(parent, tag)
    _text(node, "Ten", p.name)
    _text(node, "MST", p.tax_code)
    _text(node, "DChi", p.address)
    if buyer:
        _text(node, "MKHang", p.code)
    _text(node, "SDThoai", p.phone)
    _text(node, "DCTDTu", p.email)
    if buyer:
        _text(node, "CCCDan", p.id_no)


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def to_xml(inv: Invoice, *, document_id: str = "") -> bytes:
    """The invoice in the tax authority's layout, UTF-8."""
    root = etree.Element("HDon")
    body = etree.SubElement(root, "DLHDon")
    if document_id:
        body.set("Id", document_id)
    general = etree.SubElement(body, "TTChung")
    _text(general, "PBan", inv.version)
    _text(general, "THDon", inv.title)
    _text(general, "KHMSHDon", inv.form)
    _text(general, "KHHDon", inv.symbol)
    _text(general, "SHDon", inv.number)
    _text(general, "NLap", inv.day.isoformat())
    _text(general, "DVTTe", inv.currency)
    _text(general, "TGia", 1)
    _text(general, "HTTToan", inv.payment)
    _text(general, "MSTTCGP", inv.provider_tax_code)
    if inv.related is not None:
        r = inv.related
        rel = etree.SubElement(general, "TTHDLQuan")
        _text(rel, "TCHDon", r.nature)
        _text(rel, "LHDCLQuan", r.kind)
        _text(rel, "KHMSHDCLQuan", r.form)
        _text(rel, "KHHDCLQuan", r.symbol)
        _text(rel, "SHDCLQuan", r.number)
        _text(rel, "NLHDCLQuan", r.day.isoformat())
        _text(rel, "GChu", r.note)
    if inv.other:
        other = etree.SubElement(general, "TTKhac")
        for name, value in inv.other:
            info = etree.SubElement(other, "TTin")
            _text(info, "TTruong", name)
            _text(info, "KDLieu", "string")
            _text(info, "DLieu", value, keep_empty=True)
    content = etree.SubElement(body, "NDHDon")
    _party(content, "NBan", inv.seller, buyer=False)
    _party(content, "NMua", inv.buyer, buyer=True)
    goods = etree.SubElement(content, "DSHHDVu")
    for ln in inv.lines:
        item = etree.SubElement(goods, "HHDVu")
        _text(item, "TChat", ln.nature)
        _text(item, "STT", ln.no)
        _text(item, "MHHDVu", ln.code)
        _text(item, "THHDVu", ln.name)
        _text(item, "DVTinh", ln.unit)
        _text(item, "SLuong", decimal_text(ln.qty))
        _text(item, "DGia", decimal_text(ln.price))
        _text(item, "STCKhau", ln.discount)
        _text(item, "ThTien", ln.amount)
        _text(item, "TSuat", ln.tsuat)
    totals = etree.SubElement(content, "TToan")
    if inv.rates:
        by_rate = etree.SubElement(totals, "THTTLTSuat")
        for rt in inv.rates:
            rate = etree.SubElement(by_rate, "LTSuat")
            _text(rate, "TSuat", rt.tsuat)
            _text(rate, "ThTien", rt.amount)
            _text(rate, "TThue", rt.vat)
    _text(totals, "TgTCThue", inv.total_before_tax)
    _text(totals, "TgTThue", inv.total_vat)
    _text(totals, "TTCKTMai", inv.trade_discount)
    _text(totals, "TgTTTBSo", inv.total)
    _text(totals, "TgTTTBChu", inv.total_words)
    if inv.code:
        _text(root, "MCCQT", inv.code)
    return _bytes(root)


def notice_to_xml(notice: Notice, *, document_id: str = "") -> bytes:
    """A notice of e-invoices with errors (form 04/SS-HĐĐT): here, the cancellation of a voided sale's invoice."""
    root = etree.Element("TBao")
    body = etree.SubElement(root, "DLTBao")
    if document_id:
        body.set("Id", document_id)
    _text(body, "PBan", notice.version)
    _text(body, "MSo", notice.form)
    _text(body, "Ten", notice.title)
    _text(body, "Loai", notice.kind)
    _text(body, "TNNT", notice.seller.name)
    _text(body, "MST", notice.seller.tax_code)
    _text(body, "DDanh", notice.place)
    _text(body, "NTBao", notice.day.isoformat())
    items = etree.SubElement(body, "DSHDon")
    for i, it in enumerate(notice.items, start=1):
        node = etree.SubElement(items, "HDon")
        _text(node, "STT", i)
        _text(node, "MCQTCQuan", it.code)
        _text(node, "KHMSHDon", it.form)
        _text(node, "KHHDon", it.symbol)
        _text(node, "SHDon", it.number)
        _text(node, "Ngay", it.day.isoformat())
        _text(node, "LADHDDT", it.applies)
        _text(node, "TCTBao", it.nature)
        _text(node, "LDo", it.reason)
    return _bytes(root)


# --- reading back ------------------------------------------------------------------------------------------------


def _get(node: etree._Element | None, tag: str, default: str = "") -> str:
    if node is None:
        return default
    child = node.find(tag)
    return default if child is None or child.text is None else str(child.text)


def _int(node: etree._Element | None, tag: str) -> int | None:
    text = _get(node, tag)
    return int(text) if text else None


def _read_party(node: etree._Element | None) -> Party:
    return Party(name=_get(node, "Ten"), tax_code=_get(node, "MST"), address=_get(node, "DChi"),
                 phone=_get(node, "SDThoai"), email=_get(node, "DCTDTu"), id_no=_get(node, "CCCDan"),
                 code=_get(node, "MKHang"))


def parse(data: bytes | str) -> etree._Element:
    """The XML parsed without resolving entities or reaching the network (an exported file is untrusted input)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return etree.fromstring(raw, parser)


def from_xml(data: bytes | str) -> Invoice:
    root = parse(data)
    if root.tag != "HDon":
        raise ValueError(f"not an invoice: <{root.tag}>")
    body = root.find("DLHDon")
    general = body.find("TTChung") if body is not None else None
    content = body.find("NDHDon") if body is not None else None
    if general is None or content is None:
        raise ValueError("an invoice without TTChung or NDHDon")
    related = None
    rel = general.find("TTHDLQuan")
    if rel is not None:
        related = Related(nature=_get(rel, "TCHDon"), kind=_get(rel, "LHDCLQuan"), form=_get(rel, "KHMSHDCLQuan"),
                          symbol=_get(rel, "KHHDCLQuan"), number=int(_get(rel, "SHDCLQuan", "0")),
                          day=date.fromisoformat(_get(rel, "NLHDCLQuan")), note=_get(rel, "GChu"))
    other = tuple((_get(t, "TTruong"), _get(t, "DLieu")) for t in general.findall("TTKhac/TTin"))
    lines = tuple(
        Line(no=int(_get(h, "STT", "0")), code=_get(h, "MHHDVu"), name=_get(h, "THHDVu"), unit=_get(h, "DVTinh"),
             qty=Decimal(_get(h, "SLuong", "0")), price=Decimal(_get(h, "DGia", "0")),
             discount=int(_get(h, "STCKhau", "0")), amount=int(_get(h, "ThTien", "0")),
             tsuat=_get(h, "TSuat") or None, nature=int(_get(h, "TChat", "1")))
        for h in content.findall("DSHHDVu/HHDVu")
    )
    totals = content.find("TToan")
    rates = tuple(RateTotal(_get(r, "TSuat"), int(_get(r, "ThTien", "0")), int(_get(r, "TThue", "0")))
                  for r in content.findall("TToan/THTTLTSuat/LTSuat"))
    return Invoice(
        version=_get(general, "PBan"), title=_get(general, "THDon"), form=_get(general, "KHMSHDon"),
        symbol=_get(general, "KHHDon"), number=int(_get(general, "SHDon", "0")),
        day=date.fromisoformat(_get(general, "NLap")), payment=_get(general, "HTTToan"),
        seller=_read_party(content.find("NBan")), buyer=_read_party(content.find("NMua")), lines=lines, rates=rates,
        total_before_tax=_int(totals, "TgTCThue"), total_vat=_int(totals, "TgTThue"),
        trade_discount=_int(totals, "TTCKTMai") or 0, total=_int(totals, "TgTTTBSo") or 0,
        total_words=_get(totals, "TgTTTBChu"), code=_get(root, "MCCQT") or None,
        currency=_get(general, "DVTTe", "VND"), related=related, other=other,
        provider_tax_code=_get(general, "MSTTCGP"),
    )


def notice_from_xml(data: bytes | str) -> Notice:
    root = parse(data)
    if root.tag != "TBao":
        raise ValueError(f"not a notice: <{root.tag}>")
    body = root.find("DLTBao")
    items = tuple(
        NoticeItem(code=_get(h, "MCQTCQuan"), form=_get(h, "KHMSHDon"), symbol=_get(h, "KHHDon"),
                   number=int(_get(h, "SHDon", "0")), day=date.fromisoformat(_get(h, "Ngay")),
                   nature=_get(h, "TCTBao"), reason=_get(h, "LDo"), applies=_get(h, "LADHDDT", "1"))
        for h in (body.findall("DSHDon/HDon") if body is not None else [])
    )
    return Notice(version=_get(body, "PBan"), form=_get(body, "MSo"), title=_get(body, "Ten"), kind=_get(body, "Loai"),
                  day=date.fromisoformat(_get(body, "NTBao")), seller=Party(name=_get(body, "TNNT"),
                                                                           tax_code=_get(body, "MST")),
                  place=_get(body, "DDanh"), items=items)
