"""Commands that only read open the file as the app does (its header), import only what they use, and the till
never loads the PostgreSQL dialect (issue 17). Behaviour, not time."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from showroom_pos import package_data
from showroom_pos.app import cli
from showroom_pos.app.cli import main
from showroom_pos.runtime import i18n
from showroom_pos.storage import database, sqlite_file


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path), "--days", "3"]) == 0
    return path


@pytest.fixture
def shop(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "shop.db"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    dst.close()
    assert main(["config", "set", "printer.connection", f"file:{tmp_path / 'receipts.bin'}", "--db", str(db)]) == 0
    return db


class Checks:
    """Which of SQLite's checks ran on opening."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ran: list[str] = []
        for module in (database, sqlite_file):
            for name in ("quick_check", "integrity_check", "header_check"):
                if hasattr(module, name):
                    monkeypatch.setattr(module, name, self._spy(name, getattr(module, name)))

    def _spy(self, name: str, real: Callable[..., str]) -> Callable[..., str]:
        def spy(*args: object, **kwargs: object) -> str:
            full = name == "quick_check" and kwargs.get("full")
            self.ran.append("integrity_check" if full else name)
            return real(*args, **kwargs)

        return spy


def last_receipt(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT receipt_no FROM sale ORDER BY created_at DESC LIMIT 1").fetchone()[0])


@pytest.mark.parametrize("words", [["config", "get"], ["report", "sales", "--by", "product"], ["reprint", "LAST"],
                                   ["sync", "status"], ["user", "list"], ["backup", "--list"]])
def test_reading_commands_check_the_header_not_the_whole_file(shop: Path, words: list[str],
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    checks = Checks(monkeypatch)
    words = [last_receipt(shop) if w == "LAST" else w for w in words]
    assert main([*words, "--db", str(shop)]) == 0, capsys.readouterr().err
    assert "header_check" in checks.ran
    assert "quick_check" not in checks.ran and "integrity_check" not in checks.ran


def test_commands_that_change_data_still_check_the_file_first(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checks = Checks(monkeypatch)
    assert main(["config", "set", "receipt.footer", "Cảm ơn quý khách", "--db", str(shop)]) == 0
    assert "quick_check" in checks.ran


def test_check_still_runs_the_full_integrity_check(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from showroom_pos.services import check

    ran: list[str] = []
    real = check.integrity

    def integrity(session: Session) -> list[check.Finding]:
        ran.append("PRAGMA integrity_check")
        return real(session)

    monkeypatch.setattr(check, "integrity", integrity)
    assert main(["check", "--db", str(shop)]) == 0
    assert ran == ["PRAGMA integrity_check"]


def test_each_command_is_registered_by_the_module_the_cli_imports_for_it() -> None:
    for module in cli.COMMAND_MODULES:
        parser = cli.build_parser(commands=False)
        sub = parser.add_subparsers(dest="command")
        __import__(module, fromlist=["register"]).register(sub)
        for name in sub.choices:
            assert cli.COMMAND_MODULE.get(name) == module, name
    assert set(cli.COMMAND_MODULE.values()) == set(cli.COMMAND_MODULES)


CHILD = """
import sys
from showroom_pos.app import cli
code = cli.main(sys.argv[1:])
heavy = [m for m in ("PySide6", "httpx", "escpos", "PIL", "openpyxl", "sqlalchemy.dialects.postgresql", "alembic",
                    "stdnum",  # python-stdnum: ~9 ms a command, for a tax code none of these reads
                    "subprocess")  # for compiling the Qt catalogue: ~6 ms a command
         if m in sys.modules]
print("LOADED", ",".join(heavy))
sys.exit(code)
"""


@pytest.mark.parametrize("words", [["config", "get"], ["sync", "status"], ["report", "sales", "--by", "product"]])
def test_a_reading_command_loads_neither_qt_nor_printing_nor_http(shop: Path, words: list[str]) -> None:
    env = {**os.environ, "SHOWROOM_POS_LANG": "vi"}
    out = subprocess.run([sys.executable, "-c", CHILD, *words, "--db", str(shop)], capture_output=True, text=True,
                         env=env, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "LOADED", out.stdout


def test_the_till_never_loads_the_postgresql_dialect() -> None:
    code = ("import sys; import showroom_pos.storage.models, showroom_pos.services.till.checkout_sale, "
            "showroom_pos.services.reports.sales_report, showroom_pos.services.reports.period_summary, "
            "showroom_pos.services.reports.sales_lists, showroom_pos.services.reports.stock_report, "
            "showroom_pos.services.reports.cash_report, showroom_pos.ui.checkout; "
            "from sqlalchemy.orm import configure_mappers; configure_mappers(); "
            "print('sqlalchemy.dialects.postgresql' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "False"


def test_the_commands_catalogue_is_the_one_qt_reads() -> None:
    """Commands read the Vietnamese catalogue without Qt: every text translates exactly as Qt's QTranslator
    translates it from the compiled .qm."""
    from PySide6.QtCore import QTranslator

    plain = i18n.read_catalogue(package_data.path("resources", "i18n", "showroom_vi.ts"))
    qt = QTranslator()
    assert qt.load(str(i18n.compiled_catalogue("vi")))
    compared = 0
    for context, messages in plain.items():
        for source, text in messages.items():
            assert qt.translate(context, source) == text, (context, source)
            compared += 1
    assert compared > 1000


def test_commands_speak_vietnamese_without_qt(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        assert main(["--lang", "vi", "reprint", "KHONG-CO-SO-NAY", "--db", str(shop)]) == 2
        said = capsys.readouterr().err
        i18n.install_plain("vi")
        assert i18n.translate("UserError", "No sale with receipt number {receipt}.") in said.replace(
            "KHONG-CO-SO-NAY", "{receipt}")
        assert "KHONG-CO-SO-NAY" in said
    finally:
        i18n.install_plain("en")


def test_a_commands_own_refusal_speaks_vietnamese_too(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The errors a command raises itself (in ``app/commands``, not the services) are in the catalogue as well:
    ``sync --once`` without a province set printed its English source text in a Vietnamese shell."""
    try:
        assert main(["--lang", "vi", "sync", "--once", "--db", str(shop)]) == 2
        said = capsys.readouterr().err
        assert "Hãy cài đặt province.url và province.token trước" in said and "Set province" not in said
        assert main(["--lang", "vi", "report", "cash", "--kind", "z", "--db", str(shop)]) == 2
        assert "Hãy chỉ rõ ca bằng --shift" in capsys.readouterr().err
    finally:
        i18n.install_plain("en")


NO_SQLALCHEMY = """
import sys
from showroom_pos.app import cli
code = cli.main(sys.argv[1:])
print("SQLALCHEMY", "sqlalchemy" in sys.modules)
sys.exit(code)
"""


@pytest.mark.parametrize("words", [["config", "get"], ["config", "get", "outlet.name"], ["sync", "status"],
                                   ["report", "sales"], ["report", "sales", "--by", "product"],
                                   ["report", "sales", "--kind", "summary"], ["report", "sales", "--kind", "worst"],
                                   ["report", "sales", "--by", "payment", "--format", "csv"],
                                   ["report", "stock", "--kind", "cover"], ["report", "cash", "--kind", "cashiers"]])
def test_commands_that_read_a_few_rows_never_load_sqlalchemy(shop: Path, words: list[str]) -> None:
    """SQLAlchemy and the models take ~0.5 s to import: these answer on sqlite3, after the same checks."""
    out = subprocess.run([sys.executable, "-c", NO_SQLALCHEMY, *words, "--db", str(shop)], capture_output=True,
                         text=True, env={**os.environ, "SHOWROOM_POS_LANG": "vi"}, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "SQLALCHEMY False", out.stdout


def test_config_get_on_sqlite3_says_what_the_session_reads(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from showroom_pos.runtime.context import AppContext
    from showroom_pos.runtime.paths import AppPaths
    from showroom_pos.services import settings

    assert main(["config", "set", "province.token", "bi-mat-cua-diem-ban-123", "--db", str(shop)]) == 0
    capsys.readouterr()
    assert main(["config", "get", "--db", str(shop)]) == 0
    printed = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    ctx = AppContext.open(AppPaths.resolve(shop))
    try:
        with ctx.sessions() as session:
            assert printed == settings.display_many(session)
    finally:
        ctx.close()
    assert printed["province.token"].endswith("-123") and "bi-mat" not in printed["province.token"]
    assert printed["outlet.code"] == "CL01"


def test_sync_status_on_sqlite3_lists_the_parked_summaries(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(shop) as conn:
        day = conn.execute("SELECT min(business_day) FROM outbox").fetchone()[0]
        conn.execute("UPDATE outbox SET status = 'parked', last_error = 'mã điểm bán sai' WHERE business_day = ?",
                     (day,))
    conn.close()
    assert main(["--lang", "en", "sync", "status", "--db", str(shop)]) == 0
    out = capsys.readouterr().out
    assert "parked: 1" in out
    assert f"  {day} r1: mã điểm bán sai" in out


def test_a_reading_context_makes_its_engine_only_when_a_session_is_asked_for(shop: Path) -> None:
    from showroom_pos.runtime.context import AppContext
    from showroom_pos.runtime.paths import AppPaths

    ctx = AppContext.open_for_reading(AppPaths.resolve(shop))
    try:
        assert ctx._engine is None
        with ctx.reading() as conn:
            sales = conn.execute("SELECT count(*) FROM sale").fetchone()[0]
        assert ctx._engine is None and sales > 0
        with ctx.sessions() as session:  # the same file, now through SQLAlchemy
            assert session.connection().exec_driver_sql("SELECT count(*) FROM sale").scalar() == sales
        assert ctx._engine is not None
    finally:
        ctx.close()


def test_a_setting_changed_in_a_transaction_reads_back_changed_in_it(shop: Path) -> None:
    """Settings read on the session's sqlite3 connection: its pending changes are flushed first, as the ORM's
    own queries flush them."""
    from showroom_pos.runtime.context import AppContext
    from showroom_pos.runtime.paths import AppPaths
    from showroom_pos.services import settings

    ctx = AppContext.open(AppPaths.resolve(shop))
    try:
        with ctx.sessions() as session, session.begin():
            settings.set(session, "receipt.footer", "Hẹn gặp lại")
            settings.set(session, "outlet.name", "OCOP Cái Bè")
            assert settings.get(session, "receipt.footer") == "Hẹn gặp lại"
            assert settings.get_many(session, "outlet.")["outlet.name"] == "OCOP Cái Bè"
            session.rollback()
        with ctx.sessions() as session:
            assert settings.get(session, "outlet.name") != "OCOP Cái Bè"
    finally:
        ctx.close()


REPORTS = [("sales", ["--by", "day"]), ("sales", ["--by", "product"]), ("sales", ["--by", "producer"]),
           ("sales", ["--by", "cashier"]), ("sales", ["--by", "payment"]), ("sales", ["--kind", "summary"]),
           ("sales", ["--kind", "best"]), ("sales", ["--kind", "worst"]), ("sales", ["--kind", "discounts"]),
           ("sales", ["--kind", "returns"]), ("stock", ["--kind", "value"]), ("stock", ["--kind", "slow"]),
           ("stock", ["--kind", "cover"]),
           ("cash", ["--kind", "shifts"]), ("cash", ["--kind", "cashiers"])]


@pytest.mark.parametrize(("report", "words"), REPORTS)
def test_a_report_on_sqlite3_is_the_report_a_screen_reads_in_its_session(
        shop: Path, capsys: pytest.CaptureFixture[str], report: str, words: list[str]) -> None:
    """The command reads the reports on a plain read-only connection, the screens through their session: the
    same statements, so the same figures, row for row."""
    import json
    from datetime import date

    from showroom_pos.runtime.context import AppContext
    from showroom_pos.runtime.paths import AppPaths
    from showroom_pos.services.reports import cash_report, period_summary, sales_lists, sales_report, stock_report

    with sqlite3.connect(shop) as conn:
        first, last = conn.execute("SELECT min(business_day), max(business_day) FROM sale").fetchone()
    conn.close()
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    period = [] if report == "stock" else ["--from", first, "--to", last]
    assert main(["--lang", "en", "report", report, *words, *period, "--format", "json", "--db", str(shop)]) == 0
    printed = json.loads(capsys.readouterr().out)
    option = dict(zip(words[::2], words[1::2], strict=True))
    ctx = AppContext.open(AppPaths.resolve(shop))
    try:
        with ctx.read_sessions() as s:
            kind = option.get("--kind")
            if report == "stock":
                made = (stock_report.stock_value(s) if kind == "value" else stock_report.stock_cover(s, 30)
                        if kind == "cover" else stock_report.slow_movers(s, 30, 90))
            elif report == "cash":
                made = (cash_report.shift_history(s, start, end) if kind == "shifts"
                        else cash_report.over_short_by_cashier(s, start, end))
            elif kind == "summary":
                made = period_summary.summary_report(s, start, end)
            elif kind in ("best", "worst"):
                made = sales_lists.best_sellers(s, start, end, 20, worst=kind == "worst")
            elif kind == "discounts":
                made = sales_lists.discounts(s, start, end)
            elif kind == "returns":
                made = sales_lists.returns(s, start, end)
            else:
                made = sales_report.sales(s, start, end, option["--by"])
    finally:
        ctx.close()
    expected = json.loads(made.to_json())
    if option.get("--kind") not in ("discounts", "returns"):  # the demo gives neither
        assert printed["rows"], "the demo's days have rows in these reports"
    for key in ("rows", "totals", "columns", "outlet", "from", "to"):
        assert printed[key] == expected[key], key


def test_a_report_command_holds_the_collector_and_gives_it_back(shop: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A report command reads and prints with Python's cyclic collector held (its rows make no cycles; at 50,000
    rows its passes took ~30 ms of the command), and a process that goes on after it (a test's) has it back."""
    import gc

    from showroom_pos.services.reports import stock_report

    seen: list[bool] = []
    real = stock_report.stock_cover

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(stock_report, "stock_cover", spy)
    assert gc.isenabled()
    assert main(["report", "stock", "--kind", "cover", "--db", str(shop)]) == 0
    assert seen == [False] and gc.isenabled()
    assert capsys.readouterr().out.count("\n") > 10
