"""The buyer's details a customer may ask for on the invoice (a company buying gift baskets): all optional.

A tax code is checked with python-stdnum (``core.tax_code``, which loads it when a code is first checked:
``stdnum.vn.mst``, 10 digits, or 13 for a branch, with a check digit); with a tax code the rules want a name and an
address. ``lookup`` finds the details given on an earlier invoice with the same tax code, so the cashier types them
once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from showroom_pos.core import tax_code as tax_codes
from showroom_pos.core.errors import ValidationError

if TYPE_CHECKING:  # the settings' registry imports this package: no SQLAlchemy for `config get`
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Buyer:
    name: str = ""
    tax_code: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    id_no: str = ""  # citizen ID (căn cước), 12 digits

    @property
    def empty(self) -> bool:
        return not any((self.name, self.tax_code, self.address, self.email, self.phone, self.id_no))

    def cleaned(self) -> Buyer:
        """The details as they are stored and printed: trimmed, the tax code compact; ``ValidationError`` names
        the first field that cannot be right."""
        b = replace(self, name=" ".join(self.name.split()), address=" ".join(self.address.split()),
                    email=self.email.strip(), phone=self.phone.strip(), id_no=self.id_no.strip(),
                    tax_code=self.tax_code.strip())
        if b.tax_code:
            if not tax_codes.is_valid(b.tax_code):
                raise ValidationError("{code} is not a valid Vietnamese tax code (10 or 13 digits with a check "
                                      "digit).", code=b.tax_code)
            b = replace(b, tax_code=tax_codes.compact(b.tax_code))
            if not b.name or not b.address:
                raise ValidationError("With a tax code, the invoice needs the buyer's name and address.")
        if b.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", b.email):
            raise ValidationError("{email} is not an e-mail address.", email=b.email)
        if b.phone and not re.fullmatch(r"\+?[0-9 .\-]{8,15}", b.phone):
            raise ValidationError("{phone} is not a phone number.", phone=b.phone)
        if b.id_no and not re.fullmatch(r"[0-9]{12}", b.id_no):
            raise ValidationError("A citizen ID has 12 digits.")
        for value, limit in ((b.name, 200), (b.address, 300), (b.email, 120)):
            if len(value) > limit:
                raise ValidationError("{text}… is too long.", text=value[:30])
        return b


def lookup(session: Session, tax_code: str) -> Buyer | None:
    """The buyer details of the latest invoice with this tax code (one indexed read), or None."""
    from sqlalchemy import select

    from showroom_pos.storage.models import EInvoice

    code = tax_code.strip()
    if not code or not tax_codes.is_valid(code):
        return None
    row = session.execute(
        select(EInvoice.buyer_name, EInvoice.buyer_tax_code, EInvoice.buyer_address, EInvoice.buyer_email,
               EInvoice.buyer_phone)
        .where(EInvoice.buyer_tax_code == tax_codes.compact(code))
        .order_by(EInvoice.issued_at.desc()).limit(1)
    ).first()
    if row is None:
        return None
    name, tax, address, email, phone = row
    return Buyer(name=name, tax_code=tax, address=address, email=email, phone=phone)


def valid_tax_code(text: str) -> bool:
    return bool(text.strip()) and tax_codes.is_valid(text.strip())
