"""Shared fixtures: a migrated database file per test, a demo-like outlet, Qt offscreen."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests assert English source texts; tests of the Vietnamese catalogue install it explicitly.
os.environ.setdefault("SHOWROOM_POS_LANG", "en")
# The till's high-water marks (and logs) live in the user's state folder: one of the test run's own.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="showroom-test-state-")
# The province's secret that wraps outlets' USB keys: one of the test run's own, never the user's.
os.environ["SHOWROOM_PROVINCE_SECRET_FILE"] = os.path.join(
    tempfile.mkdtemp(prefix="showroom-test-province-"), "usb-signing.secret"
)

import pytest
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.context import AppContext
from showroom_pos.app.paths import AppPaths
from showroom_pos.services import catalogue, settings, setup, shifts, users
from showroom_pos.services.context import Actor

ADMIN_PIN, MANAGER_PIN, CASHIER_PIN = "9999", "2468", "1357"

pytest_plugins = ["tests.province_support"]  # its fixtures (``province``: a live province server) for every test


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "showroom.db"


@pytest.fixture
def app_context(db_path: Path) -> Iterator[AppContext]:
    """A fresh database migrated to head (real migrations, not create_all)."""
    ctx = AppContext.open(AppPaths.resolve(db_path))
    yield ctx
    ctx.close()


@pytest.fixture
def sessions(app_context: AppContext) -> sessionmaker[Session]:
    return app_context.sessions


class Outlet:
    """Handles to a small set-up outlet: an admin, a manager, a cashier, a few products, an open shift."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        with sessions.begin() as s:
            _shop, till, admin = setup.set_up_outlet(
                s, outlet_code="CL01", outlet_name="Điểm OCOP Mỹ Tho", admin_name="Quản trị", admin_pin=ADMIN_PIN
            )
            manager = users.create_user(s, "Nguyễn Thị Lan", "manager", MANAGER_PIN)
            cashier = users.create_user(s, "Trần Văn Minh", "cashier", CASHIER_PIN)
            # These tests' figures are exact đồng; cash rounding (default 1.000 ₫) has tests of its own.
            settings.set(s, "checkout.cash_rounding", "0")
            producer = catalogue.create_producer(
                s, catalogue.ProducerInput(name="Cơ sở Mắm Bà Hai Diễm", kind="household")
            )
            self.terminal_id = till.id
            self.admin_id, self.manager_id, self.cashier_id = admin.id, manager.id, cashier.id
            self.producer_id = producer.id
            self.mam_tom = catalogue.create_product(s, catalogue.ProductInput(
                sku="HD-MAMTOM", name="Mắm tôm chà Gò Công", unit="hũ", price=55_000, cost=36_000,
                barcodes=("8938000000015",), stars=4, producer_id=producer.id, consigned=True,
            )).id
            self.tra = catalogue.create_product(s, catalogue.ProductInput(
                sku="TRV-TMC", name="Trà mãng cầu xiêm", unit="hộp", price=65_000, cost=42_000,
                barcodes=("8938000000022",), stars=3, ocop_group="beverage",
            )).id
            self.sau_rieng = catalogue.create_product(s, catalogue.ProductInput(
                sku="TCT-SR", name="Sầu riêng Ri6", unit="kg", price=165_000, sold_by_weight=True,
                scale_item_code="2000001", stars=4,
            )).id
        self.cashier = Actor(self.cashier_id, self.terminal_id, "cashier")
        self.manager = Actor(self.manager_id, self.terminal_id, "manager")

    def open_shift(self, sessions: sessionmaker[Session], opening_float: int = 500_000) -> None:
        with sessions.begin() as s:
            shifts.open_shift(s, self.cashier, opening_float)


@pytest.fixture
def outlet(sessions: sessionmaker[Session]) -> Outlet:
    return Outlet(sessions)
