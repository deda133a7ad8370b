"""``showroom-pos einvoice status|send|retry|resolve|export``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import cli
from showroom_pos.core.clock import business_day
from showroom_pos.services import settings as business_settings
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import EInvoice, Product
from tests.conftest import Outlet
from tests.einvoice_support import EINVOICE_TABLE, switch_on


def sell(sessions: sessionmaker[Session], outlet: Outlet) -> str:
    with sessions.begin() as s:
        p = s.get(Product, outlet.tra)
        assert p is not None
        line = sale_writer.line_for(p, 1, vat_rates.vat_table(s))
        return sale_writer.complete_sale(s, outlet.cashier, [line], [sale_writer.PaymentIn("cash", line.gross)]).sale_id


def test_status_send_retry_resolve_export(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outlet.open_shift(sessions)
    drop = tmp_path / "drop"
    switch_on(sessions, einvoice__export_folder=str(drop))
    sell(sessions, outlet)
    sell(sessions, outlet)
    db = ["--db", str(db_path)]
    assert cli.main(["einvoice", "status", *db]) == 0
    out = capsys.readouterr().out
    with sessions() as s:
        symbol = s.scalars(select(EInvoice.symbol)).first()
    assert "E-invoicing: on; provider: file" in out and "Pending: 2" in out and "parked: 0" in out
    assert f"1{symbol}-00000001" in out and f"1{symbol}-00000002" in out

    assert cli.main(["einvoice", "send", *db]) == 0
    assert "2 accepted" in capsys.readouterr().out
    day = drop / business_day().isoformat()
    assert (day / f"1{symbol}-00000001.xml").exists() and (day / "tong-hop.xlsx").exists()
    assert cli.main(["einvoice", "status", *db]) == 0
    assert "Pending: 0" in capsys.readouterr().out

    # A void's notice parked (as a provider without a call for it would): retry, then resolved by hand.
    with sessions.begin() as s:
        s.execute(EINVOICE_TABLE.update().values(status="parked", last_error="refused: test"))
    assert cli.main(["einvoice", "status", *db]) == 0
    assert "refused: test" in capsys.readouterr().out
    assert cli.main(["einvoice", "retry", f"1{symbol}-00000002", *db]) == 0
    assert "1 parked e-invoices will be sent again." in capsys.readouterr().out
    assert cli.main(["einvoice", "resolve", f"1{symbol}-00000001", "--note", "nhập tay trên cổng", *db]) == 0
    assert "recorded as dealt with" in capsys.readouterr().out
    with sessions() as s:
        assert sorted(s.scalars(select(EInvoice.status))) == ["accepted", "pending"]

    export = tmp_path / "export"
    assert cli.main(["einvoice", "export", str(export), "--day", "today", *db]) == 0
    assert "2 e-invoices written" in capsys.readouterr().out
    assert sorted(p.name for p in (export / business_day().isoformat()).iterdir()) == sorted(
        [f"1{symbol}-00000001.xml", f"1{symbol}-00000002.xml", "tong-hop.csv", "tong-hop.xlsx"])


def test_send_exits_1_while_something_is_left(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outlet.open_shift(sessions)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    switch_on(sessions, einvoice__export_folder=str(blocker))
    sell(sessions, outlet)
    assert cli.main(["einvoice", "send", "--db", str(db_path)]) == 1
    captured = capsys.readouterr()
    assert "1 to retry" in captured.out and "Last error" in captured.err
    with sessions.begin() as s:
        business_settings.set(s, "einvoice.export_folder", str(tmp_path / "ok"))
    assert cli.main(["einvoice", "send", "--db", str(db_path)]) == 0


def test_status_says_what_is_missing(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    with sessions.begin() as s:
        business_settings.set(s, "einvoice.enabled", "yes")
    assert cli.main(["einvoice", "status", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Not ready: the invoice symbol (einvoice.symbol)" in out


def test_check_finds_a_gap_in_the_invoice_numbers(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    outlet.open_shift(sessions)
    switch_on(sessions)
    for _ in range(3):
        sell(sessions, outlet)
    assert cli.main(["check", "--db", str(db_path)]) == 0
    capsys.readouterr()
    with sessions.begin() as s:  # as if a number had been lost (never possible through the services)
        s.execute(EINVOICE_TABLE.update().where(EInvoice.number == 3).values(number=4))
    assert cli.main(["check", "--db", str(db_path)]) == 1
    assert "e-invoice numbers are gapless per form and symbol" in capsys.readouterr().err


def test_report_per_day(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    outlet.open_shift(sessions)
    switch_on(sessions)
    for _ in range(3):
        sell(sessions, outlet)
    with sessions.begin() as s:
        s.execute(EINVOICE_TABLE.update().where(EInvoice.number == 1).values(status="accepted"))
        s.execute(EINVOICE_TABLE.update().where(EInvoice.number == 2).values(status="parked"))
    assert cli.main(["einvoice", "report", "--format", "csv", "--db", str(db_path)]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert rows[0] == "Day,Issued,Notices,Accepted,Pending,Refused,Invoiced"
    assert rows[1] == f"{business_day().isoformat()},3,0,1,1,1,195000"
    assert cli.main(["einvoice", "report", "--db", str(db_path)]) == 0
    assert "195.000" in capsys.readouterr().out
