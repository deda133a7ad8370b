"""The data-safety screens, offscreen: audit log, backups, the automatic backups, and the auto-lock that
returns to the same cart; plus a full disk at the checkout keeping the cart."""

from __future__ import annotations

import contextlib
import csv
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

import showroom_pos
from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import ApprovalRequired
from showroom_pos.runtime import i18n
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import audit_log, backup, check, settings, shifts, users
from showroom_pos.services.audit_log import AuditFilter
from showroom_pos.services.till.sale_writer import PaymentIn
from showroom_pos.storage.models import AuditEvent
from showroom_pos.ui import backup_screen
from showroom_pos.ui.audit_log import AuditLogScreen
from showroom_pos.ui.backup_screen import BackupScheduler, BackupScreen, backup_after_shift_close, size_text
from showroom_pos.ui.checkout import CheckoutScreen
from showroom_pos.ui.checkout_shift import CloseShiftDialog
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.session import LoggedIn, UiSession

from .conftest import ADMIN_PIN, CASHIER_PIN, MANAGER_PIN, Outlet
from .safety_helpers import count_sales, sell, stock_up


def session_for(app: AppContext, outlet: Outlet, role: str) -> UiSession:
    uid, name = {"cashier": (outlet.cashier_id, "Trần Văn Minh"), "manager": (outlet.manager_id, "Nguyễn Thị Lan"),
                 "admin": (outlet.admin_id, "Quản trị")}[role]
    return UiSession(app, LoggedIn(uid, name, role, outlet.terminal_id))


@pytest.fixture
def window_for(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> Iterator[Any]:
    made: list[MainWindow] = []

    def make(role: str) -> MainWindow:
        window = MainWindow(session_for(app_context, outlet, role))
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        for screen in window.built.values():
            if isinstance(screen, CheckoutScreen):
                screen.shutdown()


def audit_kinds(sessions: sessionmaker[Session], kind: str) -> list[AuditEvent]:
    with sessions() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)))


# --- the audit log -----------------------------------------------------------------------------------


def _some_history(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra], count=2)
    with sessions.begin() as s:
        settings.set(s, "receipt.footer", "Hẹn gặp lại!", user_id=outlet.manager_id)
        shifts.cash_movement(s, outlet.cashier, -50_000, "Mua túi nilon", approved_by=outlet.manager_id)
    for pin in ("0000", CASHIER_PIN):
        with sessions() as s:
            with contextlib.suppress(users.LoginFailed):
                users.authenticate(s, outlet.cashier_id, pin)
            s.commit()


def test_the_audit_log_filters_by_user_kind_and_date_and_exports(
        qtbot: QtBot, qtmodeltester: Any, app_context: AppContext, outlet: Outlet,
        sessions: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _some_history(sessions, outlet)
    with sessions() as s:
        total = len(list(s.scalars(select(AuditEvent.id))))
    screen = AuditLogScreen(session_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() == total
    kinds = [screen.model.rows[r].kind for r in range(screen.model.rowCount())]
    assert kinds[0] == "login"  # newest first

    screen.user.setCurrentIndex(screen.user.findData(outlet.manager_id))
    got = {r.kind for r in screen.model.rows}
    assert {"setting.changed", "cash.out"} <= got and "sale.completed" not in got  # did or approved
    cash = next(r for r in screen.model.rows if r.kind == "cash.out")
    assert (cash.user, cash.approver) == ("Trần Văn Minh", "Nguyễn Thị Lan") and "-50000" in cash.details_text()

    screen.user.setCurrentIndex(0)
    screen.kind.setCurrentIndex(screen.kind.findData("sale.completed"))
    assert [r.kind for r in screen.model.rows] == ["sale.completed"] * 2
    screen.kind.setCurrentIndex(screen.kind.findData("login."))  # the family: login and login.failed
    assert sorted(r.kind for r in screen.model.rows) == ["login", "login.failed"]

    screen.kind.setCurrentIndex(0)
    tomorrow = business_day() + timedelta(days=1)
    screen.day_from.setDate(screen.day_from.date().addDays(30))
    screen.day_to.setDate(screen.day_to.date().addDays(30))
    assert screen.model.rowCount() == 0 and tomorrow
    screen.dates.setChecked(False)
    assert screen.model.rowCount() == total

    screen.kind.setCurrentIndex(screen.kind.findData("sale.completed"))
    target = tmp_path / "audit.csv"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), "CSV"))
    with qtbot.waitSignal(screen.exported, timeout=10_000) as exported_count:
        screen.export_button.click()
        assert not screen.export_button.isEnabled()  # written on a worker thread, one export at a time
    assert exported_count.args == [2] and screen.export_button.isEnabled()
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Vietnamese right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(audit_log.CSV_HEADER) and len(rows) == 3
    assert {r[1] for r in rows[1:]} == {"sale.completed"} and rows[1][2] == "Trần Văn Minh"
    [exported] = audit_kinds(sessions, "audit.exported")
    assert exported.user_id == outlet.manager_id and json.loads(exported.details)["rows"] == 2
    assert "2" in screen.message.text()


def test_an_audit_export_is_written_without_holding_the_write_lock(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole log of a busy showroom (334,000 events) took ~10 s to write, on the GUI thread and inside a write
    transaction: a sale would have waited for it. The file is written off the GUI thread in a read session; while it
    is written another writer gets the lock at once; the export is recorded after."""
    import threading

    _some_history(sessions, outlet)
    seen: list[tuple[str, bool]] = []
    real = audit_log.write_csv

    def watched(*args: Any, **kwargs: Any) -> int:
        other = sqlite3.connect(app_context.paths.database, timeout=0.2)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" while an export held its transaction
            other.rollback()
            seen.append((threading.current_thread().name, True))
        finally:
            other.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(audit_log, "write_csv", watched)
    screen = AuditLogScreen(session_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.exported, timeout=10_000) as exported:
        screen.export_to(tmp_path / "audit.csv")
    assert len(seen) == 1 and seen[0][0] != threading.main_thread().name
    assert exported.args[0] == len(list(csv.reader((tmp_path / "audit.csv").read_text("utf-8-sig").splitlines()))) - 1
    assert len(audit_kinds(sessions, "audit.exported")) == 1


def test_an_audit_export_is_streamed_and_a_failure_leaves_the_file_as_it_was(
        sessions: sessionmaker[Session], outlet: Outlet, tmp_path: Path) -> None:
    """The whole log (334,000 events, 47 MB) was made into one text, encoded and written at the end: the worker then
    held the screen's thread ~0.28 s at a time. Rows are written to a file beside the export as they are read, and it
    replaces the export once whole: a failure on the way (a full disk) leaves the earlier export as it was and no
    partial file."""
    from showroom_pos.services import audit

    with sessions.begin() as s:
        for i in range(600):
            audit.record(s, "product.updated", user_id=outlet.manager_id, entity="product", entity_id=str(i),
                         note="Mắm tôm chà Gò Công " * 5)
    path = tmp_path / "audit.csv"
    path.write_text("the export before", encoding="utf-8")
    partial = tmp_path / "audit.csv.tmp"
    written_before: list[int] = []  # the partial file's size as each row is made
    real = audit_log.AuditRow.details_text
    fail_at: int | None = 500

    def watched(row: audit_log.AuditRow) -> str:
        written_before.append(partial.stat().st_size if partial.exists() else 0)
        if len(written_before) == fail_at:
            raise OSError(28, "No space left on device")
        return real(row)

    with pytest.MonkeyPatch.context() as patch, sessions() as s:
        patch.setattr(audit_log.AuditRow, "details_text", watched)
        with pytest.raises(OSError):
            audit_log.write_csv(s, outlet.manager, AuditFilter(), path)
        assert path.read_text(encoding="utf-8") == "the export before" and not partial.exists()
        assert written_before[-1] > 0  # rows were on disk while later rows were still being made
        written_before.clear()
        fail_at = None
        count = audit_log.write_csv(s, outlet.manager, AuditFilter(), path)
        events = s.scalar(select(func.count()).select_from(AuditEvent))
    lines = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    assert count == events == len(lines) - 1 >= 600 and not partial.exists()
    assert lines[0] == list(audit_log.CSV_HEADER) and written_before[0] == 0 < written_before[-1]


def _recorded_by_the_code() -> tuple[set[str], set[str]]:
    """Every kind of event and every detail's name that a call in the package records (``audit.record``,
    ``record_by``, backup's ``_audit``; both sides of a conditional kind; details as keywords or a dict)."""
    import ast

    fixed = {"user_id", "terminal_id", "approver_id", "entity", "entity_id", "at", "kind"}
    kinds: set[str] = set()
    names: set[str] = set()
    for source in Path(showroom_pos.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("record", "record_by", "_audit"):
                continue
            # The kind is the first or second argument (``self._audit(kind, …)``, ``record(session, kind, …)``).
            said: list[ast.expr] = [a for a in node.args[:2] if isinstance(a, ast.Constant | ast.IfExp)]
            said += [k.value for k in node.keywords if k.arg == "kind"]
            for kind in said:
                kinds |= {c.value for c in ast.walk(kind) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            names |= {k.arg for k in node.keywords if k.arg and k.arg not in fixed}
            for arg in node.args:
                if isinstance(arg, ast.Dict):
                    names |= {k.value for k in arg.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    return {k for k in kinds if k.replace(".", "").replace("_", "").isalpha()}, names


def test_every_kind_of_event_has_a_name_people_read() -> None:
    recorded, names = _recorded_by_the_code()
    assert {"receipt_no", "total", "opening_float"} <= names
    assert sorted(names - set(audit_log.DETAIL_LABELS)) == []
    assert {"sale.completed", "login", "cash.in", "cash.out", "till.locked", "backup.made"} <= recorded
    assert sorted(recorded - set(audit_log.KIND_LABELS)) == []


def test_the_audit_log_says_what_happened_in_vietnamese(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    """The manager reads "Bán xong hóa đơn", not "sale.completed" (the kind stays in the tooltip and the CSV)."""
    _some_history(sessions, outlet)
    i18n.install("vi")
    try:
        screen = AuditLogScreen(session_for(app_context, outlet, "manager"))
        qtbot.addWidget(screen)
        model = screen.model
        shown = {model.rows[r].kind: (model.index(r, 1).data(), model.index(r, 1).data(Qt.ItemDataRole.ToolTipRole),
                                      model.index(r, 5).data()) for r in range(model.rowCount())}
        label, tooltip, entity = shown["sale.completed"]
        assert (label, tooltip) == ("Bán xong hóa đơn", "Bán xong hóa đơn (sale.completed)")
        assert entity.startswith("hóa đơn ")
        assert shown["login.failed"][0] == "Sai mã PIN" and shown["cash.out"][0] == "Rút tiền khỏi két"
        sale = next(r for r in range(model.rowCount()) if model.rows[r].kind == "sale.completed")
        details = model.index(sale, 6).data()
        assert details.startswith("hóa đơn: CL01-") and "tổng tiền: " in details and details.endswith(" ₫")
        assert "receipt_no" not in details and model.rows[sale].details_text().startswith("receipt_no=CL01-")
        offered = [screen.kind.itemText(i) for i in range(screen.kind.count())]
        assert "Đăng nhập (tất cả)" in offered and "Bán xong hóa đơn" in offered
        assert not [text for text in offered if "." in text]  # no raw kind left in the filter
    finally:
        i18n.install(i18n.language_from_environment())


def test_the_audit_log_shows_settings_and_known_values_in_vietnamese(qapp: QApplication) -> None:
    """"vai trò: thu ngân", not "vai trò: cashier"; a setting by its name, "cài đặt: Máy in hóa đơn", not
    "cài đặt printer.connection" (the CSV keeps the values and keys as stored)."""
    details = {"role": "cashier", "backup_kind": "daily", "method": "transfer", "via": "cli",
               "purpose": "approve:backup_restore", "context": "adjustment", "name": "cashier"}
    row = audit_log.AuditRow(1, datetime(2026, 12, 4, 5, 0, tzinfo=UTC), "user.created", "Quản trị", "", "",
                             "setting", "printer.connection", json.dumps(details))
    i18n.install("vi")
    try:
        assert row.details_shown(i18n.translated_reason) == (
            "vai trò: thu ngân; bản sao lưu: hằng ngày; hình thức: chuyển khoản; qua: dòng lệnh; "
            "để: phê duyệt: khôi phục bản sao lưu; ở đâu: điều chỉnh tồn kho; tên: cashier")  # a name stays a name
        assert row.entity_shown(i18n.translated_reason) == "cài đặt: Máy in hóa đơn"
        untranslated = [k.description for k in settings.KEYS.values()
                        if i18n.translated_reason(k.description) == k.description]
        assert untranslated == []
        for key, values in audit_log.DETAIL_VALUE_LABELS.items():
            assert [v for v in values.values() if i18n.translated_reason(v) == v] == [], key
    finally:
        i18n.install(i18n.language_from_environment())
    assert row.details_text().startswith("role=cashier, backup_kind=daily")
    started = audit_log.AuditRow(2, datetime(2026, 12, 4, 5, 0, tzinfo=UTC), "stock_count.started", "Lan", "", "",
                                 "stock_count", "c1", json.dumps({"note": "", "via": "ui", "lot": None}))
    assert started.details_shown(str) == "via: ui"  # no "note: ;" for a count started without a note


def test_only_managers_read_the_audit_log_and_see_the_safety_screens(
        window_for: Any, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    with sessions() as s, pytest.raises(ApprovalRequired):
        audit_log.search(s, outlet.cashier, AuditFilter())
    cashier = {spec.key for spec in window_for("cashier").specs}
    manager = {spec.key for spec in window_for("manager").specs}
    assert not {"audit_log", "backups"} & cashier
    assert {"audit_log", "backups"} <= manager


# --- backups -----------------------------------------------------------------------------------------


def test_backup_now_lists_the_backup_and_an_admin_restores_it(
        qtbot: QtBot, window_for: Any, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        monkeypatch: pytest.MonkeyPatch) -> None:
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra])
    window = window_for("admin")
    screen = window.open_screen("backups")
    assert isinstance(screen, BackupScreen) and screen.table.rowCount() == 0
    qtbot.mouseClick(screen.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1 and screen.backup_button.isEnabled())
    assert "verified" in screen.message.text() and screen.last.text() != ""
    assert size_text(1_677_722) == "1,6 MB" and size_text(2_048) == "2 KB"  # a decimal comma (it read 1.6 MB)
    assert not screen.table.verticalHeader().isVisible()
    old_engine = app_context.engine
    sell(sessions, outlet.cashier, [outlet.tra], count=2)
    assert count_sales(app_context.paths.database) == 3
    screen.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.logout_requested):
        qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    assert count_sales(app_context.paths.database) == 1
    assert app_context.engine is not old_engine
    with app_context.sessions() as s:  # the session factory follows the new engine
        assert s.get_bind() is app_context.engine
    [restored] = audit_kinds(sessions, "backup.restored")
    assert restored.user_id == outlet.admin_id
    assert list(app_context.paths.backups.glob("showroom-before-restore-*.db"))


class FakeApproval:
    """The approval dialog with a chosen approver (the dialog itself is tested with the checkout)."""

    approver: int | None = None
    DialogCode = QDialog.DialogCode

    def __init__(self, *_args: object) -> None:
        self.approver_id = FakeApproval.approver

    def exec(self) -> QDialog.DialogCode:
        return QDialog.DialogCode.Accepted if self.approver_id else QDialog.DialogCode.Rejected


def backed_up_then_sold_twice(app_context: AppContext, outlet: Outlet,
                              sessions: sessionmaker[Session]) -> backup.BackupInfo:
    """A backup, then two sales it does not hold: what a restore would lose."""
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    info = backup.backup_now(app_context.engine, app_context.paths.backups)
    sell(sessions, outlet.cashier, [outlet.tra], count=2)
    return info


def test_after_a_restore_the_pin_screen_says_what_was_restored(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        window_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Restoring sends everyone back to the PIN screen: it said nothing, and the backup screen's message closed with
    its window (seen under Xvfb: the login came back without a word of the restore)."""
    from showroom_pos.app.main import AppController

    info = backed_up_then_sold_twice(app_context, outlet, sessions)
    window = window_for("admin")
    screen = window.open_screen("backups")
    assert isinstance(screen, BackupScreen)
    warned: list[str] = []  # two sales were made after the backup: the till says it is behind (its own test)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, _t, *a, **k: warned.append(title))
    with qtbot.waitSignal(window.logout_requested):
        assert screen.restore_file(info.path)
    assert window.parting_note.startswith(f"Restored {info.path.name}.") and "before-restore" in window.parting_note
    # The app's controller: the window it logs out of leaves its note on the PIN screen it opens.
    controller = AppController(app_context)
    controller.show_login()
    login = controller.login
    assert login is not None
    login.select_user(outlet.cashier_id)
    login.try_login(CASHIER_PIN)
    till = controller.window
    assert till is not None
    till.parting_note = window.parting_note
    till.logout_requested.emit()
    again = controller.login
    assert again is not None and again.message.text() == window.parting_note
    assert "1b5e20" in again.message.styleSheet()  # said as done, not as an error
    again.try_login("0000")  # a wrong PIN after it: said as an error
    assert "b00020" in again.message.styleSheet()
    again.close()


def test_a_manager_restores_only_with_an_administrators_pin(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        monkeypatch: pytest.MonkeyPatch) -> None:
    info = backed_up_then_sold_twice(app_context, outlet, sessions)
    screen = BackupScreen(session_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    assert not screen.restore_file(info.path)  # no approver: refused by the service
    assert "approval" in screen.message.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(backup_screen, "ApprovalDialog", FakeApproval)
    FakeApproval.approver = outlet.manager_id  # a manager may not approve an administrator's right
    assert not screen.confirm_and_restore(info.path)
    assert count_sales(app_context.paths.database) == 2
    FakeApproval.approver = outlet.admin_id
    with qtbot.waitSignal(screen.restored):
        assert screen.confirm_and_restore(info.path)
    assert count_sales(app_context.paths.database) == 0
    [restored] = audit_kinds(screen.ui.app.sessions, "backup.restored")
    assert (restored.user_id, restored.approver_id) == (outlet.manager_id, outlet.admin_id)


def test_only_administrators_are_offered_to_approve_a_restore(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A restore is the administrators' right: the approval asks for an administrator and lists only them (it
    listed the managers too, and refused the one picked only after their PIN was typed)."""
    from showroom_pos.ui.approval import ApprovalDialog

    info = backed_up_then_sold_twice(app_context, outlet, sessions)
    screen = BackupScreen(session_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen: list[tuple[list[int], str]] = []

    def look(dialog: ApprovalDialog) -> None:
        offered = [dialog.managers.itemData(i) for i in range(dialog.managers.count())]
        dialog.pin_pad.scanned.emit("8938000000015")  # a scan into the PIN pad: refused, said to the right person
        texts = [dialog.windowTitle(), *(label.text() for label in dialog.findChildren(QLabel))]
        seen.append((offered, " ".join(texts)))
        dialog.reject()

    def when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ApprovalDialog) and dialog.isVisible():
            look(dialog)
        else:
            QTimer.singleShot(10, when_shown)

    QTimer.singleShot(0, when_shown)
    assert not screen.confirm_and_restore(info.path)
    assert seen and seen[0][0] == [outlet.admin_id]
    assert "An administrator must approve: restore a backup" in seen[0][1]
    assert seen[0][1].startswith("Administrator approval")
    assert "A barcode was scanned: the administrator types their PIN here." in seen[0][1]
    assert count_sales(app_context.paths.database) == 2


def test_the_restore_question_answers_no_to_a_stray_enter(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    """Restoring replaces the whole database: the question's default button is "No", so Enter pressed by habit
    (or a scanner's) keeps the sales; nothing is restored."""
    info = backed_up_then_sold_twice(app_context, outlet, sessions)
    screen = BackupScreen(session_for(app_context, outlet, "admin"))
    qtbot.addWidget(screen)
    defaults: list[bool] = []

    def press_enter(box: QMessageBox) -> None:
        defaults.append(box.defaultButton() is box.button(QMessageBox.StandardButton.No))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, lambda: _answer_modal(press_enter))
    assert not screen.confirm_and_restore(info.path)
    assert defaults == [True] and count_sales(app_context.paths.database) == 2


def _answer_modal(action: Any) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.isVisible():
        action(box)
    else:
        QTimer.singleShot(10, lambda: _answer_modal(action))


def test_a_backup_that_cannot_be_made_says_why(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                               sessions: sessionmaker[Session], tmp_path: Path) -> None:
    with sessions.begin() as s:
        settings.set(s, "backup.folder", str(tmp_path / "no-stick" / "backups"))
    screen = BackupScreen(session_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    assert "not available" in screen.folder.text()
    screen.back_up_now()
    qtbot.waitUntil(screen.backup_button.isEnabled)
    assert "USB" in screen.message.text()


def test_the_scheduler_makes_the_daily_backup_once_and_waits_after_a_failure(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        tmp_path: Path) -> None:
    now = [1000.0]
    ui = session_for(app_context, outlet, "manager")
    scheduler = BackupScheduler(ui, clock=lambda: now[0], start=False)
    with qtbot.waitSignal(scheduler.finished) as done:
        scheduler.check_daily()
    assert done.args[0].info.kind == "daily"
    with qtbot.waitSignal(scheduler.finished) as again:
        scheduler.check_daily()
    assert again.args[0] is None  # today's is made
    [daily] = backup.list_backups(app_context.paths.backups)
    daily.path.unlink()
    with sessions.begin() as s:
        settings.set(s, "backup.folder", str(tmp_path / "no-stick" / "backups"))
    with qtbot.waitSignal(ui.events.status_message) as said, qtbot.waitSignal(scheduler.finished):
        scheduler.check_daily()
    assert "USB" in said.args[0]
    with qtbot.assertNotEmitted(scheduler.finished, wait=50):
        scheduler.check_daily()  # not again within the hour
    now[0] += backup_screen.RETRY_AFTER_FAILURE_S
    with qtbot.waitSignal(scheduler.finished) as retried:
        scheduler.check_daily()
    assert retried.args[0].error is not None


def test_every_shift_close_makes_one_backup(qtbot: QtBot, window_for: Any, outlet: Outlet,
                                           sessions: sessionmaker[Session]) -> None:
    """The checkout's own close-shift dialog: its Z report going to the printer sets off the backup."""
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra])
    window = window_for("cashier")
    dialog = CloseShiftDialog(window.ui, window)
    dialog.counts[100_000].setValue(6)
    dialog.close_shift()  # asks to confirm the count
    with qtbot.waitSignal(window.backups.finished) as done:
        dialog.close_shift()
    dialog.close()
    assert dialog.report is not None and done.args[0].info.kind == "shift"
    assert [e.user_id for e in audit_kinds(sessions, "backup.made")] == [outlet.cashier_id]
    with qtbot.assertNotEmitted(window.backups.finished, wait=50):  # the same Z report again: no new backup
        window.ui.events.print_requested.emit("z_report", dialog.report.shift_id)
        backup_after_shift_close(window.current_screen(), dialog.report.shift_id)
    assert len(backup.list_backups(window.ui.app.paths.backups)) == 1


def test_a_reprinted_old_z_report_is_not_a_shift_close(qtbot: QtBot, window_for: Any, outlet: Outlet,
                                                       sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        opened = shifts.open_shift(s, outlet.cashier, 0, at=datetime.now(UTC) - timedelta(days=2))
        shifts.close_shift(s, outlet.cashier, {}, at=datetime.now(UTC) - timedelta(days=1))
        old_shift = opened.id
    window = window_for("manager")
    with qtbot.assertNotEmitted(window.backups.finished, wait=50):
        window.ui.events.print_requested.emit("z_report", old_shift)
        window.ui.events.print_requested.emit("receipt", "whatever")
    with qtbot.waitSignal(window.backups.finished) as done:  # a screen may also ask itself
        backup_after_shift_close(window.current_screen())
    assert done.args[0].info.kind == "shift"


# --- the auto-lock -----------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


def _locked_window(window_for: Any, role: str = "cashier") -> tuple[Any, Clock]:
    window = window_for(role)
    window.activateWindow()  # shortcuts only reach the active window: make sure they could
    QApplication.processEvents()
    clock = Clock()
    window.auto_lock.clock = clock
    window.auto_lock.last_activity = clock.now
    return window, clock


def _type_pin(qtbot: QtBot, window: Any, pin: str, user_id: int | None = None) -> None:
    overlay = window.auto_lock.overlay
    if user_id is not None:
        overlay.who.setCurrentIndex(overlay.who.findData(user_id))
    for digit in pin:
        qtbot.mouseClick(overlay.pin_pad.findChild(QPushButton, f"pinKey_{digit}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(overlay.pin_pad.findChild(QPushButton, "pinOk"), Qt.MouseButton.LeftButton)


def _scan(widget: QWidget, code: str) -> None:
    """A USB scanner: keys 4 ms apart, then Enter."""
    stamp = 9_000_000
    for ch in [*code, "\r"]:
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key_event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            key_event.setTimestamp(stamp)
            QApplication.sendEvent(widget, key_event)
        stamp += 4


def test_an_idle_till_locks_and_the_cashier_comes_back_to_the_same_cart(
        qtbot: QtBot, window_for: Any, app_context: AppContext, outlet: Outlet,
        sessions: sessionmaker[Session]) -> None:
    stock_up(sessions, [outlet.mam_tom, outlet.tra])
    outlet.open_shift(sessions)
    window, clock = _locked_window(window_for)
    lock = window.auto_lock
    checkout_screen = window.current_screen()
    assert isinstance(checkout_screen, CheckoutScreen) and lock.minutes == 10
    _scan(checkout_screen.search, "8938000000015")
    assert len(checkout_screen.cart) == 1
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is not checkout_screen  # shortcuts work while unlocked
    window.open_screen("checkout")
    clock.now += 9 * 60
    lock.check()
    assert not lock.locked
    qtbot.keyClick(checkout_screen.search, Qt.Key.Key_Shift)  # any key is activity
    assert lock.last_activity == clock.now
    clock.now += 9 * 60 + 59
    lock.check()
    assert not lock.locked
    clock.now += 1
    lock.check()
    assert lock.locked and lock.overlay.isVisible()
    assert lock.overlay.geometry() == window.rect()
    assert [lock.overlay.who.itemData(i) for i in range(lock.overlay.who.count())] == [
        outlet.cashier_id, outlet.manager_id, outlet.admin_id]  # the locked user first, then the managers
    assert [e.user_id for e in audit_kinds(sessions, "till.locked")] == [outlet.cashier_id]

    # Locked: a scan, keys, a click or a shortcut reach nothing behind the overlay.
    _scan(checkout_screen.search, "8938000000022")
    qtbot.keyClicks(checkout_screen.search, "tra")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(window.nav, Qt.MouseButton.LeftButton)
    assert len(checkout_screen.cart) == 1 and checkout_screen.search.text() == ""
    assert window.current_screen() is checkout_screen

    _type_pin(qtbot, window, "0000")
    assert lock.locked and lock.overlay.message.text()
    failed = audit_kinds(sessions, "login.failed")
    assert json.loads(failed[-1].details)["purpose"] == "unlock"

    _type_pin(qtbot, window, CASHIER_PIN)
    assert not lock.locked and not lock.overlay.isVisible()
    assert window.current_screen() is checkout_screen and len(checkout_screen.cart) == 1
    [unlocked] = audit_kinds(sessions, "till.unlocked")
    assert (unlocked.user_id, unlocked.approver_id) == (outlet.cashier_id, None)
    _scan(checkout_screen.search, "8938000000022")  # and the till works on
    assert len(checkout_screen.cart) == 2


def test_a_manager_may_unlock_for_the_cashier(qtbot: QtBot, window_for: Any, outlet: Outlet,
                                              sessions: sessionmaker[Session]) -> None:
    window, _clock = _locked_window(window_for)
    window.auto_lock.lock(reason="manual")
    _type_pin(qtbot, window, MANAGER_PIN, outlet.manager_id)
    assert not window.auto_lock.locked
    [unlocked] = audit_kinds(sessions, "till.unlocked")
    assert (unlocked.user_id, unlocked.approver_id) == (outlet.cashier_id, outlet.manager_id)
    window.auto_lock.lock(reason="manual")
    _type_pin(qtbot, window, ADMIN_PIN, outlet.admin_id)
    assert not window.auto_lock.locked
    assert outlet.tra  # another cashier is not offered: only the locked user and managers
    offered = {window.auto_lock.overlay.who.itemData(i) for i in range(window.auto_lock.overlay.who.count())}
    assert offered == {outlet.cashier_id, outlet.manager_id, outlet.admin_id}


def test_the_lock_follows_its_setting(window_for: Any, sessions: sessionmaker[Session]) -> None:
    window, clock = _locked_window(window_for)
    with sessions.begin() as s:
        settings.set(s, "security.auto_lock_minutes", "0")
    window.ui.events.settings_changed.emit()
    clock.now += 24 * 3600
    window.auto_lock.check()
    assert not window.auto_lock.locked  # 0 = never
    with sessions.begin() as s:
        settings.set(s, "security.auto_lock_minutes", "2")
    window.ui.events.settings_changed.emit()
    window.auto_lock.last_activity = clock.now
    clock.now += 119
    window.auto_lock.check()
    assert not window.auto_lock.locked
    clock.now += 1
    window.auto_lock.check()
    assert window.auto_lock.locked


def test_ctrl_shift_l_locks_at_once_and_log_out_is_offered(qtbot: QtBot, window_for: Any) -> None:
    window, _clock = _locked_window(window_for)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.auto_lock.locked
    with qtbot.waitSignal(window.logout_requested):
        qtbot.mouseClick(window.auto_lock.overlay.logout_button, Qt.MouseButton.LeftButton)


def test_tab_cannot_take_the_focus_behind_the_lock(qtbot: QtBot, window_for: Any) -> None:
    window, _clock = _locked_window(window_for)
    lock = window.auto_lock
    lock.lock()
    for _ in range(12):
        focus = QApplication.focusWidget() or lock.overlay.pin_pad.field
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: lock._inside(QApplication.focusWidget() or window, lock.overlay))


def test_a_dialog_left_open_is_cancelled_when_the_till_locks(qtbot: QtBot, window_for: Any) -> None:
    window, clock = _locked_window(window_for)
    dialog = QDialog(window)

    def idle_out() -> None:
        clock.now += 3600
        window.auto_lock.check()

    QTimer.singleShot(0, idle_out)
    assert dialog.exec() == QDialog.DialogCode.Rejected
    assert window.auto_lock.locked


class KeySpy(QObject):
    """A filter installed after the lock's, as the checkout's scanner filter is."""

    def __init__(self) -> None:
        super().__init__()
        self.keys = 0

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.KeyPress:
            self.keys += 1
        return False


def test_the_lock_filter_runs_before_filters_installed_after_it(qtbot: QtBot, window_for: Any) -> None:
    window, _clock = _locked_window(window_for)
    spy = KeySpy()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        window.auto_lock.lock()
        qtbot.keyClicks(window.nav, "12345")
        assert spy.keys == 0
    finally:
        app.removeEventFilter(spy)


# --- a full disk at the checkout ---------------------------------------------------------------------


def test_a_full_disk_at_the_checkout_shows_why_and_keeps_the_cart(
        qtbot: QtBot, window_for: Any, app_context: AppContext, outlet: Outlet,
        sessions: sessionmaker[Session]) -> None:
    stock_up(sessions, [outlet.mam_tom, outlet.tra])
    outlet.open_shift(sessions)
    window = window_for("cashier")  # installs the translation of storage errors on the engine
    screen = window.current_screen()
    assert isinstance(screen, CheckoutScreen)
    for code in ("8938000000015", "8938000000022", "8938000000022"):
        screen.on_scan(code)
    screen.saver.flush()
    engine = app_context.engine
    with engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def full(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")
        dbapi_connection.execute("PRAGMA cache_size = -64")

    event.listen(engine, "connect", full)
    engine.dispose()
    total = screen.cart.totals().total
    paid = False
    for _ in range(200):  # the free pages inside the file go first
        if not screen.complete([PaymentIn("card", total)]):
            break
        paid = True
        for code in ("8938000000015", "8938000000022", "8938000000022"):
            screen.on_scan(code)
        screen.saver.flush()
    else:
        pytest.fail("the disk never filled up")
    assert "disk is full" in screen.message.text()
    assert len(screen.cart) == 2 and screen.cart.totals().total == total  # the cart is kept
    event.remove(engine, "connect", full)
    engine.dispose()
    with sessions() as s:
        assert check.check_database(s) == []
    assert screen.complete([PaymentIn("card", total)])
    assert len(screen.cart) == 0 and paid in (True, False)
