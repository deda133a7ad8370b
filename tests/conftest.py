"""Shared fixtures: a migrated database file per test, a demo-like outlet, Qt offscreen, a home of each
test's own (nothing a test does reaches the real ``~/.cache``, ``~/.local`` or ``~/.config``).

What is the same for every test is made once for the run, by the code the app runs: the database file the
real migrations make (each test gets a copy of its own) and the outlet's PIN hashes (scrypt at the production
cost). Both were most of the suite's set-up time."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests assert English source texts; tests of the Vietnamese catalogue install it explicitly.
os.environ.setdefault("SHOWROOM_POS_LANG", "en")
# A database named in the developer's environment is not the tests' to open.
os.environ.pop("SHOWROOM_POS_DB", None)
# The province's secret that wraps outlets' USB keys: one of the test run's own, never the user's.
os.environ["SHOWROOM_PROVINCE_SECRET_FILE"] = os.path.join(
    tempfile.mkdtemp(prefix="showroom-test-province-"), "usb-signing.secret"
)

import pytest
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos import hardware
from showroom_pos.core import security
from showroom_pos.runtime import i18n
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import settings, setup, shifts, users
from showroom_pos.services.catalogue import producers, product_fields, products
from showroom_pos.services.context import Actor

# Several test modules take the showroom's business day once, when they are collected, and check pages and reports
# the server or the app computes as of its own day: a run that crossed midnight in Vietnam compared two days (session
# 12's CI failed so, on the certificates expiring within 90 days). A run that would start this close to midnight
# waits for it (the whole suite takes ~7 minutes on a 2-core machine).
MIDNIGHT_MARGIN = timedelta(minutes=15)


def pytest_sessionstart(session: pytest.Session) -> None:
    from showroom_pos.core.clock import VIETNAM

    now = datetime.now(VIETNAM)
    left = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0) - now
    if left < MIDNIGHT_MARGIN:
        wait = left.total_seconds() + 30
        message = (f"It is {now:%H:%M} in Vietnam: waiting {wait:.0f} s for midnight, so that the run sees one "
                   "business day (tests take the day when they are collected).")
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:  # (pytest captures a plain print here)
            reporter.write_line(message)
        else:
            print(message, file=sys.stderr, flush=True)
        time.sleep(wait)


def home_environment(home: Path) -> dict[str, str]:
    """The variables that place a user's folders (platformdirs and Qt read them on every use): all in ``home``."""
    return {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_STATE_HOME": str(home / ".local" / "state")}


# The run's own home from the start (no module above does anything when imported): collection, session
# fixtures and Qt (whose settings path is fixed at its first use) never see the real one; each test then gets
# a home of its own (``own_home``).
RUN_HOME = Path(tempfile.mkdtemp(prefix="showroom-test-home-"))
os.environ.update(home_environment(RUN_HOME))
# python-escpos's printer profiles: parsed once for the run, then read from the run's cache by every process
# the tests start (they inherit ESCPOS_CAPABILITIES_PICKLE_DIR).
hardware.prepare_escpos()

ADMIN_PIN, MANAGER_PIN, CASHIER_PIN = "3579", "2468", "1357"

pytest_plugins = ["tests.province_support"]  # its fixtures (``province``: a live province server) for every test


@pytest.fixture(autouse=True, scope="session")
def _remove_the_run_home() -> Iterator[None]:
    yield
    shutil.rmtree(RUN_HOME, ignore_errors=True)


@pytest.fixture(autouse=True, scope="module")
def _set_aside_what_earlier_modules_left() -> None:
    """What is still alive when a test module starts (imported modules, session fixtures, caches, what earlier
    tests kept) is moved out of the collector's way (``gc.freeze``): every later collection, the app's own
    ``gc.collect()`` each time a screen is left among them, went through all of it again (~1 s a call late in
    the suite). Garbage is collected first; what a test makes is collected as before."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _tests_language_kept() -> Iterator[None]:
    """A test that installs another language (``cli.main(["--lang", "vi", …])`` installs Vietnamese without Qt)
    leaves the tests' own (English, ``SHOWROOM_POS_LANG``) behind it: a later screen test, its texts in English, had
    its counts read as Vietnamese ("1 products below reorder level") when it ran after such a test."""
    before = (i18n._plain, i18n._translator)
    yield
    if (i18n._plain, i18n._translator) != before:
        i18n.install(i18n.language_from_environment())


@pytest.fixture(autouse=True)
def own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home for the test (beside its ``tmp_path``, which stays the test's alone): logs, caches,
    high-water marks and settings of the code under test, and of the processes it starts, go there."""
    home = tmp_path_factory.mktemp("home")
    for name, value in home_environment(home).items():
        monkeypatch.setenv(name, value)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "showroom.db"


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database file as the app makes it (``AppContext.open``: the real migrations, not create_all), made
    once for the run; ``app_context`` copies it. Never opened again, so it stays exactly as made."""
    path = tmp_path_factory.mktemp("migrated") / "showroom.db"
    AppContext.open(AppPaths.resolve(path)).close()
    leftovers = [p.name for p in path.parent.iterdir() if p != path]
    assert leftovers == [], leftovers  # one self-contained file (no WAL left beside it): a copy is all of it
    return path


@pytest.fixture
def app_context(db_path: Path, migrated_file: Path) -> Iterator[AppContext]:
    """A fresh database migrated to head (real migrations, not create_all): a copy of ``migrated_file``, opened
    as the app opens an existing file at head (the header and ``quick_check``; nothing to migrate)."""
    shutil.copyfile(migrated_file, db_path)
    ctx = AppContext.open(AppPaths.resolve(db_path))
    yield ctx
    ctx.close()


@pytest.fixture
def sessions(app_context: AppContext) -> sessionmaker[Session]:
    return app_context.sessions


_PIN_HASHES: dict[str, str] = {}


def _hash_once(pin: str) -> str:
    """``security.hash_pin``, at its production cost, once per PIN for the run: the outlet's users get a real
    hash of their PIN (every login still verifies it at full cost), only the salt is the same in every test."""
    if pin not in _PIN_HASHES:
        _PIN_HASHES[pin] = security.hash_pin(pin)
    return _PIN_HASHES[pin]


class Outlet:
    """Handles to a small set-up outlet: an admin, a manager, a cashier, a few products, an open shift."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        with mock.patch.object(users, "hash_pin", _hash_once), sessions.begin() as s:
            _shop, till, admin = setup.set_up_outlet(
                s, outlet_code="CL01", outlet_name="Điểm OCOP Mỹ Tho", admin_name="Quản trị", admin_pin=ADMIN_PIN
            )
            manager = users.create_user(s, "Nguyễn Thị Lan", "manager", MANAGER_PIN)
            cashier = users.create_user(s, "Trần Văn Minh", "cashier", CASHIER_PIN)
            # These tests' figures are exact đồng; cash rounding (default 1.000 ₫) has tests of its own.
            settings.set(s, "checkout.cash_rounding", "0")
            producer = producers.add_producer(
                s, producers.ProducerInput(name="Cơ sở Mắm Bà Hai Diễm", kind="household")
            )
            self.terminal_id = till.id
            self.admin_id, self.manager_id, self.cashier_id = admin.id, manager.id, cashier.id
            self.producer_id = producer.id
            self.mam_tom = products.add_product(s, product_fields.ProductInput(
                sku="HD-MAMTOM", name="Mắm tôm chà Gò Công", unit="hũ", price=55_000, cost=36_000,
                barcodes=("8938000000015",), stars=4, producer_id=producer.id, consigned=True,
            )).id
            self.tra = products.add_product(s, product_fields.ProductInput(
                sku="TRV-TMC", name="Trà mãng cầu xiêm", unit="hộp", price=65_000, cost=42_000,
                barcodes=("8938000000022",), stars=3, ocop_group="beverage",
            )).id
            self.sau_rieng = products.add_product(s, product_fields.ProductInput(
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
