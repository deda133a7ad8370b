"""``showroom-province``: run and administer the province collection server.

The database is a SQLite file (``showroom-province.db`` in the current folder) unless ``--db`` or
``$SHOWROOM_PROVINCE_DB`` gives a path or a ``postgresql://`` URL. Every command migrates it first.
Exit codes: 0 done, 1 the file was refused, 2 bad arguments or a refused admin action.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from showroom_pos import __version__
from showroom_pos.core.clock import business_day

from . import auth, catalogue, programme_cli, reports, usb
from .db import ENV_URL, open_database, session_factory


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="showroom-province", description="The province's OCOP collection server.")
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "--db", help=f"SQLite file or postgresql:// URL (default: ${ENV_URL} or ./showroom-province.db)"
    )
    parser.add_argument("--schema", help="PostgreSQL schema to use (default: the connection's search_path)")
    parser.add_argument(
        "--secret-file",
        type=Path,
        help="the secret that wraps outlets' USB keys, kept out of the database and its backups "
        "(default: $SHOWROOM_PROVINCE_SECRET_FILE or ~/.config/showroom-province/usb-signing.secret)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="run the server (put a TLS reverse proxy in front of it in production)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--max-body", type=int, default=1024 * 1024, help="largest API request body in bytes")
    p.add_argument("--outlet-rate", type=float, default=2.0, help="requests per second per outlet (average)")
    p.add_argument("--outlet-burst", type=int, default=120)
    p.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from --forwarded-allow-ips (behind a reverse proxy)",
    )
    p.add_argument("--forwarded-allow-ips", default="127.0.0.1")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (PostgreSQL: about one per core left to the server; SQLite: keep 1)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="create or upgrade the database and exit")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("outlet", help="manage outlets and their tokens")
    osub = p.add_subparsers(dest="outlet_command", required=True)
    a = osub.add_parser("add", help="register an outlet and print its token (shown only once)")
    a.add_argument("code")
    a.add_argument("--name", default="")
    a.add_argument("--commune", default="")
    a.add_argument(
        "--opened",
        type=date.fromisoformat,
        help="its first business day, YYYY-MM-DD (default: today); summaries of earlier days are refused",
    )
    a.set_defaults(func=cmd_outlet_add)
    a = osub.add_parser("set", help="change an outlet's name, place, phone, map link or opening day")
    a.add_argument("code")
    a.add_argument("--name")
    a.add_argument("--commune")
    a.add_argument("--address", help="as a visitor would look for it (shown on the public pages)")
    a.add_argument("--phone")
    a.add_argument("--map-url", help="an https:// link to the showroom on a map (default: a search for its address)")
    a.add_argument("--opened", type=date.fromisoformat, help="its first business day, YYYY-MM-DD")
    a.set_defaults(func=cmd_outlet_set)
    r = osub.add_parser("revoke", help="revoke an outlet's token (its figures stay)")
    r.add_argument("code")
    r.set_defaults(func=cmd_outlet_revoke)
    ls = osub.add_parser("list", help="list outlets")
    ls.set_defaults(func=cmd_outlet_list)

    p = sub.add_parser("settings", help="the province's name and emblem on the public pages, and the like")
    ssub = p.add_subparsers(dest="settings_command", required=True)
    a = ssub.add_parser("list", help="every setting and its value")
    a.set_defaults(func=cmd_settings_list)
    a = ssub.add_parser("set", help="change a setting")
    a.add_argument("key")
    a.add_argument("value")
    a.add_argument("--by", default=getpass.getuser() if hasattr(os, "getuid") else "admin")
    a.set_defaults(func=cmd_settings_set)

    p = sub.add_parser("user", help="manage dashboard users")
    usub = p.add_subparsers(dest="user_command", required=True)
    a = usub.add_parser("add", help="add a province officer")
    a.add_argument("username")
    a.add_argument("--role", choices=("officer", "admin"), default="officer")
    a.add_argument("--password", help="(asked for when omitted; or $SHOWROOM_PROVINCE_PASSWORD)")
    a.set_defaults(func=cmd_user_add)

    p = sub.add_parser("import", help="import a file of summaries exported by an outlet (USB stick)")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--trust-unsigned",
        action="store_true",
        help="accept a file without a valid signature (only for a file you know the origin of)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("catalogue", help="the OCOP catalogue published to outlets")
    csub = p.add_subparsers(dest="catalogue_command", required=True)
    a = csub.add_parser("import", help="import the province's product list (CSV or XLSX)")
    a.add_argument("file", type=Path)
    a.add_argument("--dry-run", action="store_true")
    a.set_defaults(func=cmd_catalogue_import)

    p = sub.add_parser("totals", help="print the province's totals as JSON")
    p.add_argument("--outlet")
    p.set_defaults(func=cmd_totals)

    programme_cli.register(sub)  # programme, export, photos
    return parser


def _sessions(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return session_factory(open_database(args.db, schema=args.schema))


def event_loop_and_parser() -> dict[str, str]:
    """uvicorn's ``loop`` and ``http``: uvloop and httptools (C) where installed, as the ``province`` extra does
    (uvloop but on Windows), else asyncio and h11 (pure Python, a good part of a summary's CPU at the server)."""
    installed = importlib.util.find_spec
    return {"loop": "uvloop" if installed("uvloop") else "asyncio",
            "http": "httptools" if installed("httptools") else "h11"}


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import SERVE_ENV, create_app
    from .server_state import ServerConfig

    config = ServerConfig(
        database_url=args.db,
        schema=args.schema,
        secret_file=str(args.secret_file) if args.secret_file else None,
        max_body=args.max_body,
        outlet_rate=args.outlet_rate,
        outlet_burst=args.outlet_burst,
    )
    common: dict[str, object] = {
        "host": args.host,
        "port": args.port,
        "proxy_headers": args.proxy_headers,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "log_level": "info",
        **event_loop_and_parser(),
    }
    if args.workers <= 1:
        uvicorn.run(create_app(config), **common)  # type: ignore[arg-type]
        return 0
    # Several processes: each builds its app from the environment. The database is migrated once, here, first.
    open_database(args.db, schema=args.schema).dispose()
    os.environ[SERVE_ENV] = json.dumps(dataclasses.asdict(config))
    uvicorn.run(
        "showroom_pos.province.app:app_from_environment", factory=True, workers=args.workers, **common  # type: ignore[arg-type]
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    open_database(args.db, schema=args.schema).dispose()
    print("database is up to date")
    return 0


def cmd_outlet_add(args: argparse.Namespace) -> int:
    opened = args.opened or business_day()
    with _sessions(args).begin() as session:
        outlet, token = auth.add_outlet(
            session, args.code, args.name, args.commune, opened_on=opened, secret_file=args.secret_file
        )
        print(f"outlet {outlet.code} registered, first business day {opened:%d/%m/%Y} (earlier days are refused;")
        print(f"  change it with: showroom-province outlet set {outlet.code} --opened YYYY-MM-DD).")
        print("Its token (shown only this once; set it at the outlet with")
        print(f"  showroom-pos config set province.token <token>):\n{token}")  # the last line: scripts read it
    return 0


def cmd_outlet_set(args: argparse.Namespace) -> int:
    with _sessions(args).begin() as session:
        outlet = auth.update_outlet(
            session,
            args.code,
            name=args.name,
            commune=args.commune,
            address=args.address,
            phone=args.phone,
            map_url=args.map_url,
            opened_on=args.opened,
        )
        print(f"outlet {outlet.code}: {outlet.name} · {outlet.address or '-'} · {outlet.phone or '-'} · "
              f"opened {outlet.opened_on.isoformat() if outlet.opened_on else '-'}")
    return 0


def cmd_settings_list(args: argparse.Namespace) -> int:
    from . import site_settings

    with _sessions(args)() as session:
        for key, value in site_settings.read(session).items():
            print(f"{key}\t{value}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from . import site_settings

    try:
        with _sessions(args).begin() as session:
            changed = site_settings.write(session, args.key, args.value, by=args.by)
    except site_settings.SettingError as exc:
        raise auth.AdminError(str(exc)) from None
    print(f"{args.key}: {'changed' if changed else 'unchanged'}")
    return 0


def cmd_outlet_revoke(args: argparse.Namespace) -> int:
    with _sessions(args).begin() as session:
        outlet = auth.revoke_outlet(session, args.code)
        print(f"outlet {outlet.code}: token revoked")
    return 0


def cmd_outlet_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from .models import ProvinceOutlet

    with _sessions(args)() as session:
        for o in session.scalars(select(ProvinceOutlet).order_by(ProvinceOutlet.code)):
            state = "active" if o.active else "revoked"
            last = o.last_sync_at.isoformat() if o.last_sync_at else "never"
            print(f"{o.code}\t{state}\t{last}\t{o.name}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    password = args.password or os.environ.get("SHOWROOM_PROVINCE_PASSWORD")
    if password is None:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise auth.AdminError("the passwords differ")
    with _sessions(args).begin() as session:
        user = auth.add_user(session, args.username, password, args.role)
        print(f"user {user.username} ({user.role}) added")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    data = args.file.read_bytes()
    try:
        with _sessions(args).begin() as session:
            result = usb.import_export(
                session, data, require_signature=not args.trust_unsigned, secret_file=args.secret_file
            )
    except usb.UsbImportRejected as exc:
        print(f"{args.file}: refused, nothing imported:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for ack, known in zip(result.acks, result.known, strict=True):
        said = "already known" if known else ack["status"]
        print(f"{ack['business_day']} revision {ack['revision']}: {said} (stored revision {ack['stored_revision']})")
    print(f"{result.new} new summaries of outlet {result.outlet_code} imported, {result.replayed} already known")
    return 0


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    try:
        with _sessions(args).begin() as session:
            result = catalogue.import_file(session, args.file, dry_run=args.dry_run)
    except catalogue.ImportRejected as exc:
        print(f"{args.file}: refused, nothing imported:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    prefix = "dry run: " if args.dry_run else ""
    print(
        f"{prefix}{result.rows} rows: {result.created} new, {result.updated} updated, {result.unchanged} unchanged; "
        f"{result.producers_created} new producers; catalogue version {result.version}"
    )
    return 0


def cmd_totals(args: argparse.Namespace) -> int:
    with _sessions(args)() as session:
        f = reports.totals(session, args.outlet)
    print(json.dumps(f.__dict__, sort_keys=True))
    return 0


# The ``province`` extra of pyproject.toml: the till's own install lacks them, and the server's script is
# installed with it all the same.
EXTRA_PACKAGES = frozenset({"fastapi", "starlette", "uvicorn", "psycopg"})


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except auth.AdminError as exc:
        print(f"showroom-province: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"showroom-province: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing not in EXTRA_PACKAGES:
            raise
        print(f"showroom-province: this command needs the province server's packages ({missing} is not installed): "
              "pip install 'showroom-pos[province]'", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
