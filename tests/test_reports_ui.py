"""The reports screen: Qt models checked with qtmodeltester, the panels load, sort, chart and export,
Z reports are shown and sent to the print station, and the screen is for managers only."""

from __future__ import annotations

import heapq
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day
from showroom_pos.runtime import i18n
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import report_export, simulate
from showroom_pos.services.reports import cash_report, period_summary, sales_report
from showroom_pos.services.reports.table import MONEY, PERCENT, QTY, Column, Report
from showroom_pos.ui import reports as reports_ui
from showroom_pos.ui.charts import ChartWidget
from showroom_pos.ui.reports import ReportsScreen, ReportTable, ReportTableModel, preset_period
from showroom_pos.ui.screens import all_screens
from showroom_pos.ui.session import LoggedIn, UiSession
from tests.conftest import Outlet


def sample() -> Report:
    return Report(
        kind="sample", title="Sales by {by}", by="product",
        columns=(Column("name", "Product"), Column("qty", "Quantity", QTY), Column("net", "Net sales", MONEY),
                 Column("pct", "Margin %", PERCENT)),
        rows=[("Mắm tôm chà", 12, 660_000, 3456), ("Sầu riêng Ri6", Decimal("1.250"), 206_250, None),
              ("Trà mãng cầu", 3, 1_950_000, 2800)],
        totals=("Total", None, 2_816_250, 3000),
    )


def test_report_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = ReportTableModel()
    qtmodeltester.check(model)
    model.set_report(sample())
    qtmodeltester.check(model)
    model.set_report(None)
    qtmodeltester.check(model)


def test_report_model_formats_aligns_and_keeps_the_totals_last(qtmodeltester: ModelTester) -> None:
    model = ReportTableModel()
    model.set_report(sample())
    assert model.rowCount() == 4 and model.columnCount() == 4
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Net sales (₫)"
    assert model.data(model.index(0, 2)) == "660.000"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.UserRole) == 660_000
    assert model.data(model.index(1, 1)) == "1,250"
    assert model.data(model.index(0, 3)) == "34,6 %"
    assert model.data(model.index(1, 3)) == ""
    assert model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.data(model.index(3, 0)) == "Total"
    assert model.data(model.index(3, 0), Qt.ItemDataRole.FontRole).bold()
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(4)] == ["Trà mãng cầu", "Mắm tôm chà", "Sầu riêng Ri6",
                                                                 "Total"]
    model.sort(3, Qt.SortOrder.AscendingOrder)  # a missing value sorts last, the totals stay at the bottom
    assert [model.data(model.index(r, 0)) for r in range(4)] == ["Trà mãng cầu", "Mắm tôm chà", "Sầu riêng Ri6",
                                                                 "Total"]
    qtmodeltester.check(model)
    assert model.data(QModelIndex()) is None


def long_report(rows: int = 1_500, widest_at: int = 1_300) -> Report:
    """Longer than the 1,000 rows Qt measures a column on by itself, its longest name and largest amount far down."""
    names = [f"Sản phẩm {i}" for i in range(rows)]
    names[widest_at] = "Mật ong hoa cà phê Buôn Ma Thuột, hộp quà tặng 1 kg (loại đặc biệt)"
    return Report(
        kind="sample", title="Sales by {by}", by="product",
        columns=(Column("name", "Product"), Column("qty", "Quantity", QTY), Column("net", "Net sales", MONEY),
                 Column("pct", "Margin %", PERCENT)),
        rows=[(name, Decimal("1.250") if i % 13 == 0 else i % 7,
               123_456_789_000 if i == widest_at else 1_000 * (i % 50), i % 3000 if i % 11 else None)
              for i, name in enumerate(names)],
        totals=("Total", None, 1, 2500))


def shown(qtbot: QtBot, report: Report) -> tuple[ReportTable, ReportTableModel]:
    """The table as the Reports screen sets it up, the report shown and painted."""
    model = ReportTableModel()
    table = ReportTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.resize(1280, 500)
    table.show()
    model.set_report(report)
    table.grab()
    return table, model


def test_every_cell_of_a_long_report_fits_its_column(qtbot: QtBot) -> None:
    """Each column is as wide as its widest cell over every row, the bold totals too, before and after a sort: also
    the cells beyond the 1,000 rows Qt measured a column on (issue 17: its measure asked the model 240,000 times
    for a month by product, over a second)."""
    table, model = shown(qtbot, long_report())
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)

    def widest(column: int) -> int:
        indexes = [model.index(row, column) for row in range(model.rowCount())]
        return max(table.itemDelegateForIndex(i).sizeHint(option, i).width() for i in indexes) + 1  # the grid line

    assert [table.columnWidth(c) for c in range(4)] == [
        max(widest(c), table.horizontalHeader().sectionSizeFromContents(c).width()) for c in range(4)]
    assert model.data(model.index(1_300, 0)).startswith("Mật ong")
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    table.grab()
    assert model.data(model.index(1_499, 2)) == "123.456.789.000" and model.data(model.index(1_500, 0)) == "Total"
    assert [table.columnWidth(c) for c in range(4)] == [
        max(widest(c), table.horizontalHeader().sectionSizeFromContents(c).width()) for c in range(4)]


def test_a_long_report_is_shown_asking_the_model_for_few_cells(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """The table shows 1,500 rows asking the model for its visible cells and the few its widths are measured on
    (Qt's own measure asked for 1,000 rows' cells, twice), and formats only those: the longest numbers are found by
    their values (the largest and the smallest), not by formatting the column (issue 17: a month by product's 41,000
    rows of 13 number columns took ~100 ms to format)."""
    asked: list[int] = []
    data = ReportTableModel.data
    formatted: list[object] = []
    format_cell = report_export.format_cell

    def counted(self: ReportTableModel, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        asked.append(index.row())
        return data(self, index, role)

    def counted_format(kind: str, value: object, *args: Any) -> str:
        formatted.append(value)
        return format_cell(kind, value, *args)

    monkeypatch.setattr(ReportTableModel, "data", counted)
    monkeypatch.setattr(report_export, "format_cell", counted_format)
    shown(qtbot, long_report())
    assert len(set(asked)) < 100 and len(asked) < 5_000
    kilograms = {v for v in formatted if isinstance(v, Decimal)}
    assert kilograms == {Decimal("1.250")}  # measured by their texts: not whole numbers
    assert len(formatted) < 700  # the 116 kilograms, the cells in view and measured; the percents alone are 1,500


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcđĐơ xy", max_size=12), max_size=60), st.integers(1, 20))
def test_the_longest_texts_are_those_a_full_ranking_finds(cells: list[str], count: int) -> None:
    """``_longest_texts`` looks at the rows of each length from the longest down until it has ``count`` texts (a
    month by product's 41,000 SKUs of one length are not all hashed and ranked): it names the same texts as ranking
    every distinct text by its length (``heapq.nlargest``, ties in order of appearance), each by its first row."""
    first_at: dict[str, int] = {}
    for row, text in enumerate(cells):
        first_at.setdefault(text, row)
    expected = [first_at[text] for text in heapq.nlargest(count, first_at, key=len)]
    assert reports_ui._longest_texts(cells, count) == expected


def test_a_columns_values_are_read_once_per_report(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table reads a column's values from the report's rows transposed once (``Report.values_by_column``: a
    column at a time took 4 ms of a month by product's 41,000 rows, all 15 at once 18 ms); a new report, its own."""
    report = long_report()
    calls: list[Report] = []
    transpose = Report.values_by_column

    def counted(self: Report) -> list[tuple[Any, ...]]:
        calls.append(self)
        return transpose(self)

    monkeypatch.setattr(Report, "values_by_column", counted)
    table, model = shown(qtbot, report)
    assert calls == [report]
    assert model.values(2) == tuple(row[2] for row in report.rows)
    model.set_report(sample())
    table.grab()
    assert calls == [report, model.report] and model.values(0) == ("Mắm tôm chà", "Sầu riêng Ri6", "Trà mãng cầu")


def test_a_click_on_a_text_column_sorts_in_vietnamese_order(qtbot: QtBot) -> None:
    """"Đông trùng…" after "Dưa hấu", not after "Xoài" (code points put Đ after every Latin letter)."""
    names = ["Xoài cát Hòa Lộc", "Đông trùng hạ thảo", "Dưa hấu", "ớt bột", "Ổi nữ hoàng", "Cam sành"]
    report = Report(kind="sample", title="Sales by {by}", by="product", columns=(Column("name", "Product"),),
                    rows=[(n,) for n in names], totals=("Total",))
    table, model = shown(qtbot, report)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(len(names))] == [
        "Cam sành", "Dưa hấu", "Đông trùng hạ thảo", "Ổi nữ hoàng", "ớt bột", "Xoài cát Hòa Lộc"]


def test_chart_widget_draws_bars_and_lines(qtbot: QtBot) -> None:
    chart = ChartWidget()
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    chart.set_data([("01/11", 1_000_000), ("02/11", -50_000), ("03/11", 2_500_000)], "bar", "Net sales")
    image = chart.grab().toImage()
    assert image.width() == 400
    blue = sum(1 for x in range(0, 400, 4) for y in range(0, 200, 4) if image.pixelColor(x, y).blue() > 150
               and image.pixelColor(x, y).red() < 120)
    assert blue > 20  # bars were painted
    assert chart.point_at(chart._plot().left() + 1) == 0
    assert chart.point_at(chart._plot().right() - 1) == 2
    chart.set_data([("a", 1), ("b", 3)], "line")
    chart.grab()
    chart.set_data([])
    chart.grab()


def test_preset_periods() -> None:
    today = date(2026, 3, 18)  # a Wednesday
    assert preset_period("this_week", today) == (date(2026, 3, 16), today)
    assert preset_period("last_month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert preset_period("this_year", today) == (date(2026, 1, 1), today)
    assert preset_period("last_7", today) == (date(2026, 3, 12), today)


@pytest.fixture
def manager_ui(app_context: AppContext, sessions: sessionmaker[Session], outlet: Outlet) -> UiSession:
    simulate.simulate(sessions, products=4, days=5, sales_per_day=6, seed=9)
    return UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))


def open_screen(qtbot: QtBot, ui: UiSession) -> ReportsScreen:
    screen = ReportsScreen(ui)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.sales.report is not None and screen.sales.pending == 0, timeout=10_000)
    return screen


def test_the_sales_summary_groups_its_receipts_and_says_one_in_the_singular(qtbot: QtBot, manager_ui: UiSession
                                                                             ) -> None:
    """The line above the sales table said "13631 hóa đơn" for a month at a busy showroom (seen on the big file):
    its count of receipts groups thousands as every count does, and in English one is "1 receipt"."""
    from dataclasses import replace

    screen = open_screen(qtbot, manager_ui)
    panel = screen.sales
    with manager_ui.app.sessions() as s:
        summary = period_summary.summary(s, business_day() - timedelta(days=6), business_day())
    panel.after_load(replace(summary, receipts=13_631))
    assert "· 13,631 receipts ·" in panel.summary.text()
    panel.after_load(replace(summary, receipts=1))
    assert "· 1 receipt ·" in panel.summary.text()
    i18n.install("vi")
    try:
        panel.after_load(replace(summary, receipts=13_631))
        assert "· 13.631 hóa đơn ·" in panel.summary.text()
    finally:
        i18n.install(i18n.language_from_environment())


def test_sales_tab_loads_this_month_and_switches_grouping(qtbot: QtBot, manager_ui: UiSession,
                                                          qtmodeltester: ModelTester) -> None:
    screen = open_screen(qtbot, manager_ui)
    panel = screen.sales
    assert panel.report is not None and panel.report.by == "day"
    assert "receipts" in panel.summary.text()
    qtmodeltester.check(panel.model)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.period.set_period(business_day() - timedelta(days=6), business_day())
        panel.by.setCurrentIndex(sales_report.DIMENSIONS.index("stars"))
    assert panel.report.by == "stars"
    with manager_ui.app.sessions() as s:
        direct = sales_report.sales(s, business_day() - timedelta(days=6), business_day(), "stars")
    assert panel.report.rows == direct.rows
    assert [p[1] for p in panel.chart.points] == [r[direct.index("net")] for r in direct.rows]
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.choose("best")
        panel.refresh()
    assert panel.report.kind == "best_sellers"
    qtmodeltester.check(panel.model)


def test_the_report_shown_goes_when_another_is_asked_for(qtbot: QtBot, manager_ui: UiSession) -> None:
    """Choosing another report drops the one shown at once, not when the new one arrives: at 50,000 products the two
    together were the Reports screen's peak (227 MB; 193 without), and the till kept ~15 MB more after it."""
    screen = open_screen(qtbot, manager_ui)
    panel = screen.sales
    shown = panel.report
    assert shown is not None and panel.model.rowCount() > 0
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.choose("best")
        panel.refresh()
        assert panel.report is None and panel.model.report is None and panel.model.rowCount() == 0
        assert panel.summary.text() == ""  # the summary above it was the report's too
        assert not any(button.isEnabled() for button in panel.export_buttons.values())
        assert panel.status.text() == panel.tr("Computing…")
    assert panel.report is not None and panel.report.kind == "best_sellers" and panel.report is not shown
    assert all(button.isEnabled() for button in panel.export_buttons.values())


def test_the_summary_is_read_once_for_its_header_and_its_report(qtbot: QtBot, manager_ui: UiSession) -> None:
    """The period's summary above every report, and the summary report itself, are read once, its figures in one
    pass over the period's sales (it used to be six statements over them: the summary twice, each reading the
    sales' figures in two statements and their cash rounding in a third)."""
    from showroom_pos.storage.sqlite_file import driver_connection

    screen = open_screen(qtbot, manager_ui)
    panel = screen.sales
    panel.choose("summary")
    work = panel.request()
    statements: list[str] = []
    with manager_ui.app.sessions() as s:
        raw = driver_connection(s)  # the reports read through the session's sqlite3 connection
        raw.set_trace_callback(statements.append)
        try:
            report, summary = work(s)
        finally:
            raw.set_trace_callback(None)
    over_sales = [q for q in statements if "FROM sale WHERE business_day BETWEEN" in q and "'completed'" in q]
    # Its figures, and its cash rounding (the statement the payments report shares).
    assert len(over_sales) == 2 and "SUM(cash_rounding)" in over_sales[1], over_sales
    assert report.kind == "summary" and dict(report.rows)["Net sales"] == summary.net


def test_export_buttons_write_files(qtbot: QtBot, manager_ui: UiSession, tmp_path: Path) -> None:
    screen = open_screen(qtbot, manager_ui)
    messages: list[str] = []
    manager_ui.events.status_message.connect(messages.append)
    written: list[Path | None] = []
    for fmt in ("xlsx", "pdf", "csv"):  # written on the worker thread (a month by product takes seconds)
        with qtbot.waitSignal(screen.sales.saved, timeout=10_000) as done:
            screen.sales.export(fmt, tmp_path / f"sales.{fmt}")
            assert screen.sales.status.text().startswith("Saving ")
            assert not screen.sales.export_buttons[fmt].isEnabled()  # one file at a time
        written.append(done.args[0] if done.args else None)
        assert all(b.isEnabled() for b in screen.sales.export_buttons.values())
    xlsx, pdf, csv = written
    assert xlsx and pdf and csv
    assert load_workbook(xlsx).active is not None
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Day" in csv.read_text(encoding="utf-8-sig").splitlines()[0]
    assert len(messages) == 3 and "sales.csv" in messages[-1]
    shown = screen.sales.report
    assert shown is not None
    assert screen.sales.suggested_name("pdf") == f"sales-by-day_{shown.start}_{shown.end}.pdf"
    i18n.install("vi")  # the name follows the screen's language, without marks (it read "sales_day_…" in both)
    try:
        assert screen.sales.suggested_name("xlsx").startswith("doanh-thu-theo-ngay_")
    finally:
        i18n.install(i18n.language_from_environment())


def test_stock_and_cash_tabs_load_when_first_shown(qtbot: QtBot, manager_ui: UiSession) -> None:
    screen = open_screen(qtbot, manager_ui)
    assert screen.stock.report is None
    with qtbot.waitSignal(screen.stock.loaded, timeout=10_000):
        screen.tabs.setCurrentIndex(1)
    assert screen.stock.report is not None and screen.stock.report.kind == "stock_value"
    assert "at cost" in screen.stock.summary.text()
    with qtbot.waitSignal(screen.stock.loaded, timeout=10_000):
        screen.stock.kind.setCurrentIndex(2)
    assert screen.stock.report.kind == "slow_movers"
    with qtbot.waitSignal(screen.cash.loaded, timeout=10_000):
        screen.tabs.setCurrentIndex(2)
    assert screen.cash.report is not None and len(screen.cash.report.rows) == 6  # five closed, today's open


def test_z_report_is_shown_and_sent_to_the_print_station(qtbot: QtBot, manager_ui: UiSession,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    screen = open_screen(qtbot, manager_ui)
    with qtbot.waitSignal(screen.cash.loaded, timeout=10_000):
        screen.tabs.setCurrentIndex(2)
    cash = screen.cash
    assert not cash.print_z.isEnabled()
    requests: list[tuple[str, str]] = []
    manager_ui.events.print_requested.connect(lambda kind, ref: requests.append((kind, ref)))
    cash.select_row(0)
    assert cash.print_z.isEnabled()
    assert cash.report is not None
    shift_id = cash.report.rows[0][0]
    cash.print_z.click()
    assert requests == [("z_report", shift_id)]
    dialog = cash.open_z_report()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() >= 16
    dialog.print_button.click()
    assert requests[-1] == ("z_report", shift_id)
    offered: list[str] = []
    monkeypatch.setattr(reports_ui, "ask_save_path", lambda _p, _t, name, _f: offered.append(name))
    dialog.export("pdf")  # by when the shift opened: a morning's and an afternoon's Z report each keep their file
    opened = cash_report.shift_opened_at(dialog.report)
    assert opened is not None and offered == [f"bao-cao-z-{opened:%Y-%m-%d-%H%M}.pdf"]
    cash.select_row(len(cash.report.rows) - 1)  # today's shift, still open
    cash.print_z.click()
    assert requests[-1][0] == "x_report"
    assert cash.print_z.text() == "Print X report"


def test_reports_screen_is_registered_for_managers_only() -> None:
    spec = next(s for s in all_screens() if s.key == "reports")
    assert spec.roles == ("manager", "admin")


def test_a_cashier_is_refused_even_if_the_screen_is_opened(qtbot: QtBot, app_context: AppContext,
                                                           outlet: Outlet) -> None:
    ui = UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier", outlet.terminal_id))
    screen = ReportsScreen(ui)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.sales.pending == 0, timeout=10_000)
    assert screen.sales.report is None
    assert "approval" in screen.sales.status.text()
