"""Issue 14: cash rounding. Cash pays what is left of a sale rounded half up to the step (default 1.000 ₫);
the difference is its own figure on the sale, the receipt, the Z report and in ``check``; card, transfer and
e-wallet pay the exact amount."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import CartLine, price_cart
from showroom_pos.core.money import CASH_STEPS, round_cash
from showroom_pos.hardware.receipt_render import RenderOptions, text_lines
from showroom_pos.services import catalogue, check, printing, settings, shifts
from showroom_pos.services.sales import PaymentIn, PaymentShort, complete_sale, line_for, settle
from showroom_pos.storage.models import Product, Sale
from showroom_pos.ui.checkout_payment import PaymentDialog

from .conftest import Outlet


def test_round_cash_is_half_up_to_the_step() -> None:
    assert round_cash(1_346_110, 1000) == 1_346_000
    assert round_cash(1_346_500, 1000) == 1_347_000
    assert round_cash(1_346_499, 1000) == 1_346_000
    assert round_cash(1_346_250, 500) == 1_346_500
    assert round_cash(1_346_249, 500) == 1_346_000
    assert round_cash(1_346_150, 100) == 1_346_200
    assert round_cash(1_346_110, 0) == 1_346_110


weights = st.lists(st.tuples(st.integers(1, 5000), st.integers(1_000, 900_000)), min_size=1, max_size=6)


@hsettings(max_examples=300, deadline=None)
@given(items=weights, step=st.sampled_from(CASH_STEPS), card=st.integers(0, 2_000_000),
       extra=st.integers(0, 600_000))
def test_cash_received_minus_change_minus_rounding_is_the_cash_due(items: list[tuple[int, int]], step: int,
                                                                    card: int, extra: int) -> None:
    lines = [CartLine(product_id=i, sku=f"S{i}", name="x", unit="kg", qty=grams, unit_price=price, list_price=price,
                      vat_rate_bp=500, by_weight=True) for i, (grams, price) in enumerate(items)]
    totals = price_cart(lines)
    assert totals.total == sum(p.net for p in totals.lines)  # totals = lines, rounding or not
    card = min(card, totals.total)
    exact_cash = totals.total - card
    due = round_cash(exact_cash, step)
    payments = ([PaymentIn("card", card, "REF")] if card else []) + (
        [PaymentIn("cash", due + extra)] if due else [])
    if exact_cash and not due:  # less than half a step left: cash cannot pay it, the card pays it exactly
        with pytest.raises(PaymentShort):
            settle(totals.total, payments, step)
        return
    applied, change, rounding = settle(totals.total, payments, step)
    cash = [a for a in applied if a.method == "cash"]
    received = sum(a.tendered for a in cash)
    assert received - change - rounding == exact_cash
    assert sum(a.amount for a in applied) == totals.total + rounding
    assert abs(rounding) * 2 <= step
    if step:
        assert all(a.amount % step == 0 for a in cash)  # payable in whole notes
    assert all(a.amount == a.tendered for a in applied if a.method != "cash")  # non-cash exact


def _weighed_sale(s: Session, outlet: Outlet, grams: int, payments: list[PaymentIn], step: int | None = None) -> Sale:
    product = s.get(Product, outlet.sau_rieng)
    assert product is not None
    result = complete_sale(s, outlet.cashier, [line_for(product, grams, catalogue.vat_table(s))], payments,
                           cash_step=step)
    sale = s.get(Sale, result.sale_id)
    assert sale is not None
    return sale


def test_the_default_step_is_1000_and_a_weighed_total_is_payable_in_notes(sessions: sessionmaker[Session],
                                                                          outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        settings.set(s, "checkout.cash_rounding", settings.KEYS["checkout.cash_rounding"].default)
        assert settings.get(s, "checkout.cash_rounding") == "1000"
        sale = _weighed_sale(s, outlet, 8158, [PaymentIn("cash", 1_400_000)])  # 165.000 ₫/kg × 8,158 kg
        assert sale.total == 1_346_070 and sale.cash_rounding == -70
        assert [p.amount for p in sale.payments] == [1_346_000] and sale.change_due == 54_000
    with sessions.begin() as s:
        card = _weighed_sale(s, outlet, 8158, [PaymentIn("card", 1_346_070, "T1")])
        assert card.cash_rounding == 0 and [p.amount for p in card.payments] == [1_346_070]
        with pytest.raises(PaymentShort):
            _weighed_sale(s, outlet, 8158, [PaymentIn("cash", 1_345_999)])


def test_receipt_z_report_and_check_show_the_rounding(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions, opening_float=500_000)
    with sessions.begin() as s:
        sale = _weighed_sale(s, outlet, 8158, [PaymentIn("cash", 1_350_000)], step=1000)
        sale2 = _weighed_sale(s, outlet, 1003, [PaymentIn("cash", 200_000)], step=1000)  # 165.495 → 165.000
        sale_id = sale.id
        assert sale2.cash_rounding == -495
    with sessions() as s:
        text = "\n".join(text_lines(printing.sale_document(s, sale_id), RenderOptions(mode="text")))
        assert "Làm tròn (tiền mặt)" in text and "-70" in text
        z = shifts.z_report(s, shifts.open_shift_for(s, outlet.terminal_id))  # type: ignore[arg-type]
        assert z.cash_rounding == -565
        assert z.net_sales + z.cash_rounding == sum(z.by_method.values())
        # The drawer holds whole notes: a blind count of exactly that closes with no over/short.
        expected = z.expected_cash
    assert expected % 1000 == 0
    notes = {}
    rest = expected
    for note in shifts.BANKNOTES:
        notes[note], rest = divmod(rest, note)
    assert rest == 0
    with sessions.begin() as s:
        closed = shifts.close_shift(s, outlet.cashier, {k: v for k, v in notes.items() if v})
    assert closed.over_short == 0
    with sessions() as s:
        assert not [f for f in check.check_database(s) if "payments" in f.rule]
        s.get(Sale, sale_id).cash_rounding = 10  # type: ignore[union-attr]
        s.flush()
        assert [f for f in check.check_database(s) if "payments" in f.rule]
        s.rollback()


def test_the_payment_dialog_rounds_the_cash_due(qtbot: QtBot) -> None:
    dialog = PaymentDialog(1_346_110, "CL01-261203-0001", lambda _a: None, cash_step=1000)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.cash_remaining() == 1_346_000
    assert "1.346.000" in dialog.cash_label.text() and "-110" in dialog.cash_label.text()
    dialog.quick_cash(None)  # Exact cash [F5]: the rounded amount
    assert dialog.remaining() == 0 and dialog.change() == 0 and dialog.cash_rounding() == -110
    assert dialog.complete_button.isEnabled()
    dialog.remove_last()
    dialog.quick_cash(1_400_000)
    assert dialog.change() == 54_000
    exact = PaymentDialog(1_346_110, "CL01-261203-0001", lambda _a: None, cash_step=0)  # type: ignore[arg-type]
    qtbot.addWidget(exact)
    assert exact.cash_remaining() == 1_346_110 and exact.cash_label.text() == ""
