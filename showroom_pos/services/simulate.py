"""Large realistic data for benchmarks, reports at scale and crash tests.

Generated products go in first (one transaction); then every sale commits on its own through
``sale_writer.complete_sale``, exactly as the till does, so a run killed at any instant leaves only whole sales.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.barcode import with_check_digit
from showroom_pos.core.clock import business_day, local_at
from showroom_pos.core.money import round_cash
from showroom_pos.storage.models import Producer, Product, Shift

from . import settings, setup, shifts
from .catalogue import producers as catalogue_producers
from .catalogue import product_fields, vat_rates
from .catalogue import products as catalogue_products
from .context import Actor
from .demo import _count_banknotes, _user_id
from .stock import movements
from .till import sale_writer

NAMES = ("Trà", "Mứt", "Bánh", "Kẹo", "Mắm", "Nước", "Rượu", "Gạo", "Khô", "Tương", "Yến", "Mật ong")
KINDS = ("mãng cầu", "sầu riêng", "dừa", "thanh long", "vú sữa", "xoài", "mít", "tôm", "cá lóc", "gừng", "sen")
PLACES = ("Gò Công", "Cái Bè", "Cai Lậy", "Mỹ Tho", "Chợ Gạo", "Tân Phước", "Châu Thành", "Lai Vung")
SIZES = ("100 g", "200 g", "250 g", "500 g", "1 kg", "330 ml", "500 ml", "hộp quà")


def generate_products(session: Session, count: int, rng: random.Random) -> int:
    producers = list(session.scalars(select(Producer.id)))
    if not producers:
        producers = [catalogue_producers.add_producer(session, catalogue_producers.ProducerInput(
            name=f"HTX mô phỏng {i}", kind=("enterprise", "cooperative", "coop_group", "household")[i % 4],
        )).id for i in range(20)]
    start = (session.scalar(select(func.count()).select_from(Product)) or 0) + 1
    day = business_day() - timedelta(days=800)
    ids: list[int] = []
    for n in range(start, start + count):
        name = f"{rng.choice(NAMES)} {rng.choice(KINDS)} {rng.choice(PLACES)} {rng.choice(SIZES)} #{n}"
        product = catalogue_products.add_product(session, product_fields.ProductInput(
            sku=f"SIM-{n:06d}", name=name, price=rng.randrange(10, 500) * 1000, cost=None,
            barcodes=(with_check_digit(f"8939{n:08d}"),), stars=rng.choice((3, 3, 4, 5)),
            producer_id=rng.choice(producers), consigned=rng.random() < 0.7,
        ))
        ids.append(product.id)
    movements.post_movements(session, [(pid, 1000) for pid in ids], kind="receipt", day=day, reason="simulate")
    return count


def _opening(session: Session, terminal_id: int, day: date) -> datetime:
    """When a simulated day's shift opens: 08:00, or a minute after the last shift the till already had that day
    (a demo file's own days: simulated shifts laid over them made ``showroom-pos check`` report shifts of one till
    that overlap)."""
    opened = local_at(day, 8)
    closed = session.scalar(select(func.max(Shift.closed_at)).where(
        Shift.terminal_id == terminal_id, Shift.opened_at < local_at(day + timedelta(days=1)),
        Shift.closed_at > opened))
    return opened if closed is None else max(opened, closed.astimezone(opened.tzinfo) + timedelta(minutes=1))


def simulate(
    sessions: sessionmaker[Session],
    *,
    products: int = 0,
    days: int = 7,
    sales_per_day: int = 100,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    rng = random.Random(seed)
    with sessions.begin() as session:
        if products:
            generate_products(session, products, rng)
        terminal_id = setup.terminal(session).id
        cashier = Actor(_user_id(session, "cashier"), terminal_id, "cashier")
        catalogue_now = list(session.scalars(select(Product).where(Product.active)))
        vat = vat_rates.vat_table(session)
        cash_step = settings.number(session, "checkout.cash_rounding")
        open_now = shifts.open_shift_for(session, terminal_id)
        if open_now is not None:  # sales of past days go into shifts of their own
            shifts.close_shift(session, cashier, _count_banknotes(shifts.expected_cash(session, open_now)))
    if not catalogue_now:
        return 0
    made = 0
    today = business_day()
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        with sessions.begin() as session:
            opened = _opening(session, terminal_id, day)
            until = min(opened + timedelta(hours=12), local_at(day, 23, 30))
            if until <= opened:
                continue  # the till's own shifts fill the day
            shifts.open_shift(session, cashier, 500_000, at=opened)
        for i in range(sales_per_day):
            at = opened + (until - opened) * ((i + rng.random()) / sales_per_day)
            picked = {p.id: p for p in rng.choices(catalogue_now, k=rng.randint(1, 9))}
            lines = [sale_writer.line_for(p, 500 if p.sold_by_weight else rng.randint(1, 3), vat)
                     for p in picked.values()]
            total = sum(ln.gross for ln in lines)
            method = rng.choices(("cash", "transfer", "card", "ewallet"), (6, 3, 1, 1))[0]
            paid = round_cash(total, cash_step) if method == "cash" else total  # cash settles to the till's step
            with sessions.begin() as session:
                sale_writer.complete_sale(session, cashier, lines, [sale_writer.PaymentIn(method, paid)], at=at)
            made += 1
            if progress:
                progress(made)
        with sessions.begin() as session:
            shift = shifts.open_shift_for(session, terminal_id)
            assert shift is not None
            shifts.close_shift(session, cashier, _count_banknotes(shifts.expected_cash(session, shift)),
                               at=until + timedelta(minutes=10))
    with sessions.begin() as session:
        shifts.open_shift(session, cashier, 500_000)
    return made
