"""demo, simulate, user, config and check."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from showroom_pos.core.errors import NotFound, ValidationError
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import error_text, translate, translated_reason
from showroom_pos.runtime.paths import AppPaths

# Each command imports the services only it needs, when it runs: `config get` loads neither the demo's nor
# SQLAlchemy (settings reads on sqlite3).
from showroom_pos.services import settings
from showroom_pos.services.context import ROLES


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="seed a demo showroom into an empty database")
    p.add_argument("--db", dest="db_path", help="database file (default: the demo database)")
    p.add_argument("--days", type=int, default=21, help="days of sales history (default 21)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("simulate", help="generate products and days of sales through the sale service")
    p.add_argument("--db", dest="db_path")
    p.add_argument("--products", type=int, default=0, help="generated products to add first (default 0)")
    p.add_argument("--days", type=int, default=7)
    p.add_argument("--sales-per-day", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("user", help="manage users")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="cashier")
    add.add_argument("--pin", help="PIN (asked for when omitted)")
    add.add_argument("--db", dest="db_path")
    add.set_defaults(func=cmd_user_add)
    lst = user_sub.add_parser("list", help="list users")
    lst.add_argument("--db", dest="db_path")
    lst.set_defaults(func=cmd_user_list)
    unlock = user_sub.add_parser("unlock", help="lift a user's PIN lock (after too many wrong PINs)")
    unlock.add_argument("name")
    unlock.add_argument("--db", dest="db_path")
    unlock.set_defaults(func=cmd_user_unlock)

    p = sub.add_parser("config", help="read or change the outlet's business settings")
    config_sub = p.add_subparsers(dest="config_command", required=True)
    get = config_sub.add_parser("get", help="print a setting (all of them without KEY)")
    get.add_argument("key", nargs="?")
    get.add_argument("--db", dest="db_path")
    get.set_defaults(func=cmd_config_get)
    put = config_sub.add_parser("set", help="change a setting")
    put.add_argument("key")
    put.add_argument("value")
    put.add_argument("--db", dest="db_path")
    put.set_defaults(func=cmd_config_set)

    p = sub.add_parser("check", help="verify the database's invariants; exit 1 if one fails")
    p.add_argument("--db", dest="db_path")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("accept-loss", help="a manager accepts that the database is behind this till's "
                                          "high-water mark; starts a new receipt series (audited)")
    p.add_argument("--manager", required=True, help="the manager's (or administrator's) name")
    p.add_argument("--pin", help="the manager's PIN (asked for when omitted)")
    p.add_argument("--db", dest="db_path")
    p.set_defaults(func=cmd_accept_loss)


def open_context(args: argparse.Namespace, paths: AppPaths, *, create: bool = False,
                 lock: str | None = None, reading: bool = False, engine_now: bool = True) -> AppContext:
    """The database named after the subcommand (``--db``) wins over the one before it. Only a command that
    makes databases (``create``: the demo) creates a missing file: a mistyped path is an error. A command
    that changes data takes the database's one-process lock (``lock``: its name, shown to a second one) and
    checks the file with ``quick_check`` before writing to it; the others open it as the app does, on a check
    of its header (the full check runs on its schedule: see ``AppContext.open_for_reading``).
    A command that only reads (``reading``) works on a file it cannot write, read-only: to rescue the data.
    ``engine_now=False``: SQLAlchemy is loaded only if a session is asked for (``AppContext.open``)."""
    if getattr(args, "db_path", None):
        paths = AppPaths.resolve(args.db_path)
    if reading:
        ctx = AppContext.open_for_reading(paths)
        if ctx.read_only:
            print(translate("cli", "The database cannot be written: it was opened read-only."), file=sys.stderr)
        return ctx
    return AppContext.open(paths, create=create, lock=lock, integrity_check=lock is not None, engine_now=engine_now)


def cmd_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    from sqlalchemy import func, select

    from showroom_pos.services import demo, setup
    from showroom_pos.storage.models import Sale

    if not getattr(args, "db_path", None) and not args.db:
        paths = AppPaths.resolve(None, demo=True)
        paths.ensure_default_folders()
    ctx = open_context(args, paths, create=True, lock="showroom-pos demo")
    with ctx.sessions() as session:
        if setup.is_set_up(session):
            raise ValidationError("{path} already holds a showroom; demo data goes into an empty database.",
                                  path=str(ctx.paths.database))
    ctx.paths.ensure_default_folders()
    demo.seed(ctx.sessions, days=args.days, printer_file=ctx.paths.printer_output / "receipts.bin")
    with ctx.sessions() as session:
        count = session.scalar(select(func.count()).select_from(Sale))
    ready = translate("cli", "Demo showroom ready in {path}: {sales} sales.")
    print(ready.format(path=ctx.paths.database, sales=count))
    for user in demo.DEMO_USERS:
        print(f"  {user.role:8} {user.name}: PIN {user.pin}")
    return 0


def cmd_simulate(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import setup, simulate

    ctx = open_context(args, paths, lock="showroom-pos simulate")
    with ctx.sessions() as session:
        if not setup.is_set_up(session):
            raise ValidationError("Set up the outlet first (run `showroom-pos demo`).")
    made = simulate.simulate(ctx.sessions, products=args.products, days=args.days,
                             sales_per_day=args.sales_per_day, seed=args.seed)
    print(translate("cli", "{count} sales simulated.").format(count=made))
    return 0


def cmd_user_add(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import users

    ctx = open_context(args, paths, lock="showroom-pos user add")
    pin = args.pin
    if pin is None:
        import getpass

        pin = getpass.getpass(translate("cli", "PIN: "))
    with ctx.transaction() as session:
        user = users.create_user(session, args.name, args.role, pin)
        print(translate("cli", "User {name} ({role}) added.").format(name=user.name, role=user.role))
    return 0


def cmd_user_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import users

    ctx = open_context(args, paths, reading=True)
    with ctx.sessions() as session:
        for user in users.active_users(session):
            print(f"{user.id}\t{user.role}\t{user.name}")
    return 0


def cmd_user_unlock(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import users

    ctx = open_context(args, paths)
    with ctx.transaction() as session:
        user = users.unlock(session, users.user_by_name(session, args.name).id, by=None)
        print(translate("cli", "{name} can log in again.").format(name=user.name))
    return 0


def cmd_config_get(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths, reading=True)
    with ctx.reading() as conn:  # plain sqlite3: no SQLAlchemy to load for a few rows
        if args.key:
            print(settings.display(conn, args.key))
        else:
            for key, value in settings.display_many(conn).items():
                print(f"{key}={value}")
    return 0


def cmd_config_set(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths, lock="showroom-pos config set")
    with ctx.transaction() as session:
        clean = settings.set(session, args.key, args.value)
        print(f"{args.key}={settings.mask(clean) if settings.KEYS[args.key].secret else clean}")
    return 0


def cmd_check(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import check

    ctx = open_context(args, paths, reading=True)
    with ctx.sessions() as session:
        findings = check.check_database(session)
    if ctx.high_water.problem is not None:
        findings.insert(0, check.Finding(check.BEHIND_HIGH_WATER, error_text(ctx.high_water.problem)))
    if not findings:
        print(translate("cli", "All checks passed: {path}").format(path=ctx.paths.database))
        return 0
    failed = translate("cli", "FAILED")
    for f in findings:
        print(f"{failed}: {translated_reason(f.rule)}: {f.detail}", file=sys.stderr)
    return 1


def os_user() -> str:
    """Who runs the command on this computer (audited with what they do from the shell)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


def cmd_accept_loss(args: argparse.Namespace, paths: AppPaths) -> int:
    from sqlalchemy import select

    from showroom_pos.services import data_safety
    from showroom_pos.storage.models import User

    ctx = open_context(args, paths, lock="showroom-pos accept-loss")
    try:
        problem = ctx.high_water.problem
        if problem is None:
            print(translate("cli", "The database is level with this till's high-water mark: nothing to accept."))
            return 0
        print(error_text(problem), file=sys.stderr)
        with ctx.sessions() as session:
            manager = session.scalar(select(User).where(User.name == args.manager, User.active.is_(True)))
            if manager is None:
                raise NotFound("No user named {name}.", name=args.manager)
            manager_id = manager.id
        pin = args.pin
        if pin is None:
            import getpass

            pin = getpass.getpass(translate("cli", "PIN: "))
        with ctx.transaction() as session:
            series = data_safety.accept_loss(session, approver_id=manager_id, pin=pin, os_user=os_user(),
                                             details=dict(problem.params))
        ctx.accept_high_water()
        print(translate("cli", "Loss accepted; receipts continue in the new series {series}.").format(
            series=series))
        return 0
    finally:
        ctx.close()
