"""Set-up, users, settings, the sale service and the invariant checker."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import CartLine
from showroom_pos.core.errors import UserError, ValidationError
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import check, settings, shifts, users
from showroom_pos.services.catalogue import product_fields, products, vat_rates
from showroom_pos.services.shifts import NoOpenShift
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import AuditEvent, OutboxItem, Payment, Product, Sale, SaleLine, StockMovement, VatRate

from .conftest import CASHIER_PIN, Outlet


def _line(s: Session, product_id: int, qty: int = 1) -> CartLine:
    product = s.get(Product, product_id)
    assert product is not None
    return sale_writer.line_for(product, qty, vat_rates.vat_table(s))


def test_a_sale_writes_everything_in_one_transaction(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        result = sale_writer.complete_sale(s, outlet.cashier, [_line(s, outlet.mam_tom, 2), _line(s, outlet.tra)],
                                           [sale_writer.PaymentIn("cash", 200_000)])
    assert result.total == 175_000 and result.change_due == 25_000
    assert result.receipt_no.startswith("CL01-") and result.receipt_no.endswith("-0001")
    with sessions() as s:
        sale = s.get(Sale, result.sale_id)
        assert sale is not None and sale.total == 175_000
        assert s.scalar(select(func.count()).select_from(SaleLine)) == 2
        assert s.scalar(select(func.sum(Payment.tendered))) == 200_000
        assert s.get_one(Product, outlet.mam_tom).on_hand == -2
        assert s.scalar(select(func.count()).select_from(StockMovement).where(StockMovement.kind == "sale")) == 2
        assert s.scalar(select(func.count()).select_from(OutboxItem)) == 1
        assert s.scalar(select(func.count()).where(AuditEvent.kind == "sale.completed")) == 1
        assert check.check_database(s) == []


def test_receipt_numbers_are_gapless_and_a_failed_sale_leaves_nothing(sessions: sessionmaker[Session],
                                                                      outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    numbers = []
    for i in range(3):
        with sessions.begin() as s:
            numbers.append(sale_writer.complete_sale(s, outlet.cashier, [_line(s, outlet.tra)],
                                                     [sale_writer.PaymentIn("card", 65_000, f"ref{i}")]).receipt_no)
        with pytest.raises(UserError), sessions.begin() as s:
            sale_writer.complete_sale(s, outlet.cashier, [_line(s, outlet.tra)],
                                      [sale_writer.PaymentIn("cash", 10_000)])
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003"]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 3
        assert check.check_database(s) == []


def test_no_sale_without_an_open_shift(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with pytest.raises(NoOpenShift), sessions.begin() as s:
        sale_writer.complete_sale(s, outlet.cashier, [_line(s, outlet.tra)], [sale_writer.PaymentIn("cash", 65_000)])


@pytest.mark.parametrize("payments,error", [
    ([sale_writer.PaymentIn("cash", 60_000)], "still to pay"),
    ([sale_writer.PaymentIn("card", 70_000)], "cannot exceed"),
    ([sale_writer.PaymentIn("bitcoin", 65_000)], "Unknown payment"),
    ([sale_writer.PaymentIn("card", 65_000), sale_writer.PaymentIn("cash", 10_000)], "Nothing is left"),
])
def test_payments_that_do_not_add_up_are_refused(payments: list[sale_writer.PaymentIn], error: str) -> None:
    with pytest.raises(UserError) as info:
        sale_writer.apply_payments(65_000, payments)
    assert error in info.value.text()


def test_split_payment_gives_change_only_from_cash() -> None:
    applied, change = sale_writer.apply_payments(175_000, [sale_writer.PaymentIn("transfer", 100_000),
                                                           sale_writer.PaymentIn("cash", 100_000)])
    assert change == 25_000
    assert [(a.method, a.amount, a.tendered) for a in applied] == [("transfer", 100_000, 100_000),
                                                                    ("cash", 75_000, 100_000)]


def test_check_finds_a_ledger_edited_by_hand(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        sale_writer.complete_sale(s, outlet.cashier, [_line(s, outlet.tra)], [sale_writer.PaymentIn("cash", 65_000)])
    with sessions.begin() as s:
        s.execute(text("UPDATE stock_movement SET qty = qty - 1 WHERE kind = 'sale'"))
    with sessions() as s:
        findings = check.check_database(s)
    assert {f.rule for f in findings} >= {"on-hand equals the stock ledger"}


def test_pins_too_short_are_refused_at_creation(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with pytest.raises(ValidationError), sessions.begin() as s:
        users.create_user(s, "Lê Văn An", "cashier", "12")


def test_a_wrong_pin_changes_nothing_but_the_attempt_count(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s:
        with pytest.raises(users.LoginFailed):
            users.authenticate(s, outlet.cashier_id, "0000")
        s.commit()
        assert users.authenticate(s, outlet.cashier_id, CASHIER_PIN).id == outlet.cashier_id


def test_settings_validate_and_refuse_unknown_keys(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        assert settings.get(s, "printer.connection") == "none"
        settings.set(s, "printer.connection", "network:192.168.1.50:9100")
        settings.set(s, "outlet.name", "Điểm OCOP Chợ Gạo")
        settings.set(s, "province.token", "secret-token-1234")
    with sessions() as s:
        assert settings.get(s, "printer.connection") == "network:192.168.1.50:9100"
        assert settings.get(s, "outlet.name") == "Điểm OCOP Chợ Gạo"
        assert settings.display(s, "province.token").endswith("1234")
        assert "secret" not in settings.display(s, "province.token")
        for key, value in [("no.such.key", "1"), ("printer.connection", "lpt1"), ("outlet.tax_code", "123"),
                           ("bank.bin", "97"), ("scanner.max_key_interval_ms", "fast")]:
            with pytest.raises(ValidationError):
                settings.set(s, key, value)


def test_vat_rate_follows_its_validity_dates(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    from datetime import date

    with sessions() as s:
        assert vat_rates.vat_rate_bp(s, "standard", date(2025, 6, 30)) == 1000
        assert vat_rates.vat_rate_bp(s, "standard", date(2026, 11, 28)) == 800
        assert vat_rates.vat_rate_bp(s, "standard", date(2027, 1, 1)) == 1000
        assert vat_rates.vat_rate_bp(s, "reduced", date(2026, 1, 1)) == 500
        # The till's table of a day, read in one statement, agrees with the rate of each category.
        for day in (date(2025, 6, 30), date(2026, 12, 31), date(2027, 1, 1)):
            table = vat_rates.vat_table(s, day)
            assert table == {c: vat_rates.vat_rate_bp(s, c, day) for c in vat_rates.vat_categories(s)}
        assert vat_rates.vat_table(s, date(2026, 12, 31))["standard"] == 800
        # A category left without a rate on a day is an error naming it, never a sale without VAT.
        s.add(VatRate(category="luxury", rate_bp=1500, valid_from=date(2030, 1, 1), valid_to=None))
        s.flush()
        with pytest.raises(ValidationError, match="luxury"):
            vat_rates.vat_table(s, date(2027, 1, 1))


def test_shift_close_reports_over_and_short(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions, 500_000)
    with sessions.begin() as s:
        sale_writer.complete_sale(s, outlet.cashier, [_line(s, outlet.tra)], [sale_writer.PaymentIn("cash", 100_000)])
    with sessions.begin() as s:
        report = shifts.close_shift(s, outlet.cashier, {500_000: 1, 50_000: 1, 10_000: 1})
    assert report.expected_cash == 565_000
    assert report.counted_cash == 560_000
    assert report.over_short == -5_000
    assert report.receipts == 1 and report.by_method == {"cash": 65_000}


def test_prefetch_hands_over_a_read_once(app_context: AppContext, outlet: Outlet) -> None:
    from showroom_pos.services.till.product_lookup import ProductIndex

    app_context.prefetch("product_index", ProductIndex.load)
    index = app_context.take_prefetched("product_index")
    assert isinstance(index, ProductIndex) and len(index) == 3
    assert app_context.take_prefetched("product_index") is None  # taken once: the next screen reads afresh
    app_context.prefetch("broken", lambda s: 1 / 0)
    assert app_context.take_prefetched("broken") is None


def test_a_product_at_the_placeholder_price_cannot_be_put_on_sale(sessions: sessionmaker[Session],
                                                                 outlet: Outlet) -> None:
    with sessions.begin() as s:
        pid = products.add_product(s, product_fields.ProductInput(sku="NEW-1", name="Bánh pía", price=1,
                                                                  active=False)).id
    with pytest.raises(ValidationError), sessions.begin() as s:
        products.set_product_active(s, outlet.manager, pid, True)
    with sessions.begin() as s:
        s.get_one(Product, pid).price = 45_000
        products.set_product_active(s, outlet.manager, pid, True)
    with sessions() as s:
        assert s.get_one(Product, pid).active
