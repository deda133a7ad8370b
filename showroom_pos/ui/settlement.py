"""Consignment settlement with a producer: for a period, what was received, sold, returned and is
left; the sales value, the showroom's commission (from the rate history) and the amount payable.
Marking the period settled locks it; the statement prints as a PDF, on the receipt printer and to
XLSX, in Vietnamese, for the cooperative to sign."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd
from showroom_pos.core.text import file_slug
from showroom_pos.runtime.i18n import problem_text
from showroom_pos.services import documents, exports, settlement
from showroom_pos.services.catalogue import producers as catalogue_producers
from showroom_pos.services.settlement import Statement

from .inventory_common import (
    Col,
    RowsModel,
    ask_save_path,
    confirm,
    money,
    pydate,
    qdate,
    qty_text,
    show_error,
    show_ok,
    vn_day,
    with_approval,
)
from .session import UiSession


def statement_columns() -> list[Col]:
    return [
        Col(QCoreApplication.translate("Inventory", "SKU"), lambda r: r.sku),
        Col(QCoreApplication.translate("Inventory", "Name"), lambda r: r.name),
        Col(QCoreApplication.translate("Inventory", "Unit"), lambda r: "kg" if r.sold_by_weight else r.unit),
        Col(
            QCoreApplication.translate("Inventory", "On hand at the start"),
            lambda r: "" if r.opening is None else qty_text(r.opening, r.sold_by_weight),
            numeric=True,
        ),
        Col(
            QCoreApplication.translate("Inventory", "Received"),
            lambda r: qty_text(r.received, r.sold_by_weight),
            numeric=True,
        ),
        Col(
            QCoreApplication.translate("Inventory", "Sold"), lambda r: qty_text(r.sold, r.sold_by_weight), numeric=True
        ),
        Col(
            QCoreApplication.translate("Inventory", "Returned to producer"),
            lambda r: qty_text(r.returned, r.sold_by_weight),
            numeric=True,
        ),
        Col(
            QCoreApplication.translate("Inventory", "Other (counts, damage)"),
            lambda r: "" if r.other is None else qty_text(r.other, r.sold_by_weight),
            numeric=True,
        ),
        Col(
            QCoreApplication.translate("Inventory", "On hand at the end"),
            lambda r: qty_text(r.on_hand, r.sold_by_weight),
            numeric=True,
        ),
        Col(QCoreApplication.translate("Inventory", "Sales value"), lambda r: money(r.sales_value), numeric=True),
    ]


class SettlementScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("settlementScreen")
        self.statement: Statement | None = None
        self.producer = QComboBox()
        self.producer.setObjectName("settlementProducer")
        self.start = QDateEdit()
        self.start.setObjectName("settlementStart")
        self.end = QDateEdit()
        self.end.setObjectName("settlementEnd")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        show = QPushButton(self.tr("Show"))
        show.setObjectName("settlementShow")
        show.clicked.connect(lambda: self.show_statement())
        self.model = RowsModel(statement_columns(), self)
        self.table = QTableView()
        self.table.setObjectName("settlementLines")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.totals = QLabel()
        self.totals.setObjectName("settlementTotals")
        self.totals.setWordWrap(True)
        self.settle_button = QPushButton(self.tr("Mark the period settled (locks it)"))
        self.settle_button.setObjectName("settlementSettle")
        self.settle_button.clicked.connect(lambda: self.settle())
        self.pdf_button = QPushButton(self.tr("Save PDF…"))
        self.pdf_button.setObjectName("settlementPdf")
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button = QPushButton(self.tr("Save XLSX…"))
        self.xlsx_button.setObjectName("settlementXlsx")
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.print_button = QPushButton(self.tr("Print on the receipt printer"))
        self.print_button.setObjectName("settlementPrint")
        self.print_button.clicked.connect(lambda: self.print_receipt())
        self.message = QLabel()
        self.message.setObjectName("settlementMessage")
        self.message.setWordWrap(True)
        self.history = RowsModel(
            [
                Col(self.tr("From"), lambda r: vn_day(r.period_start)),
                Col(self.tr("To"), lambda r: vn_day(r.period_end)),
                Col(self.tr("Sales value"), lambda r: money(r.sales_value), numeric=True),
                Col(self.tr("Commission"), lambda r: money(r.commission), numeric=True),
                Col(self.tr("Payable"), lambda r: money(r.payable), numeric=True),
                Col(self.tr("Settled by"), lambda r: r.settled_by),
            ],
            self,
        )
        self.history_table = QTableView()
        self.history_table.setObjectName("settlementHistory")
        self.history_table.setModel(self.history)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history_table.doubleClicked.connect(lambda i: self.open_settled(i.row()))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Producer")))
        top.addWidget(self.producer, 2)
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end)
        top.addWidget(show)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.settle_button)
        actions.addStretch(1)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        actions.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.totals)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("Settled periods (double-click to open)")))
        layout.addWidget(self.history_table, 1)
        self.load_producers()
        self.producer.currentIndexChanged.connect(lambda _i: self.producer_changed())
        ui.events.data_changed.connect(self._data_changed)
        self.producer_changed()

    def _data_changed(self, what: str) -> None:
        if what == "producers":
            self.load_producers()

    def load_producers(self) -> None:
        current = self.producer.currentData()
        producers = self.ui.read(lambda s: catalogue_producers.list_producers(s, include_inactive=True))
        self.producer.blockSignals(True)
        self.producer.clear()
        for p in producers:
            self.producer.addItem(p.name, p.id)
        self.producer.setCurrentIndex(max(self.producer.findData(current), 0))
        self.producer.blockSignals(False)

    def producer_id(self) -> int | None:
        data = self.producer.currentData()
        return int(data) if data is not None else None

    def producer_changed(self) -> None:
        pid = self.producer_id()
        if pid is None:
            self._show(None)
            return
        start, end = self.ui.read(lambda s: settlement.next_period(s, pid))
        self.set_period(start, end)
        self.history.set_rows(self.ui.read(lambda s: settlement.settlements(s, pid)))
        self.show_statement()

    def set_period(self, start: date, end: date) -> None:
        self.start.setDate(qdate(start))
        self.end.setDate(qdate(end))

    def show_statement(self) -> Statement | None:
        pid = self.producer_id()
        if pid is None:
            return None
        start, end = pydate(self.start.date()), pydate(self.end.date())
        try:
            st = self.ui.read(lambda s: settlement.statement(s, pid, start, end))
        except UserError as exc:
            self._show(None)
            show_error(self.message, exc)
            return None
        self.message.clear()
        self._show(st)
        return st

    def _show(self, st: Statement | None) -> None:
        self.statement = st
        self.model.set_rows(list(st.lines) if st else [])
        has = st is not None
        self.pdf_button.setEnabled(has)
        self.xlsx_button.setEnabled(has)
        self.print_button.setEnabled(bool(st and st.settled))
        self.print_button.setToolTip("" if self.print_button.isEnabled() else self.tr(
            "A statement is printed once its period is settled, so the paper signed is the one kept."))
        self.settle_button.setEnabled(bool(st and not st.settled and st.period_end < business_day()))
        self.settle_button.setToolTip("" if self.settle_button.isEnabled() or st is None or st.settled else self.tr(
            "A period can be settled once it has ended (its last day before today)."))
        if st is None:
            self.totals.clear()
            return
        units = {"kg" if ln.sold_by_weight else ln.unit for ln in st.lines}
        weighed = bool(st.lines) and all(ln.sold_by_weight for ln in st.lines)

        def qty(value: int | None) -> str:  # grams shown as kilograms, as the lines show them
            return documents.format_qty(value or 0, weighed)

        if len(units) > 1:  # jars and kilograms do not add up: no sums
            parts = [self.tr("Quantities are in several units ({units}): see each line.").format(
                units=", ".join(sorted(units)))]
        elif st.opening is None:
            parts = [self.tr("Received {received}, sold {sold}, returned {returned}, on hand {on_hand}.").format(
                received=qty(st.received), sold=qty(st.sold), returned=qty(st.returned), on_hand=qty(st.on_hand))]
        else:
            parts = [self.tr("On hand at the start {opening}, received {received}, sold {sold}, returned {returned}, "
                             "other {other}, on hand at the end {on_hand}.").format(
                opening=qty(st.opening), received=qty(st.received), sold=qty(st.sold), returned=qty(st.returned),
                other=qty(st.other), on_hand=qty(st.on_hand))]
        parts.append(self.tr("Sales value: {value}").format(value=format_vnd(st.sales_value)))
        for seg in st.segments:
            parts.append(
                self.tr("Commission {rate} ({start} – {end}) on {value}: {commission}").format(
                    rate=settlement.percent_text(seg.rate_bp),
                    start=vn_day(seg.start),
                    end=vn_day(seg.end),
                    value=format_vnd(seg.sales_value),
                    commission=format_vnd(seg.commission),
                )
            )
        parts.append(self.tr("Payable to the producer: {payable}").format(payable=format_vnd(st.payable)))
        if st.settled:
            parts.append(
                self.tr("Settled on {day} by {name}: locked.").format(
                    day=vn_day(st.settled_on), name=st.settled_by
                )
            )
        else:
            parts.append(self.tr("Not settled yet."))
        self.totals.setText("\n".join(parts))

    def open_settled(self, row: int) -> None:
        st = self.history.row_at(row)
        if st is not None:
            self.set_period(st.period_start, st.period_end)
            self.show_statement()

    def settle(self) -> Statement | None:
        pid = self.producer_id()
        if pid is None:
            return None
        start, end, actor = pydate(self.start.date()), pydate(self.end.date()), self.ui.user.actor
        # Settling locks the period for good: asked first, "No" the default (one click settled it).
        try:
            draft = self.ui.read(lambda s: settlement.statement(s, pid, start, end))
        except UserError as exc:
            show_error(self.message, exc)
            return None
        question = self.tr(
            "Settle {producer} for {start} – {end}? Payable: {payable}. The period is then locked: its deliveries, "
            "returns and commission can no longer change.").format(
            producer=draft.producer_name, start=vn_day(start), end=vn_day(end), payable=format_vnd(draft.payable))
        if not confirm(self, question):
            return None
        try:
            st = with_approval(self.ui, self, lambda s, a: settlement.settle(s, actor, pid, start, end, approved_by=a))
        except UserError as exc:
            show_error(self.message, exc)
            return None
        if st is None:
            show_error(self.message, self.tr("Not settled: no manager approved."))
            return None
        self._show(st)
        self.history.set_rows(self.ui.read(lambda s: settlement.settlements(s, pid)))
        show_ok(
            self.message,
            self.tr("Settled: {payable} payable to {producer}.").format(
                payable=format_vnd(st.payable), producer=st.producer_name
            ),
        )
        self.ui.events.data_changed.emit("settlement")
        return st

    def save(self, kind: str, path: Path | None = None) -> Path | None:
        st = self.statement
        if st is None:
            return None
        if path is None:
            # Named after the producer too: a month's statements, saved one after another, each keep their file.
            suggested = f"bang-ke-ky-gui-{file_slug(st.producer_name)}-{st.period_end:%Y-%m}.{kind}"
            path = ask_save_path(
                self,
                self.tr("Statement"),
                suggested,
                self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("Excel (*.xlsx)"),
            )
            if path is None:
                return None
        try:
            doc = self.ui.read(lambda s: settlement.statement_document(s, st))
            if kind == "pdf":
                path.write_bytes(documents.to_pdf(doc))
            else:
                exports.document_to_xlsx(doc, path)
        except (UserError, OSError) as exc:
            show_error(self.message, problem_text(exc))
            return None
        show_ok(self.message, self.tr("Saved {path}.").format(path=path))
        return path

    def print_receipt(self) -> bool:
        """The receipt printer prints settled statements (the print station renders them)."""
        st = self.statement
        if st is None or st.settlement_id is None:
            show_error(self.message, self.tr("Only a settled period can be printed on the receipt printer."))
            return False
        self.ui.events.print_requested.emit("settlement", st.settlement_id)
        show_ok(self.message, self.tr("Sent to the receipt printer."))
        return True
