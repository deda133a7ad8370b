"""What the shared validator lets through but the province's tables cannot hold, checked before any write.

``showroom_pos.core.summary`` checks a summary's shape and arithmetic for both sides of the protocol;
this module adds the province's own limits, so that no summary an outlet can send ever ends in a
database error (an HTTP 500 the outlet would retry for ever):

- whole numbers that land in 4-byte columns (``revision``, ``receipts``, ``voided``, ``shifts_closed``)
  stay below 2³¹; money and quantities below ``MAX_FIGURE`` (far beyond any showroom's day, and small
  enough that a dashboard summing years of days of every outlet stays inside 64 bits);
- text holds no NUL (PostgreSQL refuses it), no lone surrogate (SQLite and UTF-8 refuse them) and no
  other control character;
- the business day is not after the outlet's tomorrow (a till whose clock ran ahead), nor before the
  outlet's first business day (``opened_on``: a till whose clock went back years);
- the figures are plausible (``plausibility``): what was paid adds up to what was sold, a return never
  exceeds what was sold, VAT stays within what was paid, counts and quantities stay within what a showroom
  can do in a day.

A problem in the figures refuses the summary (422 naming each field). A problem in the optional
``stock`` drops the stock, as the protocol says for any stock the server cannot read.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from datetime import UTC, date, datetime, timedelta

from showroom_pos.core.summary import DailySummary

INT4_MAX = 2**31 - 1
# One outlet's day: 10^12 đồng (a thousand billion) or 10^12 grams is already absurd; 9 million such
# days are needed before a sum could leave a signed 64-bit integer.
MAX_FIGURE = 10**12
# The outlet's "tomorrow" in the furthest time zone (UTC+14) is at most two UTC dates ahead.
FUTURE_DAYS = 2
# A showroom's day, at most: receipts (or voided sales), and a product's quantity (pieces, or grams: a thousand
# tonnes). Far beyond any real day, far below what a column or a sum of years could not hold.
MAX_RECEIPTS = 1_000_000
MAX_QTY = 10**9
# The outlet rounds the cash of one sale by at most half its largest step (1.000 ₫): the till's own check.
MAX_ROUNDING_PER_RECEIPT = 500

_DAY_INTS = ("revision", "receipts", "voided", "shifts_closed")
_DAY_FIGURES = (
    "gross", "discounts", "returns", "net", "vat", "qty_sold", "qty_returned", "cash_over_short", "cash_rounding"
)
_PRODUCT_FIGURES = ("qty_sold", "qty_returned", "gross", "discounts", "returns", "net", "vat")
_PRODUCT_TEXT = ("sku", "name", "barcode", "unit", "producer", "producer_code", "group", "province_ref")
_FIGURES_OF = operator.attrgetter(*_PRODUCT_FIGURES)
_TEXTS_OF = operator.attrgetter(*_PRODUCT_TEXT)


# Every character ``text_problem`` refuses: NUL, the other control characters (Unicode category Cc is exactly
# U+0000–U+001F and U+007F–U+009F) and the surrogates; one search instead of a loop over each character.
_UNSTORABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(value: str | None) -> str | None:
    """Why ``value`` cannot be stored as text, or None when it can."""
    if value is None:
        return None
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return "must not contain a NUL character (U+0000)"
    if 0xD800 <= code <= 0xDFFF:
        return f"must not contain a lone surrogate (U+{code:04X})"
    return f"must not contain a control character (U+{code:04X})"


def _number(problems: list[str], path: str, value: int, limit: int) -> None:
    if abs(value) > limit:
        problems.append(f"{path}: is out of range (at most {limit})")


def problems(summary: DailySummary, today: date | None = None, opened_on: date | None = None) -> list[str]:
    """Every reason the province cannot store ``summary``'s figures, as ``path: reason``."""
    found: list[str] = []
    for name in _DAY_INTS:
        _number(found, name, getattr(summary, name), INT4_MAX)
    for name in _DAY_FIGURES:
        _number(found, name, getattr(summary, name) or 0, MAX_FIGURE)
    for kind in ("payments", "refunds"):
        for method, amount in getattr(summary, kind).items():
            _number(found, f"{kind}.{method}", amount, MAX_FIGURE)
    for i, product in enumerate(summary.products):
        if (max(map(abs, _FIGURES_OF(product))) <= MAX_FIGURE
                and _UNSTORABLE.search(" ".join(filter(None, _TEXTS_OF(product)))) is None):
            continue  # (the common case at once: nothing below would be found)
        for name in _PRODUCT_FIGURES:
            _number(found, f"products[{i}].{name}", getattr(product, name), MAX_FIGURE)
        for name in _PRODUCT_TEXT:
            reason = text_problem(getattr(product, name))
            if reason:
                found.append(f"products[{i}].{name}: {reason}")
    reason = text_problem(summary.app_version)
    if reason:
        found.append(f"app_version: {reason}")
    today = today or datetime.now(UTC).date()
    if summary.business_day > today + timedelta(days=FUTURE_DAYS):
        found.append(f"business_day: {summary.business_day.isoformat()} is in the future (the till's clock?)")
    if opened_on is not None and summary.business_day < opened_on:
        found.append(
            f"business_day: {summary.business_day.isoformat()} is before the outlet opened "
            f"({opened_on.isoformat()}; the till's clock?)"
        )
    return found if found else plausibility(summary)


def plausibility(summary: DailySummary) -> list[str]:
    """Figures no showroom's day can have, as ``path: reason`` (checked once they are storable).

    The outlet records for a payment what it settled, never the cash handed over (the change is not a
    payment), so the payments of the day's receipts add up exactly to what they sold (``gross - discounts``)
    plus the cash rounding it recorded (protocol 1.1: ``cash_rounding``). From an older outlet, which does not
    send it, a difference of up to 500 ₫ a receipt is accepted, paid in cash. Refunds add up to the returns.
    """
    found: list[str] = []
    for name in ("receipts", "voided"):
        if getattr(summary, name) > MAX_RECEIPTS:
            found.append(f"{name}: {getattr(summary, name)} in one day is not plausible (at most {MAX_RECEIPTS})")
    for i, p in enumerate(summary.products):
        path = f"products[{i}]"
        for name in ("qty_sold", "qty_returned"):
            if getattr(p, name) > MAX_QTY:
                found.append(f"{path}.{name}: {getattr(p, name)} in one day is not plausible (at most {MAX_QTY})")
        if p.qty_returned > p.qty_sold:
            found.append(f"{path}.qty_returned: {p.qty_returned} is more than was sold ({p.qty_sold})")
        # (discounts and returns beyond the gross make a negative net, which the shared validator refuses)
        if p.vat > p.gross - p.discounts:
            found.append(f"{path}.vat: {p.vat} is more than was paid for it ({p.gross - p.discounts})")
    if summary.receipts == 0 and (summary.gross or summary.payments):
        found.append("receipts: 0, yet the day has sales or payments")
    paid = sum(summary.payments.values())
    sold = summary.gross - summary.discounts
    rounding_limit = MAX_ROUNDING_PER_RECEIPT * summary.receipts
    cash = summary.payments.get("cash", 0)
    if summary.cash_rounding is not None:
        if abs(summary.cash_rounding) > rounding_limit:
            found.append(
                f"cash_rounding: {summary.cash_rounding} is more than {MAX_ROUNDING_PER_RECEIPT} ₫ a receipt "
                f"({summary.receipts} receipts)"
            )
        elif summary.cash_rounding and not cash:
            found.append(f"cash_rounding: {summary.cash_rounding}, but nothing was paid in cash")
        elif paid != sold + summary.cash_rounding:
            found.append(
                f"payments: add up to {paid}, not to the sales (gross - discounts = {sold}) plus the cash "
                f"rounding ({summary.cash_rounding})"
            )
    elif paid != sold and (abs(paid - sold) > rounding_limit or not cash):
        found.append(
            f"payments: add up to {paid}, not to the sales (gross - discounts = {sold}); only cash rounding "
            f"(at most {MAX_ROUNDING_PER_RECEIPT} ₫ a receipt) may differ"
        )
    refunded = sum(summary.refunds.values())
    if refunded != summary.returns:
        found.append(f"refunds: add up to {refunded}, not to the returns ({summary.returns})")
    return found


def stock_problems(summary: DailySummary) -> list[str]:
    """Why the summary's stock cannot be stored (it is then dropped, never refused)."""
    if summary.stock is None:
        return []
    found: list[str] = []
    for i, item in enumerate(summary.stock.items):
        for name in ("sku", "barcode", "province_ref"):
            reason = text_problem(getattr(item, name))
            if reason:
                found.append(f"stock.items[{i}].{name}: {reason}")
        if abs(item.on_hand) > MAX_FIGURE or (item.price is not None and item.price > MAX_FIGURE):
            found.append(f"stock.items[{i}]: is out of range")
    return found


def storable(
    summary: DailySummary, today: date | None = None, opened_on: date | None = None
) -> tuple[DailySummary, list[str]]:
    """``(summary to store, problems that refuse it)``; an unstorable stock is dropped from the summary."""
    refused = problems(summary, today, opened_on)
    if stock_problems(summary):
        summary = dataclasses.replace(summary, stock=None)
    return summary, refused
