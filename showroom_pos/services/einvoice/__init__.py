"""E-invoices from the cash register (hóa đơn điện tử khởi tạo từ máy tính tiền).

Every completed sale gets an invoice number, gapless per form, symbol and year, and the tax authority's code,
inside the sale's own transaction (``issue_for_sale``, one call from the sale service); a return gets an
adjusting invoice and a void a cancellation notice, as the rules say (``issue_for_return``, ``cancel_for_void``).
The document is the tax authority's XML (``document``), frozen when issued, and delivered afterwards through an
outbox (``outbox``) by a provider (``providers``): sales never wait for the network.

This package's top level stays light (the till imports it on every sale): the heavy parts load when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .buyer import Buyer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from showroom_pos.core.receipt import ReceiptDocument
    from showroom_pos.storage.models import Sale, SaleReturn

    from .outbox import ShiftRange

__all__ = ["Buyer", "cancel_for_void", "enabled", "issue_for_return", "issue_for_sale", "receipt_form",
           "require_ready", "return_receipt_form", "shift_range"]


def issue_for_sale(session: Session, sale: Sale, *, buyer: Buyer | None = None) -> Any:
    """The sale's invoice, in the caller's transaction (nothing when e-invoicing is off)."""
    from .issue import issue_for_sale as run

    return run(session, sale, buyer=buyer)


def issue_for_return(session: Session, ret: SaleReturn) -> Any:
    """What a return produces by the rules (an adjusting or replacing invoice), in the caller's transaction."""
    from .issue import issue_for_return as run

    return run(session, ret)


def cancel_for_void(session: Session, sale: Sale, reason: str = "") -> Any:
    """What a void produces by the rules (a cancellation notice), in the caller's transaction."""
    from .issue import cancel_for_void as run

    return run(session, sale, reason)


def enabled(session: Session) -> bool:
    from .issue import enabled as run

    return run(session)


def receipt_form(session: Session, sale_id: str, doc: ReceiptDocument) -> ReceiptDocument:
    """The sale's receipt as its invoice's printed form (unchanged when the sale has no invoice)."""
    from .receipt import sale_form

    return sale_form(session, sale_id, doc)


def return_receipt_form(session: Session, return_id: str, doc: ReceiptDocument) -> ReceiptDocument:
    """A return slip naming the adjusting invoice the return produced (unchanged when none)."""
    from .receipt import return_form

    return return_form(session, return_id, doc)


def shift_range(session: Session, shift_id: str) -> ShiftRange | None:
    """The shift's first and last invoice number (the Z report's line)."""
    from .outbox import shift_range as run

    return run(session, shift_id)


def require_ready(session: Session) -> None:
    """Refuses (``NotConfigured``, naming what is missing) settings that switch e-invoicing on incomplete."""
    from .issue import require_ready as run

    run(session)
