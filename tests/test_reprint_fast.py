"""``showroom-pos reprint`` on sqlite3 alone (issue 17): what it records of a print (the reprint queue's job done, the
sale printed, the copy in the audit log) is row for row what the ORM wrote, the receipt's bytes are those of the
session's path, a reprint that does not print records nothing, and its write transaction behaves as the engine's."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.cli import main
from showroom_pos.core.errors import UserError
from showroom_pos.hardware import printers
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import audit, printing, receipts, settings
from showroom_pos.services.context import SHELL, run_from_shell, shell_done
from showroom_pos.services.till import sale_returns
from showroom_pos.storage import fast_write, sqlite_file, write_errors
from showroom_pos.storage.models import AuditEvent, ReprintQueue, Sale, SaleLine
from showroom_pos.storage.process_lock import os_user

from .conftest import Outlet
from .einvoice_support import switch_on
from .test_receipt_printing import sell


def copy_of(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def context_on() -> Iterator[Any]:
    opened: list[AppContext] = []

    def open_(path: Path) -> AppContext:
        ctx = AppContext.open(AppPaths.resolve(path), engine_now=False)
        opened.append(ctx)
        return ctx

    yield open_
    for ctx in opened:
        ctx.close()


def table(path: Path, name: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()
    conn.close()
    return rows


# --- the records, against the ORM's ---------------------------------------------------------------------------


_ORM_AUDIT = fast_write.Statement.insert(cast(Table, AuditEvent.__table__), (
    "at", "kind", "user_id", "approver_id", "terminal_id", "entity", "entity_id", "details"))


def record_as_the_orm_did(session: Session, prepared: receipts.PreparedJob, now: datetime) -> None:
    """What the print path recorded before (``printing._record_success`` up to issue 17): ORM objects changed and
    flushed, the audit event as SQLAlchemy compiles and binds it."""
    request = prepared.request
    base_kind = receipts.BASE_KIND.get(request.kind, request.kind)
    for job in session.scalars(select(ReprintQueue).where(
            ReprintQueue.kind == base_kind, ReprintQueue.ref == request.ref, ReprintQueue.done_at.is_(None))):
        job.done_at = now
    if request.kind in ("receipt", "receipt_copy"):
        sale = session.get(Sale, request.ref)
        if sale is not None:
            sale.printed = True
    if prepared.copy:
        details = {**SHELL, "label": prepared.label}
        _ORM_AUDIT.execute(session, [{
            "at": now, "kind": "receipt.reprinted", "user_id": request.user_id, "approver_id": None,
            "terminal_id": request.terminal_id, "entity": base_kind, "entity_id": request.ref,
            "details": json.dumps(details, ensure_ascii=False, default=str, sort_keys=True)}])


@pytest.mark.parametrize("kind", ["receipt", "receipt_copy", "return_copy"])
@pytest.mark.parametrize("now", [datetime(2026, 12, 3, 9, 30, 15, 123456, tzinfo=UTC),
                                 datetime(2026, 12, 3, 9, 30, 15, tzinfo=UTC)])
def test_recording_a_print_on_sqlite3_writes_the_rows_the_orm_wrote(
        sessions: sessionmaker[Session], outlet: Outlet, db_path: Path, tmp_path: Path, context_on: Any,
        monkeypatch: pytest.MonkeyPatch, kind: str, now: datetime) -> None:
    outlet.open_shift(sessions)
    sale = sell(sessions, outlet)
    with sessions.begin() as s:
        line_id = s.scalars(select(SaleLine.id).where(SaleLine.sale_id == sale.sale_id)).first()
        assert line_id is not None
        ret = sale_returns.create_return(s, outlet.manager, sale.sale_id, [sale_returns.ReturnItem(line_id, 1)],
                                         refund_method="cash")
    ref = ret.return_id if kind == "return_copy" else sale.sale_id
    with sessions.begin() as s:  # one job printed long ago, one waiting (the sale's, the return's), another's
        printing.enqueue(s, kind, ref, "offline").done_at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with sessions.begin() as s:
        printing.enqueue(s, kind, ref, "offline")
        printing.enqueue(s, "z_report", "another", "offline")
    monkeypatch.setattr(receipts, "now_utc", lambda: now)
    monkeypatch.setattr(audit, "now_utc", lambda: now)
    run_from_shell("showroom-pos reprint X", "kho")
    try:
        request = receipts.PrintRequest(kind, ref, user_id=outlet.manager_id, terminal_id=outlet.terminal_id)
        with sessions() as s:
            prepared = printing.prepare(s, request, printers.PrinterConfig(connection="file:/dev/null"))
        assert prepared.copy == (kind != "receipt")
        orm, plain = copy_of(db_path, tmp_path / "orm.db"), copy_of(db_path, tmp_path / "plain.db")
        with context_on(orm).sessions.begin() as s:
            record_as_the_orm_did(s, prepared, now)
        with context_on(plain).writing() as conn:
            receipts.record_printed(conn, prepared)
    finally:
        shell_done()
    for name in ("audit_event", "print_job", "sale"):
        assert table(plain, name) == table(orm, name), name
    assert table(plain, "audit_event") != table(db_path, "audit_event") or kind == "receipt"
    done = [r[-1] for r in table(plain, "print_job")]
    assert done[0] == "2026-01-02 03:04:05.000000" and done[1] is not None and done[2] is None


def test_a_session_records_a_print_as_a_command_does(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                                     tmp_path: Path, context_on: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """One writer for both: the print station's session and the command's sqlite3 connection."""
    outlet.open_shift(sessions)
    sale = sell(sessions, outlet)
    now = datetime(2026, 12, 3, 9, 30, 15, 5, tzinfo=UTC)
    monkeypatch.setattr(receipts, "now_utc", lambda: now)
    monkeypatch.setattr(audit, "now_utc", lambda: now)
    request = receipts.PrintRequest("receipt_copy", sale.sale_id, user_id=outlet.cashier_id)
    prepared = receipts.PreparedJob(request, printers.PrinterConfig(), b"", "PHIẾU", copy=True)
    by_session, by_command = copy_of(db_path, tmp_path / "a.db"), copy_of(db_path, tmp_path / "b.db")
    with context_on(by_session).sessions.begin() as s:
        receipts.record_printed(s, prepared)
    with context_on(by_command).writing() as conn:
        receipts.record_printed(conn, prepared)
    for name in ("audit_event", "print_job", "sale"):
        assert table(by_command, name) == table(by_session, name), name


# --- the command ----------------------------------------------------------------------------------------------


def test_the_command_prints_and_records_what_the_session_path_does(
        sessions: sessionmaker[Session], outlet: Outlet, db_path: Path, tmp_path: Path, context_on: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    outlet.open_shift(sessions)
    switch_on(sessions)  # a receipt that is an e-invoice's printed form, read on sqlite3 too
    sale = sell(sessions, outlet)
    with sessions.begin() as s:
        s.get_one(Sale, sale.sale_id).printed = True
        settings.set(s, "receipt.footer", "Hẹn gặp lại quý khách")
    by_session, by_command = copy_of(db_path, tmp_path / "a.db"), copy_of(db_path, tmp_path / "b.db")
    out_session, out_command = tmp_path / "a.bin", tmp_path / "b.bin"
    run_from_shell(f"showroom-pos reprint {sale.receipt_no}", os_user())  # as the command records itself
    try:
        ctx = context_on(by_session)
        with ctx.sessions() as s:
            config = printing.printer_config(s).with_connection(f"file:{out_session}")
        assert printing.reprint(ctx.sessions, sale.receipt_no, config=config).printed
    finally:
        shell_done()
    assert main(["reprint", sale.receipt_no, "--db", str(by_command), "--printer", f"file:{out_command}"]) == 0
    assert sale.receipt_no in capsys.readouterr().out
    assert out_command.read_bytes() == out_session.read_bytes()
    without_time = [(r[0], *r[2:]) for r in table(by_command, "audit_event")]
    assert without_time == [(r[0], *r[2:]) for r in table(by_session, "audit_event")]
    assert table(by_command, "sale") == table(by_session, "sale")
    last = table(by_command, "audit_event")[-1]
    assert last[2:8] == ("receipt.reprinted", None, None, None, "receipt", sale.sale_id)
    assert len(last[1]) == len("2026-12-03 09:30:15.000000")


def test_a_reprint_that_does_not_print_records_nothing(sessions: sessionmaker[Session], outlet: Outlet,
                                                       db_path: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    outlet.open_shift(sessions)
    sale = sell(sessions, outlet)
    before = {name: table(db_path, name) for name in ("audit_event", "print_job", "sale")}
    missing = tmp_path / "no-such-folder" / "receipt.bin"
    assert main(["reprint", sale.receipt_no, "--db", str(db_path), "--printer", f"file:{missing}"]) == 1
    assert "no-such-folder" in capsys.readouterr().err
    assert {name: table(db_path, name) for name in before} == before  # not queued either: someone is there


def test_reprint_loads_no_sqlalchemy(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                     tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    outlet.open_shift(sessions)
    sale = sell(sessions, outlet)
    code = ("import sys; from showroom_pos.app import cli; code = cli.main(sys.argv[1:]); "
            "print('SQLALCHEMY', 'sqlalchemy' in sys.modules); sys.exit(code)")
    for words in (["--printer", f"file:{tmp_path / 'r.bin'}"], ["--preview", str(tmp_path / "r.png")]):
        out = subprocess.run([sys.executable, "-c", code, "reprint", sale.receipt_no, "--db", str(db_path), *words],
                             capture_output=True, text=True, env={**os.environ, "SHOWROOM_POS_LANG": "en"},
                             check=False)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip().splitlines()[-1] == "SQLALCHEMY False", out.stdout
    assert (tmp_path / "r.bin").stat().st_size > 0 and (tmp_path / "r.png").stat().st_size > 0
    assert [r[2] for r in table(db_path, "audit_event")].count("receipt.reprinted") == 1


# --- documents on sqlite3 -------------------------------------------------------------------------------------


def test_documents_read_on_sqlite3_are_those_a_session_reads(sessions: sessionmaker[Session], outlet: Outlet,
                                                             db_path: Path, context_on: Any) -> None:
    outlet.open_shift(sessions)
    switch_on(sessions)
    sale = sell(sessions, outlet)
    with sessions.begin() as s:
        line_id = s.scalars(select(SaleLine.id).where(SaleLine.sale_id == sale.sale_id)).first()
        assert line_id is not None
        ret = sale_returns.create_return(s, outlet.manager, sale.sale_id, [sale_returns.ReturnItem(line_id, 1)],
                                         refund_method="cash", reason="Hộp móp")
    with sessions() as s:
        on_session = (printing.sale_document(s, sale.sale_id), printing.return_document(s, ret.return_id, copy=True),
                      printing.find_receipt(s, sale.receipt_no.lower()), printing.printer_config(s))
    with context_on(db_path).reading() as conn:
        on_sqlite3 = (receipts.sale_document(conn, sale.sale_id), receipts.return_document(conn, ret.return_id,
                                                                                           copy=True),
                      receipts.find_receipt(conn, sale.receipt_no.lower()), receipts.printer_config(conn))
    assert on_sqlite3 == on_session
    doc = on_sqlite3[0]
    assert doc.issued_at.tzinfo is not None and doc.title_override  # an aware time; the invoice's printed form
    assert on_sqlite3[1].qr_codes  # the return's adjusting invoice


# --- the write transaction ------------------------------------------------------------------------------------


def count_events(path: Path) -> int:
    return len(table(path, "audit_event"))


def test_a_command_s_write_transaction_commits_rolls_back_and_refuses_as_the_engine_does(
        sessions: sessionmaker[Session], outlet: Outlet, db_path: Path, context_on: Any) -> None:
    ctx = context_on(db_path)
    before = count_events(db_path)
    with ctx.writing() as conn:
        assert conn.in_transaction
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        audit.record(conn, "test.kept", user_id=None)
    assert count_events(db_path) == before + 1
    with pytest.raises(RuntimeError), ctx.writing() as conn:
        audit.record(conn, "test.undone", user_id=None)
        raise RuntimeError("after the write")
    assert count_events(db_path) == before + 1
    problem = UserError("damaged, found by the full check")
    sqlite_file.stop_writing(db_path, problem)
    try:
        with pytest.raises(UserError, match="damaged"), ctx.writing() as conn:
            audit.record(conn, "test.refused", user_id=None)
    finally:
        sqlite_file.resume_writing(db_path)
    ctx.read_only = True  # a file that can only be read: the write fails as the read-only engine's do
    with pytest.raises(write_errors.ReadOnlyDatabase), ctx.writing() as conn:
        audit.record(conn, "test.read_only", user_id=None)
    assert count_events(db_path) == before + 1
