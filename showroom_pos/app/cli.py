"""``showroom-pos``: the desktop app, and its headless subcommands for managers and scripts.

Each subcommand module in ``showroom_pos.app.commands`` registers its own parser; a handler gets the
parsed arguments and returns the process exit code. A ``UserError`` becomes a translated message on
stderr and exit code 2; nothing is half-written because every command commits only at its end.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from showroom_pos import __version__
from showroom_pos.core.errors import UserError
from showroom_pos.runtime import i18n
from showroom_pos.runtime.paths import AppPaths, setup_logging

COMMAND_MODULES = (
    "showroom_pos.app.commands.basic",
    "showroom_pos.app.commands.safety",
    "showroom_pos.app.commands.sync",
    "showroom_pos.app.commands.printing",
    "showroom_pos.app.commands.reports",
    "showroom_pos.app.commands.inventory",
    "showroom_pos.app.commands.einvoice",
)
# Which module registers each command: a command imports its own module only (printing imports python-escpos
# and Pillow, sync httpx, reports the exporters…), not all six. tests/test_cli_foundation.py keeps it true.
COMMAND_MODULE = {
    **dict.fromkeys(("demo", "simulate", "user", "config", "check", "accept-loss"), "showroom_pos.app.commands.basic"),
    **dict.fromkeys(("backup", "restore"), "showroom_pos.app.commands.safety"),
    "sync": "showroom_pos.app.commands.sync",
    **dict.fromkeys(("reprint", "labels", "printer"), "showroom_pos.app.commands.printing"),
    "report": "showroom_pos.app.commands.reports",
    **dict.fromkeys(("import", "export"), "showroom_pos.app.commands.inventory"),
    "einvoice": "showroom_pos.app.commands.einvoice",
}


def build_parser(*, commands: bool = True, command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; ``commands=False``: the app's own options only (no command module imported);
    ``command``: only the module that registers that command."""
    parser = argparse.ArgumentParser(
        prog="showroom-pos", description="Point of sale for OCOP showrooms. Without a command, opens the app."
    )
    parser.add_argument("--version", action="version", version=f"showroom-pos {__version__}")
    parser.add_argument("--db", help="database file (default: the user data folder; or $SHOWROOM_POS_DB)")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a separate demo database, seeding it first if it is empty")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="interface language (default: vi)")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # app/smoke.py: installation checks
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = COMMAND_MODULE.get(command or "")
    for name in (chosen,) if chosen else COMMAND_MODULES:
        if name == "showroom_pos.app.commands.printing":  # the one that imports python-escpos
            from showroom_pos import hardware

            hardware.prepare_escpos()  # its printer profiles from our cache, before it is imported
        importlib.import_module(name).register(sub)
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Opening the app needs none of the commands' modules (importing them all took 0.4 s of its start), and
    a command needs only its own: the parser is built with the module of the command given, or all of them
    for help without a command or a word that is no command."""
    given = list(sys.argv[1:] if argv is None else argv)
    if {"-h", "--help"} & set(given):
        command = next((word for word in given if word in COMMAND_MODULE), None)
    else:
        args, rest = build_parser(commands=False).parse_known_args(given)
        if not rest:
            return args
        command = next((word for word in rest if not word.startswith("-")), None)
    return build_parser(command=command).parse_args(given)


def _command_words(argv: Sequence[str] | None) -> str:
    """``showroom-pos config set province.token``: the command's words, never its values (a PIN, a token)."""
    words: list[str] = []
    given = list(sys.argv[1:] if argv is None else argv)
    skip = False
    for token in given:
        if skip:
            skip = False
            continue
        if token.startswith("-"):
            skip = "=" not in token and token not in ("-v", "--verbose", "--yes", "--dry-run", "--quiet", "--list",
                                                      "--daily", "--all", "--once")
            continue
        words.append(token)
        if len(words) == 3:
            break
    return " ".join(["showroom-pos", *words])


def _about_database(error: OSError, database: Path) -> bool:
    """Whether a system error names the database or a file of its own (``-wal``, ``-shm``, the lock); one that
    names no file is taken as the database's (what opening it reports)."""
    named = [Path(str(f)) for f in (error.filename, error.filename2) if f is not None]
    return not named or any(p.name.startswith(database.name) and p.parent == database.parent for p in named)


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse(argv)
    # The log goes beside the database the command works on: named before the command or after it.
    paths = AppPaths.resolve(args.db, demo=args.demo)
    setup_logging(AppPaths.resolve(getattr(args, "db_path", None) or args.db, demo=args.demo), args.verbose)
    try:
        language = args.lang or i18n.language_from_environment()
        if args.command is None:
            i18n.install(language)  # a broken install says so: exit 2
            from .main import run_gui

            if args.smoke:
                from .smoke import arm

                arm(started)  # a timer owned by the QApplication
            return run_gui(paths, demo=args.demo, language=args.lang)
        i18n.install_plain(language)  # the same catalogue without loading Qt
        from showroom_pos.services.context import run_from_shell, shell_done
        from showroom_pos.storage.process_lock import os_user

        run_from_shell(_command_words(argv), os_user())
        # What the imports made lives as long as the command: frozen, no collection walks it again (a report by
        # product reads 41,000 rows and formats 600,000 cells: ~150 collections, each walking the imports' objects
        # too). Where some are frozen already (a test's process), they are someone else's to keep.
        if gc.get_freeze_count() == 0:
            gc.freeze()
        try:
            return int(args.func(args, paths))
        finally:
            from showroom_pos.storage import process_lock

            process_lock.release_all()
            shell_done()
    except UserError as exc:
        print(i18n.error_text(exc), file=sys.stderr)
        return 2
    except Exception as exc:
        # A storage condition that reached here untranslated (a full or read-only disk, a lock…) is still
        # told as what it is, with exit code 2; anything else is a bug and keeps its traceback.
        from showroom_pos.storage.opening import classify_open_error

        if isinstance(exc, OSError) and not _about_database(exc, paths.database):
            # A file named on the command line (an export, a folder): which one and why, in our words.
            logging.getLogger(__name__).info("file error", exc_info=exc)  # the traceback in the log, not on screen
            print(i18n.problem_text(exc), file=sys.stderr)
            return 2
        problem = classify_open_error(exc, paths.database)
        if problem is None:
            raise
        logging.getLogger(__name__).info("storage error", exc_info=exc)  # the traceback in the log, not on screen
        print(i18n.error_text(problem), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
