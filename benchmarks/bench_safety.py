"""Backups and restores at scale, on a copy of the big file (``big_file``: 50,000 products, 1,000,000 sale
lines over two years with their ledger, ~700 MB; ``--quick``: 2,000 products, 20,000 lines).

Figures:
- ``backup_s``: one backup as the app makes it (``backup.make_backup``): the copy, the switch to a single
  self-contained file, the verification that the copy is whole and sound, and the rename; ``backup_mb`` its
  size. Target: backup + verify of a 500 MB file ≤ 15 s;
- ``verify_again_s``: ``backup.verify`` run again on the finished backup (``backup``/``restore --verify``);
- ``restore_s``: restoring that backup over the live database (staging the copy, checking it, keeping
  the current file aside, copying it in, the final check); target ≤ 15 s. Its SHA-256 recorded when it was
  made matches, so the copy is not checked in full again; ``restore_unrecorded_s``: the same file without
  its ``.sha256`` (copied by hand), checked in full;
- ``backup_while_selling_sales_per_s``: sales per second one thread completes through the sale service
  while another makes backups, to show that a backup does not stop the till.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

from benchmarks import big_file
from benchmarks.common import Figures
from showroom_pos.core.cart import CartLine
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import backup, setup, shifts, users
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.context import Actor
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import Product


def _till(ctx: AppContext) -> tuple[Actor, list[CartLine]]:
    with ctx.transaction() as session:
        terminal = setup.terminal(session).id
        cashier = next(u for u in users.active_users(session) if u.role in ("cashier", "admin"))
        actor = Actor(cashier.id, terminal, cashier.role)
        if shifts.open_shift_for(session, terminal) is None:
            shifts.open_shift(session, actor, 0)
        products = list(session.query(Product).filter(Product.active).limit(3))
        vat = vat_rates.vat_table(session)
        lines = [sale_writer.line_for(p, 500 if p.sold_by_weight else 1, vat) for p in products]
    return actor, lines


def run(quick: bool) -> Figures:
    source, _built = big_file.big_file(quick)
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="bench-safety-") as tmp:
        folder = Path(tmp)
        path = big_file.working_copy(source, folder)
        figures["safety.database_mb"] = path.stat().st_size / 1_048_576
        ctx = AppContext.open(AppPaths.resolve(path), integrity_check=False)
        try:
            started = time.perf_counter()
            info = backup.make_backup(ctx.engine, folder / "backups", kind="manual", keep=3, prefix="bench",
                                      create_parents=True)
            backup_s = time.perf_counter() - started
            figures["safety.backup_s"] = backup_s
            figures["safety.backup_mb"] = info.size / 1_048_576
            started = time.perf_counter()
            assert backup.verify(info.path) == "ok"
            figures["safety.verify_again_s"] = time.perf_counter() - started

            actor, lines = _till(ctx)
            total = sum(ln.gross for ln in lines)
            done = threading.Event()
            made = [0]

            def sell() -> None:
                while not done.is_set():
                    with ctx.transaction() as session:
                        sale_writer.complete_sale(session, actor, lines, [sale_writer.PaymentIn("card", total)])
                    made[0] += 1

            seller = threading.Thread(target=sell)
            started = time.perf_counter()
            seller.start()
            backup.make_backup(ctx.engine, folder / "backups", kind="manual", keep=3, prefix="bench")
            done.set()
            seller.join()
            figures["safety.backup_while_selling_sales_per_s"] = made[0] / (time.perf_counter() - started)
        finally:
            ctx.close()
        started = time.perf_counter()
        backup.restore(path, info.path, folder / "aside")
        figures["safety.restore_s"] = time.perf_counter() - started
        unrecorded = folder / "copied-by-hand.db"
        shutil.copyfile(info.path, unrecorded)
        started = time.perf_counter()
        backup.restore(path, unrecorded, folder / "aside")
        figures["safety.restore_unrecorded_s"] = time.perf_counter() - started
    return figures
