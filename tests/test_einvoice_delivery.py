"""Delivering e-invoices: the outbox (pending until accepted, backoff, exactly once by key, parked with the
provider's reason), the file drop, and the SePay provider against a local double of its documented API:
accepted, refused, timeouts, duplicate submissions, token expiry, rate limits, an outage during a day of sales."""

from __future__ import annotations

import csv
import random
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import ValidationError
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.einvoice import Buyer, document, issue, outbox, providers
from showroom_pos.services.einvoice.providers import Accepted, Refused, Retryable, Unauthorized, Waiting
from showroom_pos.services.einvoice.providers.file import FileDrop
from showroom_pos.services.einvoice.providers.sepay import SePay
from showroom_pos.services.till import sale_returns, sale_writer, voids
from showroom_pos.storage.models import EInvoice, Product, SaleLine
from tests.conftest import Outlet
from tests.einvoice_support import BUYER_TAX_CODE, EINVOICE_TABLE, switch_on
from tests.sepay_double import ACCOUNT, CLIENT_ID, CLIENT_SECRET, LiveDouble


def sell(sessions: sessionmaker[Session], outlet: Outlet, product: int, qty: int = 1,
         buyer: Buyer | None = None) -> sale_writer.SaleResult:
    with sessions.begin() as s:
        p = s.get(Product, product)
        assert p is not None
        line = sale_writer.line_for(p, qty, vat_rates.vat_table(s))
        return sale_writer.complete_sale(s, outlet.cashier, [line], [sale_writer.PaymentIn("cash", line.gross)],
                                         buyer=buyer)


@pytest.fixture
def invoicing(sessions: sessionmaker[Session], outlet: Outlet) -> Outlet:
    outlet.open_shift(sessions)
    switch_on(sessions)
    return outlet


def states(sessions: sessionmaker[Session]) -> list[tuple[int | None, str]]:
    with sessions() as s:
        return [(n, st) for n, st in s.execute(select(EInvoice.number, EInvoice.status)
                                                 .order_by(EInvoice.issued_at, EInvoice.number))]


# --- the file drop -------------------------------------------------------------------------------------------


def test_the_file_drop_writes_each_invoice_and_the_days_summary(sessions: sessionmaker[Session],
                                                               invoicing: Outlet, tmp_path: Path) -> None:
    outlet = invoicing
    a = sell(sessions, outlet, outlet.mam_tom, 2, Buyer(name="Công ty ABC", tax_code=BUYER_TAX_CODE,
                                                        address="1 Tràng Tiền"))
    sell(sessions, outlet, outlet.tra)
    folder = tmp_path / "drop"
    result = outbox.deliver_once(sessions, FileDrop(folder))
    assert result.accepted == 2 and states(sessions) == [(1, "accepted"), (2, "accepted")]
    day = folder / business_day().isoformat()
    with sessions() as s:
        row = s.scalars(select(EInvoice).where(EInvoice.sale_id == a.sale_id)).one()
        written = (day / f"1{row.symbol}-00000001.xml").read_bytes()
        assert written == row.xml.encode("utf-8")  # the frozen document, byte for byte
        assert document.from_xml(written).number == 1
    assert sorted(p.name for p in day.iterdir()) == sorted(
        [f"1{row.symbol}-00000001.xml", f"1{row.symbol}-00000002.xml", "tong-hop.csv", "tong-hop.xlsx"])
    with (day / "tong-hop.csv").open(encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    assert table[0][0] == "Ký hiệu - Số" and [r[0] for r in table[1:]] == [
        f"1{row.symbol}-00000001", f"1{row.symbol}-00000002"]
    assert table[1][5] == "Công ty ABC" and table[1][6] == BUYER_TAX_CODE
    sheet = load_workbook(day / "tong-hop.xlsx").active
    assert sheet is not None and sheet.max_row == 3
    # Sent again (after a requeue, a second till…): the same file, the same bytes, no second invoice.
    with sessions.begin() as s:
        s.execute(EINVOICE_TABLE.update().values(status="pending"))
    outbox.deliver_once(sessions, FileDrop(folder))
    assert len([p for p in day.iterdir() if p.suffix == ".xml"]) == 2
    assert (day / f"1{row.symbol}-00000001.xml").read_bytes() == written


def test_an_unwritable_folder_keeps_invoices_pending_with_backoff(sessions: sessionmaker[Session],
                                                                 invoicing: Outlet, tmp_path: Path) -> None:
    sell(sessions, invoicing, invoicing.tra)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    result = outbox.deliver_once(sessions, FileDrop(blocker), rng=random.Random(1))
    assert result.retried == 1 and result.accepted == 0
    with sessions() as s:
        row = s.scalars(select(EInvoice)).one()
        assert row.status == "pending" and row.attempts == 1 and row.last_error
        assert row.next_attempt_at is not None and row.next_attempt_at > now_utc()
    assert outbox.deliver_once(sessions, FileDrop(tmp_path / "ok")).accepted == 0  # not due yet
    assert outbox.deliver_once(sessions, FileDrop(tmp_path / "ok"), force=True).accepted == 1


def test_an_adjustment_waits_for_its_invoice(sessions: sessionmaker[Session], invoicing: Outlet,
                                            tmp_path: Path) -> None:
    done = sell(sessions, invoicing, invoicing.tra, 2)
    with sessions.begin() as s:
        line_id = s.scalars(select(SaleLine.id).where(SaleLine.sale_id == done.sale_id)).one()
        sale_returns.create_return(s, invoicing.manager, done.sale_id, [sale_returns.ReturnItem(line_id, 1)],
                                   refund_method="cash")
    with sessions.begin() as s:  # the invoice itself was refused: parked
        original = s.scalars(select(EInvoice).where(EInvoice.kind == "invoice")).one()
        original.status = "parked"
    result = outbox.deliver_once(sessions, FileDrop(tmp_path))
    assert result.held == 1 and result.accepted == 0
    with sessions.begin() as s:
        assert outbox.requeue(s) == 1
    result = outbox.deliver_once(sessions, FileDrop(tmp_path))
    assert result.accepted == 2 and [st for _n, st in states(sessions)] == ["accepted", "accepted"]


# --- SePay against the double ------------------------------------------------------------------------------


@pytest.fixture
def live() -> Iterator[LiveDouble]:
    server = LiveDouble().start()
    yield server
    server.stop()


def sepay(live: LiveDouble, *, timeout: float = 5.0, secret: str = CLIENT_SECRET) -> SePay:
    return SePay(live.url, CLIENT_ID, secret, ACCOUNT, timeout=timeout, poll_after=0.1)


def settle(sessions: sessionmaker[Session], provider: SePay) -> outbox.DeliveryResult:
    return outbox.send_until_settled(sessions, provider, timeout=20)


def test_sepay_accepts_after_processing(sessions: sessionmaker[Session], invoicing: Outlet,
                                        live: LiveDouble) -> None:
    done = sell(sessions, invoicing, invoicing.mam_tom, 3, Buyer(name="Công ty ABC", tax_code=BUYER_TAX_CODE,
                                                               address="1 Tràng Tiền", email="kt@abc.vn"))
    provider = sepay(live)
    first = outbox.deliver_once(sessions, provider)
    assert first.waiting == 1 and first.accepted == 0  # received, still "Pending" at the provider
    with sessions() as s:
        row = s.scalars(select(EInvoice)).one()
        assert row.status == "pending" and row.provider_ref.startswith("track:") and row.attempts == 0
    result = settle(sessions, provider)
    assert result.accepted == 1
    with sessions() as s:
        row = s.scalars(select(EInvoice)).one()
        assert row.status == "accepted" and row.provider_number == "1" and row.provider_ref.startswith("https://")
        inv = document.from_xml(row.xml)
    [sent] = live.double.issued()
    body = sent["request"]
    assert body["reference_code"] == row.id and body["invoice_series"] == row.symbol and body["template_code"] == "1"
    assert body["total_amount"] == inv.total == row.total and body["payment_method"] == "TM"
    assert body["buyer"] == {"name": "Công ty ABC", "tax_code": BUYER_TAX_CODE, "address": "1 Tràng Tiền",
                             "email": "kt@abc.vn"}
    assert [(i["item_name"], i["quantity"], i["tax_rate"]) for i in body["items"]] == [
        ("Mắm tôm chà Gò Công", 3, 8)]
    assert row.code is not None and row.code in body["notes"] and done.receipt_no in body["notes"]


def test_sepay_refusal_parks_with_the_reason_and_a_requeue_sends_it_again(
        sessions: sessionmaker[Session], invoicing: Outlet, live: LiveDouble) -> None:
    sell(sessions, invoicing, invoicing.tra)
    sell(sessions, invoicing, invoicing.tra)
    live.double.faults.refuse_next = "INVALID_BUYER"
    provider = sepay(live)
    result = settle(sessions, provider)
    assert result.parked == 1 and result.accepted == 1  # the other goes on
    with sessions() as s:
        parked = s.scalars(select(EInvoice).where(EInvoice.status == "parked")).one()
        assert "422" in parked.last_error and "INVALID_BUYER" in parked.last_error
        state = outbox.status(s)
        assert state.parked == 1 and state.pending == 0 and not state.delivered
    with sessions.begin() as s:
        assert outbox.requeue(s, outbox.label(parked), actor=invoicing.manager) == 1
    assert settle(sessions, provider).accepted == 1
    assert [st for _n, st in states(sessions)] == ["accepted", "accepted"] and len(live.double.issued()) == 2


def test_sepay_timeout_then_retry_is_delivered_exactly_once(sessions: sessionmaker[Session], invoicing: Outlet,
                                                           live: LiveDouble) -> None:
    sell(sessions, invoicing, invoicing.tra)
    live.double.faults.slow_seconds = 1.5  # the provider creates it, but its answer comes after our timeout
    slow = sepay(live, timeout=0.5)
    result = outbox.deliver_once(sessions, slow, rng=random.Random(2))
    assert result.retried == 1 and "no answer in time" in result.last_error
    with sessions() as s:
        row = s.scalars(select(EInvoice)).one()
        assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at is not None
    live.double.faults.slow_seconds = 0
    assert settle(sessions, sepay(live)).accepted == 1  # 409 EINVOICE_DOCUMENT_EXISTED → read it back → accepted
    assert live.double.creates == 2 and len(live.double.invoices) == 1


def test_sepay_duplicate_submissions_make_one_invoice(sessions: sessionmaker[Session], invoicing: Outlet,
                                                     live: LiveDouble) -> None:
    for _ in range(3):
        sell(sessions, invoicing, invoicing.tra)
    # Two senders at once (the till's worker and `showroom-pos einvoice send` beside it), twice each.
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            for _ in range(2):
                outbox.send_until_settled(sessions, sepay(live), timeout=20)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert [st for _n, st in states(sessions)] == ["accepted"] * 3
    assert len(live.double.invoices) == 3 and live.double.creates >= 3
    assert sorted(int(i["invoice_number"]) for i in live.double.issued()) == [1, 2, 3]
    # Each document sent straight to the provider again is recognised, never made twice.
    with sessions() as s:
        invoice = s.scalars(select(EInvoice)).first()
        assert invoice is not None
        item = outbox.submission(invoice)
    assert isinstance(sepay(live).submit(item), Accepted) and len(live.double.invoices) == 3


def test_sepay_token_expiry_and_wrong_credentials(sessions: sessionmaker[Session], invoicing: Outlet,
                                                  live: LiveDouble) -> None:
    sell(sessions, invoicing, invoicing.tra)
    wrong = outbox.deliver_once(sessions, sepay(live, secret="wrong"))
    assert "refused the client id and secret" in wrong.last_error
    with sessions() as s:
        row = s.scalars(select(EInvoice)).one()
        assert row.status == "pending" and row.attempts == 0  # nothing parked: the setting is wrong, not the invoice
        assert "client id" in outbox.status(s).last_error
    provider = sepay(live)
    provider.token()
    live.double.faults.expire_tokens = True  # 24 hours later: the token is refused once, a new one is fetched
    assert settle(sessions, provider).accepted == 1


def test_sepay_rate_limit_and_5xx_back_off(sessions: sessionmaker[Session], invoicing: Outlet,
                                          live: LiveDouble) -> None:
    sell(sessions, invoicing, invoicing.tra)
    provider = sepay(live)
    provider.token()
    live.double.faults.rate_limit = 1
    result = outbox.deliver_once(sessions, provider, rng=random.Random(3))
    assert result.retried == 1 and "429" in result.last_error
    with sessions() as s:
        row = s.scalars(select(EInvoice)).one()
        assert row.next_attempt_at is not None and row.next_attempt_at > now_utc() + timedelta(seconds=0.9)
    with pytest.raises(Retryable) as info:
        live.double.faults.outage = True
        provider.submit(outbox.submission(row))
    assert info.value.status == 503 and info.value.retry_after == 1.0
    live.double.faults.outage = False
    assert outbox.deliver_once(sessions, provider, force=True).waiting == 1


def test_sepay_async_failure_is_parked_with_its_message(sessions: sessionmaker[Session], invoicing: Outlet,
                                                       live: LiveDouble) -> None:
    sell(sessions, invoicing, invoicing.tra)
    live.double.faults.fail_next = "Ký hiệu C26MAA chưa được đăng ký với cơ quan thuế"
    result = settle(sessions, sepay(live))
    assert result.parked == 1
    with sessions() as s:
        row = s.scalars(select(EInvoice)).one()
        assert row.status == "parked" and "chưa được đăng ký" in row.last_error


def test_sepay_refuses_what_its_api_has_no_call_for(sessions: sessionmaker[Session], invoicing: Outlet,
                                                   live: LiveDouble) -> None:
    done = sell(sessions, invoicing, invoicing.tra)
    with sessions.begin() as s:
        voids.void_sale(s, invoicing.manager, done.sale_id, approved_by=invoicing.manager_id, reason="nhầm")
    result = settle(sessions, sepay(live))
    assert result.accepted == 1 and result.parked == 1
    with sessions() as s:
        notice = s.scalars(select(EInvoice).where(EInvoice.kind == "cancellation")).one()
        assert notice.status == "parked" and "no call for a 04/SS-HĐĐT notice" in notice.last_error
    with sessions.begin() as s, pytest.raises(ValidationError):
        outbox.resolve(s, notice.id, "  ")
    with sessions.begin() as s:
        outbox.resolve(s, notice.id[:8], "hủy trên cổng của nhà cung cấp", actor=invoicing.manager)
    with sessions() as s:
        assert s.get_one(EInvoice, notice.id).status == "accepted"


def test_an_outage_during_a_day_of_sales(sessions: sessionmaker[Session], invoicing: Outlet,
                                         live: LiveDouble) -> None:
    """The provider is down all morning: every sale completes at once with its number (no network on the way),
    the worker backs off; when it comes back, everything is delivered once, in number order."""
    live.double.faults.outage = True
    provider = sepay(live, timeout=2.0)
    for n in range(12):
        sell(sessions, invoicing, invoicing.tra if n % 2 else invoicing.mam_tom, 1 + n % 3)
        if n % 4 == 3:
            result = outbox.deliver_once(sessions, provider, rng=random.Random(n))
            assert result.accepted == 0 and result.retried >= 1
    assert live.double.creates == 0  # nothing got through, and no sale waited for it
    with sessions() as s:
        state = outbox.status(s)
        assert state.pending == 12 and state.parked == 0 and "503" in state.last_error
        retried = s.scalar(select(func.count()).select_from(EInvoice).where(EInvoice.attempts > 0))
        assert retried and retried >= 1
    live.double.faults.outage = False
    result = settle(sessions, provider)
    assert result.accepted == 12
    assert [st for _n, st in states(sessions)] == ["accepted"] * 12
    assert len(live.double.invoices) == 12
    with sessions() as s:  # the provider numbered them in the same order as the till
        ours = {r.id: r.number for r in s.scalars(select(EInvoice))}
    assert {ref: int(inv["invoice_number"]) for ref, inv in live.double.invoices.items()} == ours


def test_the_worker_delivers_in_the_background(sessions: sessionmaker[Session], invoicing: Outlet,
                                              tmp_path: Path) -> None:
    seen: list[outbox.Status] = []
    worker = outbox.DeliveryWorker(sessions, outbox.provider_factory(sessions, tmp_path), interval=0.2,
                                   on_status=seen.append)
    worker.start()
    try:
        sell(sessions, invoicing, invoicing.tra)
        worker.wake()
        from tests.province_support import wait_until

        wait_until(lambda: bool(seen) and seen[-1].pending == 0 and seen[-1].accepted_today == 1,
                   what="delivery", timeout=10)
    finally:
        worker.stop()
    assert list(tmp_path.glob("*/*.xml"))


def test_providers_are_one_module_each_and_named_in_settings(sessions: sessionmaker[Session],
                                                            invoicing: Outlet) -> None:
    assert providers.available() == ("file", "sepay")
    assert providers.label("sepay") == "SePay eInvoice API"
    from showroom_pos.services import settings

    with sessions.begin() as s, pytest.raises(ValidationError):
        settings.set(s, "einvoice.provider", "viettel")
    with sessions() as s:
        cfg = issue.config(s)
    assert isinstance(providers.create("sepay", cfg, Path(".")), SePay)


def test_reports_count_per_day_and_the_shift_range(sessions: sessionmaker[Session], invoicing: Outlet,
                                                   tmp_path: Path) -> None:
    for _ in range(3):
        sell(sessions, invoicing, invoicing.tra)
    with sessions.begin() as s:
        s.execute(EINVOICE_TABLE.update().where(EInvoice.number == 2).values(status="parked"))
    outbox.deliver_once(sessions, FileDrop(tmp_path))
    with sessions() as s:
        [day] = outbox.per_day(s, business_day() - timedelta(days=1), business_day())
        assert (day.issued, day.accepted, day.pending, day.refused, day.notices) == (3, 2, 0, 1, 0)
        shift_id = s.scalars(select(EInvoice.shift_id)).first()
        assert shift_id is not None
        span = outbox.shift_range(s, shift_id)
        symbol = s.scalars(select(EInvoice.symbol)).first()
    assert span == outbox.ShiftRange(f"1{symbol}-00000001", f"1{symbol}-00000003", 3)


def test_waiting_and_refused_are_the_only_outcomes_a_provider_gives() -> None:
    assert {Accepted, Waiting} and issubclass(Refused, providers.ProviderError)
    assert issubclass(Unauthorized, providers.ProviderError)
