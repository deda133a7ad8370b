"""Backups and restores at scale, on the reports benchmark's database (1,000,000 sale lines over two
years; ``--quick``: 100,000).

Figures:
- ``backup_s``: one backup as the app makes it at a shift close: the online backup API, the switch to a
  single self-contained file, ``PRAGMA integrity_check`` and the rename; ``backup_mb`` its size;
- ``verify_s``: the integrity check alone (the larger part of a backup's time);
- ``restore_s``: restoring that backup over the live database (staging the copy, checking it, keeping
  the current file aside, copying it in with the backup API, the final quick check);
- ``backup_while_selling_sales_per_s``: sales per second one thread completes through the sale service
  while another makes backups, to show that a backup does not stop the till.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from benchmarks import bench_reports
from showroom_pos.app.context import AppContext
from showroom_pos.app.paths import AppPaths
from showroom_pos.services import backup, catalogue, sales, setup, shifts, users
from showroom_pos.services.context import Actor
from showroom_pos.storage.models import Product

FULL_LINES = bench_reports.FULL_LINES
QUICK_LINES = bench_reports.QUICK_LINES


def _till(ctx: AppContext) -> tuple[Actor, list[sales.CartLine]]:
    with ctx.transaction() as session:
        terminal = setup.terminal(session).id
        cashier = next(u for u in users.active_users(session) if u.role in ("cashier", "admin"))
        actor = Actor(cashier.id, terminal, cashier.role)
        if shifts.open_shift_for(session, terminal) is None:
            shifts.open_shift(session, actor, 0)
        products = list(session.query(Product).filter(Product.active).limit(3))
        vat = catalogue.vat_table(session)
        lines = [sales.line_for(p, 500 if p.sold_by_weight else 1, vat) for p in products]
    return actor, lines


def run(quick: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-safety-") as tmp:
        folder = Path(tmp)
        path = folder / "showroom.db"
        bench_reports.build(path, lines=QUICK_LINES if quick else FULL_LINES)
        ctx = AppContext.open(AppPaths.resolve(path))
        try:
            started = time.perf_counter()
            info = backup.make_backup(ctx.engine, folder / "backups", kind="manual", keep=3, prefix="bench",
                                      create_parents=True)
            backup_s = time.perf_counter() - started
            started = time.perf_counter()
            assert backup.verify(info.path) == "ok"
            verify_s = time.perf_counter() - started

            actor, lines = _till(ctx)
            total = sum(ln.gross for ln in lines)
            done = threading.Event()
            made = [0]

            def sell() -> None:
                while not done.is_set():
                    with ctx.transaction() as session:
                        sales.complete_sale(session, actor, lines, [sales.PaymentIn("card", total)])
                    made[0] += 1

            seller = threading.Thread(target=sell)
            started = time.perf_counter()
            seller.start()
            backup.make_backup(ctx.engine, folder / "backups", kind="manual", keep=3, prefix="bench")
            done.set()
            seller.join()
            selling_rate = made[0] / (time.perf_counter() - started)
        finally:
            ctx.close()
        started = time.perf_counter()
        backup.restore(path, info.path, folder / "aside")
        restore_s = time.perf_counter() - started
    return {
        "safety.backup_s": backup_s,
        "safety.backup_mb": info.size / 1_048_576,
        "safety.verify_s": verify_s,
        "safety.restore_s": restore_s,
        "safety.backup_while_selling_sales_per_s": selling_rate,
    }
