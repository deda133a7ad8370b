"""The till process that ``test_crash.py`` kills: ``python tests/crash_worker.py``.

It imports the app once, prints ``READY``, then for every ``run SEED DB BACKUP_DIR`` line on stdin forks a
child that opens the database the way the app does (``AppContext.open``) and sells through
``services.till.sale_writer`` until it is killed: every ``SHIFT_EVERY`` sales it closes the shift, makes the
shift-close backup, and opens the next shift, as the till does. Forking from a warm parent makes a restart
cost milliseconds instead of a Python start, so hundreds of kill-and-restart cycles fit in a test run.

Protocol (one line each, written with a single ``os.write`` so lines never interleave):
  parent -> ``PID <pid>`` when a child is started, ``EXIT <pid> <status>`` when it is gone;
  child  -> ``OPEN <pid>`` once the database is open (then it waits for SIGUSR1 to carry on),
            ``BEGIN <pid> <n>`` before a sale's transaction,
            ``SALE <pid> <sale id> <receipt no> <total> <lines> <payments>`` after its commit (what the
            till would report as a success), ``CLOSE``/``BACKUP``/``SHIFT`` around a shift change.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from pathlib import Path

SHIFT_EVERY = 6


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def child(db: Path, backups: Path, seed: int) -> None:
    from showroom_pos.runtime.context import AppContext
    from showroom_pos.runtime.paths import AppPaths
    from showroom_pos.services import backup, setup, shifts
    from showroom_pos.services.catalogue import vat_rates
    from showroom_pos.services.context import Actor
    from showroom_pos.services.till import sale_writer
    from showroom_pos.storage.models import Product, User

    pid = os.getpid()
    rng = random.Random(seed)
    ctx = AppContext.open(AppPaths.resolve(db))
    with ctx.sessions() as session:
        terminal = setup.terminal(session).id
        cashier_id = session.query(User.id).filter(User.role == "cashier").order_by(User.id).limit(1).scalar()
        products = list(session.query(Product).order_by(Product.id))
        vat = vat_rates.vat_table(session)
    cashier = Actor(int(cashier_id), terminal, "cashier")
    say(f"OPEN {pid}")
    signal.sigwait({signal.SIGUSR1})  # the test checks the previous kill's database, then lets this till sell
    with ctx.transaction() as session:
        if shifts.open_shift_for(session, terminal) is None:  # killed between a close and the next open
            shifts.open_shift(session, cashier, 500_000)
    n = 0
    while True:
        n += 1
        picked = rng.sample(products, rng.randint(1, min(5, len(products))))
        lines = [sale_writer.line_for(p, rng.choice((250, 500, 1250)) if p.sold_by_weight else rng.randint(1, 3), vat)
                 for p in picked]
        total = sum(ln.gross for ln in lines)
        method = rng.choice(("cash", "transfer", "card", "mixed"))
        if method == "mixed":
            part = rng.randint(1, total - 1) if total > 1 else 0
            payments = [sale_writer.PaymentIn("transfer", part), sale_writer.PaymentIn("cash", total - part + 20_000)] \
                if part else [sale_writer.PaymentIn("cash", total)]
        elif method == "cash":
            payments = [sale_writer.PaymentIn("cash", -(-total // 50_000) * 50_000)]
        else:
            payments = [sale_writer.PaymentIn(method, total)]
        say(f"BEGIN {pid} {n}")
        with ctx.transaction() as session:
            result = sale_writer.complete_sale(session, cashier, lines, payments)
        say(f"SALE {pid} {result.sale_id} {result.receipt_no} {result.total} {len(lines)} {len(result.payments)}")
        if n % SHIFT_EVERY == 0:
            say(f"CLOSE {pid}")
            with ctx.transaction() as session:
                shift = shifts.open_shift_for(session, terminal)
                assert shift is not None
                shifts.close_shift(session, cashier, {1_000: shifts.expected_cash(session, shift) // 1_000})
            outcome = backup.after_shift_close(ctx.engine, backups, user_id=cashier.user_id)
            say(f"BACKUP {pid} {outcome.info.path if outcome.info else 'failed'}")
            with ctx.transaction() as session:
                shifts.open_shift(session, cashier, 500_000)
            say(f"SHIFT {pid}")


def main() -> None:
    # Import and configure everything before forking, so that a child starts in milliseconds. No database
    # connection is opened here: a connection must never cross a fork.
    from sqlalchemy import create_engine
    from sqlalchemy.orm import configure_mappers

    import showroom_pos.runtime.context
    import showroom_pos.services.backup
    import showroom_pos.services.einvoice.issue
    import showroom_pos.services.till.sale_writer  # noqa: F401
    from showroom_pos.storage import database

    configure_mappers()
    create_engine("sqlite://").dispose()  # loads the SQLite dialect
    database.known_revisions()

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})  # inherited: a child keeps it pending until it waits
    say("READY")
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "run":
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    child(Path(words[2]), Path(words[3]), int(words[1]))
                except BaseException as exc:  # a real failure: the test reads it and fails
                    say(f"ERROR {os.getpid()} {type(exc).__name__}: {exc}")
                    code = 3
                finally:
                    os._exit(code)
            say(f"PID {pid}")
            _, status = os.waitpid(pid, 0)
            say(f"EXIT {pid} {status}")


if __name__ == "__main__":
    main()
