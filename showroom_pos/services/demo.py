"""The demo showroom: a realistic Tiền Giang / Đồng Tháp OCOP catalogue, its people and a few weeks
of sales made through the same service the till uses."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos import package_data
from showroom_pos.core.clock import business_day, local_at, now_utc
from showroom_pos.storage.models import ProducerCommission, Product, User

from . import settings, setup, shifts, users
from .catalogue import producers, product_fields, vat_rates
from .catalogue import products as catalogue_products
from .context import Actor
from .stock import receiving
from .till import sale_writer


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: str
    pin: str


OPENED_DAYS_AGO = 60  # the demo showroom opened (set up, first deliveries) this many days ago

DEMO_USERS = (
    DemoUser("Quản trị", "admin", "3579"),
    DemoUser("Nguyễn Thị Lan", "manager", "2468"),
    DemoUser("Trần Văn Minh", "cashier", "1357"),
)
DEMO_OUTLET = {"code": "CL01", "name": "Điểm giới thiệu và bán sản phẩm OCOP Mỹ Tho",
               "address": "92 Ấp Bắc, phường Mỹ Tho, tỉnh Đồng Tháp", "commune": "Phường Mỹ Tho"}


def seed_catalogue(session: Session, receiver: Actor | None = None) -> None:
    """The demo's producers and products, and their first deliveries, posted by ``receiver`` (the manager)."""
    data = json.loads(package_data.path("db", "seed", "demo_catalogue.json").read_text(encoding="utf-8"))
    today = business_day()
    producer_ids: dict[str, int] = {}
    for p in data["producers"]:
        producer = producers.add_producer(session, producers.ProducerInput(
            code=p["code"], name=p["name"], kind=p["kind"], tax_code=p["tax_code"] or "", commune=p["commune"],
            province=p["province"], phone=p["phone"], sells_modern_channels=p["sells_modern_channels"],
        ))
        producer_ids[p["code"]] = producer.id
        session.add(ProducerCommission(producer_id=producer.id, valid_from=today - timedelta(days=400),
                                       rate_bp=p["commission_percent"] * 100))
    deliveries: dict[tuple[int | None, bool], list[receiving.GoodsReceiptLineIn]] = defaultdict(list)
    for quick, p in enumerate(data["products"], start=1):
        product = catalogue_products.add_product(session, product_fields.ProductInput(
            sku=p["sku"], name=p["name"], unit=p["unit"], price=p["price"], cost=p["cost"],
            barcodes=tuple(p["barcodes"]), scale_item_code=p["weight_item_code"],
            sold_by_weight=p["sold_by_weight"], ocop_group=p["group"], stars=p["stars"],
            vat_category=p["vat_category"],  # 5 % fresh fruit, vegetables, rice, eggs, meat (DOMAIN.md)
            certificate_no=p["certificate_no"],
            certificate_signed=today - timedelta(days=p["certificate_age_days"]),
            producer_id=producer_ids[p["producer"]], consigned=p["consigned"], reorder_level=p["reorder_level"],
            quick_key=quick if quick <= 12 else None,
        ))
        opening = 40_000 if product.sold_by_weight else 60
        deliveries[product.producer_id, product.consigned].append(
            receiving.GoodsReceiptLineIn(product.id, opening, p["cost"]))
    # The first deliveries, one goods receipt per producer (consigned or bought outright), as a showroom
    # opening would post them: its consignment statements then add up from real receipts.
    for (producer_id, consigned), lines in deliveries.items():
        receiving.receive_goods(session, receiver, lines, producer_id=producer_id, consigned=consigned,
                                note="Tồn đầu kỳ (demo)", at=local_at(today - timedelta(days=OPENED_DAYS_AGO), 7))


def seed(sessions: sessionmaker[Session], *, days: int = 21, seed_value: int = 2025,
         printer_file: Path | None = None) -> None:
    """Fill an empty database with the demo showroom. Each sale commits on its own, as at the till.

    ``printer_file``: the demo's receipt printer is a file receiving the raw ESC/POS bytes."""
    opened = local_at(business_day() - timedelta(days=OPENED_DAYS_AGO), 7)  # set up the morning it opened
    with sessions.begin() as session:
        shop, till, admin = setup.set_up_outlet(
            session, outlet_code=DEMO_OUTLET["code"], outlet_name=DEMO_OUTLET["name"],
            address=DEMO_OUTLET["address"], admin_name=DEMO_USERS[0].name, admin_pin=DEMO_USERS[0].pin, at=opened,
        )
        staff = [users.create_user(session, u.name, u.role, u.pin, created_by=admin.id, at=opened)
                for u in DEMO_USERS[1:]]
        manager = Actor(staff[0].id, till.id, "manager")
        shop.tax_code = "0312345602"  # a valid code (check digit), as `config set` requires
        shop.commune = DEMO_OUTLET["commune"]  # the Settings screen's "Commune or ward" (its address names it too)
        shop.phone = "0273 3 872 468"
        settings.set(session, "bank.bin", "970436", user_id=admin.id, at=opened)
        settings.set(session, "bank.account", "0011004123456", user_id=admin.id, at=opened)
        settings.set(session, "bank.account_name", "DIEM OCOP MY THO", user_id=admin.id, at=opened)
        if printer_file is not None:
            settings.set(session, "printer.connection", f"file:{printer_file}", user_id=admin.id, at=opened)
        seed_catalogue(session, manager)
        terminal_id = till.id
    history(sessions, terminal_id, days=days, rng=random.Random(seed_value))


def _user_id(session: Session, role: str) -> int:
    found = session.scalar(select(User.id).where(User.role == role, User.active).order_by(User.id))
    assert found is not None
    return found


def history(sessions: sessionmaker[Session], terminal_id: int, *, days: int, rng: random.Random,
            sales_per_day: tuple[int, int] = (12, 30), leave_open: bool = True) -> int:
    """``days`` past days of shifts and sales, then today's shift left open. Returns sales made."""
    with sessions() as session:
        cashier = Actor(_user_id(session, "cashier"), terminal_id, "cashier")
        manager = Actor(_user_id(session, "manager"), terminal_id, "manager")
        products = list(session.scalars(select(Product).where(Product.active)))
        vat = vat_rates.vat_table(session)
    weights = [1.0 / (1 + i % 9) for i in range(len(products))]
    made = 0
    today = business_day()
    for back in range(days, -1, -1):
        day = today - timedelta(days=back)
        opened = local_at(day, 8)
        is_today = back == 0
        if is_today:  # before 08:00 the demo's shift opened a little while ago, never in the future
            opened = min(opened, max(local_at(day), now_utc() - timedelta(minutes=30)))
        with sessions.begin() as session:
            shifts.open_shift(session, cashier, 1_000_000, at=opened)
        count = rng.randint(*sales_per_day) // (3 if is_today else 1)
        moments = sorted(rng.uniform(0, 11.5 * 3600) for _ in range(count))
        for seconds in moments:
            at = opened + timedelta(seconds=seconds)
            if at > now_utc():
                break
            made += _one_sale(sessions, cashier, manager, products, weights, vat, rng, at)
        if not is_today or not leave_open:
            with sessions.begin() as session:
                shift = shifts.open_shift_for(session, terminal_id)
                assert shift is not None
                drawer = shifts.expected_cash(session, shift)
                shifts.close_shift(session, cashier, _count_banknotes(drawer), at=opened + timedelta(hours=12))
    return made


def _one_sale(sessions: sessionmaker[Session], cashier: Actor, manager: Actor, products: list[Product],
              weights: list[float], vat: dict[str, int], rng: random.Random, at: datetime) -> int:
    picked = {p.id: p for p in rng.choices(products, weights, k=rng.randint(1, 5))}
    lines = [
        sale_writer.line_for(p, rng.choice((250, 500, 750, 1200)) if p.sold_by_weight else rng.choice((1, 1, 1, 2, 3)),
                             vat)
        for p in picked.values()
    ]
    total = sum(ln.gross for ln in lines)
    method = rng.choices(("cash", "transfer", "card", "ewallet"), (6, 3, 1, 1))[0]
    tender = total if method != "cash" else -(-total // 50_000) * 50_000
    with sessions.begin() as session:
        # Stock is received before it is sold: a product running short is restocked that morning, so no
        # product ever goes below zero anywhere in the demo's history.
        for ln in lines:
            on_hand = session.scalar(select(Product.on_hand).where(Product.id == ln.product_id)) or 0
            if on_hand < ln.qty:  # a delivery from its producer (consigned if the product is), as a manager posts it
                refill = (40_000 if ln.by_weight else 60) + ln.qty - on_hand
                product = picked[ln.product_id]
                cost = session.scalar(select(Product.cost).where(Product.id == ln.product_id))
                receiving.receive_goods(
                    session, manager, [receiving.GoodsReceiptLineIn(ln.product_id, refill, cost or 0)],
                    producer_id=product.producer_id, consigned=product.consigned, note="Nhập hàng (demo)",
                    at=at)
        sale_writer.complete_sale(session, cashier, lines, [sale_writer.PaymentIn(method, tender)], at=at)
    return 1


def _count_banknotes(amount: int) -> dict[int, int]:
    counted: dict[int, int] = {}
    for note in shifts.BANKNOTES:
        counted[note], amount = divmod(amount, note)
    return {k: v for k, v in counted.items() if v}
