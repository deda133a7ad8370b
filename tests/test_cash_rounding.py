"""Issue 14: cash rounding. Cash pays what is left of a sale rounded half up to the step (default 1.000 ₫);
the difference is its own figure on the sale, the receipt, the Z report and in ``check``; card, transfer and
e-wallet pay the exact amount."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core import clock
from showroom_pos.core.cart import CartLine, price_cart
from showroom_pos.core.money import CASH_STEPS, round_cash
from showroom_pos.core.vietqr import VietQR
from showroom_pos.hardware.receipt_render import RenderOptions, text_lines
from showroom_pos.services import check, printing, settings, shifts, summary
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.reports import cash_report, period_summary, sales_report
from showroom_pos.services.till import sale_returns
from showroom_pos.services.till.sale_writer import PaymentIn, PaymentShort, complete_sale, line_for, settle
from showroom_pos.storage.models import Product, Sale, SaleReturn
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
    result = complete_sale(s, outlet.cashier, [line_for(product, grams, vat_rates.vat_table(s))], payments,
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
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        z = shifts.z_report(s, shift)
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
        s.get_one(Sale, sale_id).cash_rounding = 10
        s.flush()
        assert [f for f in check.check_database(s) if "payments" in f.rule]
        s.rollback()


def no_transfer(amount: int) -> VietQR:
    raise AssertionError("these payments take no bank transfer")


def test_the_payment_dialog_rounds_the_cash_due(qtbot: QtBot) -> None:
    dialog = PaymentDialog(1_346_110, "CL01-261203-0001", no_transfer, cash_step=1000)
    qtbot.addWidget(dialog)
    assert dialog.cash_remaining() == 1_346_000
    assert "1.346.000" in dialog.cash_label.text() and "-110" in dialog.cash_label.text()
    dialog.quick_cash(None)  # Exact cash [F5]: the rounded amount
    assert dialog.remaining() == 0 and dialog.change() == 0 and dialog.cash_rounding() == -110
    assert dialog.complete_button.isEnabled()
    dialog.remove_last()
    dialog.quick_cash(1_400_000)
    assert dialog.change() == 54_000
    exact = PaymentDialog(1_346_110, "CL01-261203-0001", no_transfer, cash_step=0)
    qtbot.addWidget(exact)
    assert exact.cash_remaining() == 1_346_110 and exact.cash_label.text() == ""


# --- cash refunds (a return paid back in cash) and the cash reports -----------------------------------------


def _return(s: Session, outlet: Outlet, sale: Sale, grams: int, method: str, step: int | None = None
            ) -> sale_returns.ReturnResult:
    [line] = sale.lines
    return sale_returns.create_return(s, outlet.cashier, sale.id, [sale_returns.ReturnItem(line.id, grams)],
                                      refund_method=method, approved_by=outlet.manager_id, cash_step=step)


def test_a_cash_refund_is_rounded_to_the_step_and_kept_as_its_own_figure(sessions: sessionmaker[Session],
                                                                          outlet: Outlet) -> None:
    outlet.open_shift(sessions, opening_float=500_000)
    with sessions.begin() as s:
        sale = _weighed_sale(s, outlet, 8158, [PaymentIn("card", 1_346_070, "T1")])  # 165.000 ₫/kg × 8,158 kg
        sale_id = sale.id
        result = _return(s, outlet, sale, 1003, "cash", step=1000)  # 165.495 ₫ back → 165.000 ₫ in notes
        by_card = _return(s, outlet, sale, 1000, "card", step=1000)  # a card refund is exact
    assert (result.refund_total, result.cash_rounding, result.paid_out) == (165_495, -495, 165_000)
    assert (by_card.refund_total, by_card.cash_rounding) == (165_000, 0)
    with sessions() as s:
        ret = s.get(SaleReturn, result.return_id)
        assert ret is not None and ret.cash_rounding == -495 and ret.paid_out == 165_000
        assert sum(line.amount for line in ret.lines) == ret.refund_total == 165_495  # lines and VAT exact
        assert sum(line.vat_amount for line in ret.lines) == ret.vat_total
        slip = "\n".join(text_lines(printing.return_document(s, result.return_id), RenderOptions(mode="text")))
        assert "Làm tròn (tiền mặt)" in slip and "-495" in slip and "165.495" in slip
        assert any("Hoàn lại khách" in line and "165.000" in line for line in slip.splitlines()), slip
        assert printing.request_for_return(s, result.return_id).kick_drawer
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        z = shifts.z_report(s, shift)
        assert (z.refund_rounding, z.refunds_by_method["cash"], z.returns) == (-495, 165_000, 330_495)
        assert z.expected_cash == 500_000 - 165_000
        x_paper = "\n".join(text_lines(printing.z_report_document(s, shift.id), RenderOptions(mode="text")))
        assert "Làm tròn tiền mặt hoàn lại" in x_paper and "-495" in x_paper
        z_rows = dict(cash_report.z_report(s, shift.id).rows)
        assert z_rows["Cash rounding on refunds"] == -495
        # The province hears what each method paid back, as the drawer saw it.
        assert summary.compute(s, clock.business_day()).refunds == {"card": 165_000, "cash": 165_000}
        assert not check.check_database(s)
        s.get_one(SaleReturn, result.return_id).cash_rounding = 10
        s.flush()
        assert [f for f in check.check_database(s) if f.rule == "return refunds equal their lines"]
        s.rollback()
        assert sale_id


def test_a_sale_rounded_down_is_refunded_whole_in_notes(sessions: sessionmaker[Session],
                                                           outlet: Outlet) -> None:
    outlet.open_shift(sessions, opening_float=0)
    with sessions.begin() as s:
        sale = _weighed_sale(s, outlet, 1003, [PaymentIn("cash", 165_000)], step=1000)  # 165.495 → 165.000 taken
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        assert shifts.expected_cash(s, shift) == 165_000
        result = _return(s, outlet, sale, 1003, "cash", step=1000)  # the exact 165.495 back: 165.000 in notes
        assert result.paid_out == 165_000
        assert shifts.expected_cash(s, shift) == 0


sale_plans = st.lists(
    st.tuples(st.integers(1, 4000),  # grams at 165.000 ₫/kg
              st.sampled_from(["cash", "card", "split"]),
              st.integers(0, 4000),  # grams brought back (capped by what was sold; 0 = none)
              st.sampled_from(["cash", "card"])),  # how it is refunded
    min_size=1, max_size=5)
cash_moves = st.lists(st.integers(-50, 50).filter(bool).map(lambda n: n * 1000), max_size=3)  # notes in or out


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=sale_plans, moves=cash_moves, extra=st.integers(0, 200_000))
def test_the_z_report_balances_with_a_blind_count_in_whole_notes(sessions: sessionmaker[Session], outlet: Outlet,
                                                                 plan: list[tuple[int, str, int, str]],
                                                                 moves: list[int], extra: int) -> None:
    """Whatever is sold and brought back, by cash, card or both, rounded to 1.000 ₫ and with cash put in or taken
    out in notes: the drawer holds whole notes, a blind count of exactly them closes with no over/short, and the
    cash figures of the Z report, the shift history and the payments report agree."""
    with sessions.begin() as s:
        settings.set(s, "checkout.cash_rounding", "1000")
        left_open = shifts.open_shift_for(s, outlet.terminal_id)  # an example that failed half-way (shrinking)
        if left_open is not None:
            shifts.close_shift(s, outlet.cashier, {})
        shifts.open_shift(s, outlet.cashier, 2_000_000)
    for grams, paid_by, back, refund_by in plan:
        with sessions.begin() as s:
            total = price_cart([line_for(s.get_one(Product, outlet.sau_rieng), grams,
                                         vat_rates.vat_table(s))]).total
            due = round_cash(total, 1000)
            if paid_by == "split" and not round_cash(total - total // 2, 1000):
                paid_by = "card"  # less than half a note left for cash: the card pays it all
            payments = {"cash": [PaymentIn("cash", due + extra)] if due else [PaymentIn("card", total, "T")],
                        "card": [PaymentIn("card", total, "T")],
                        "split": [PaymentIn("card", total // 2, "T"), PaymentIn("cash", total)]}[paid_by]
            sale = _weighed_sale(s, outlet, grams, payments)
            if back:
                _return(s, outlet, sale, min(back, grams), refund_by if refund_by in sale_methods(sale) else "cash")
    for amount in moves:
        with sessions.begin() as s:
            shift = shifts.open_shift_for(s, outlet.terminal_id)
            assert shift is not None
            if amount > 0 or shifts.expected_cash(s, shift) + amount >= 0:
                shifts.cash_movement(s, outlet.cashier, amount, "notes")
    with sessions() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        shift_id = shift.id
        z = shifts.z_report(s, shift)
    # Cash through the drawer = cash received − change, less cash handed back; the roundings are their own lines.
    assert sum(z.by_method.values()) - sum(z.refunds_by_method.values()) == (
        z.net_sales + z.cash_rounding - z.refund_rounding)
    assert z.expected_cash == (z.opening_float + z.by_method.get("cash", 0) - z.refunds_by_method.get("cash", 0)
                               + z.cash_in - z.cash_out)
    assert z.expected_cash % 1000 == 0
    notes, rest = {}, z.expected_cash
    for note in shifts.BANKNOTES:
        notes[note], rest = divmod(rest, note)
    with sessions.begin() as s:
        closed = shifts.close_shift(s, outlet.cashier, {k: v for k, v in notes.items() if v})
    assert closed.over_short == 0
    with sessions() as s:
        day = clock.business_day()
        [row] = [r for r in cash_report.shift_history(s, day, day).rows if r[0] == shift_id]
        history = dict(zip((c.key for c in cash_report.shift_history(s, day, day).columns), row, strict=True))
        assert history["cash_sales"] == z.by_method.get("cash", 0)
        assert history["cash_refunds"] == z.refunds_by_method.get("cash", 0)
        assert history["cash_rounding"] == z.cash_rounding - z.refund_rounding
        assert history["expected_cash"] - history["opening_float"] == (
            history["cash_sales"] - history["cash_refunds"] + z.cash_in - z.cash_out)
        assert history["over_short"] == 0
        # Over every shift so far: money through each method, less its rounding, is the day's net sales.
        by_payment = sales_report.sales(s, day, day, "payment")
        totals = dict(zip((c.key for c in by_payment.columns), by_payment.totals or (), strict=True))
        assert totals["net"] - totals["cash_rounding"] == period_summary.summary(s, day, day).net
        assert not [f for f in check.check_database(s) if "shift" in f.rule or "payments" in f.rule
                    or "return" in f.rule]


def sale_methods(sale: Sale) -> set[str]:
    return {p.method for p in sale.payments}
