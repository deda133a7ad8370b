"""Backups of the outlet database, and restoring one.

The till holds the only copy of its sales until the province has them, so a copy is made with SQLite's
online backup API (consistent while the till keeps selling) after every shift close, once a day, and on
demand, into a configurable folder (``backup.folder``; a USB stick is typical), keeping the newest
``backup.keep`` of them. Each copy is written under a temporary name, switched to a single self-contained
file (no ``-wal``), verified with ``PRAGMA integrity_check`` and only then renamed to its final name, so a
file that looks like a backup always is one, even when the machine dies half-way. Beside each backup its
SHA-256 is recorded (``<backup>.sha256``, the format of ``sha256sum``), taken of the very bytes that were
verified.

Restoring first keeps the current file aside (``<name>-before-restore-<time>.db`` in the local backups
folder), then copies the backup *into* the live database with the backup API: SQLite's locks make that
safe even if another process has the file open. A damaged current file (the usual reason to restore) is
copied aside byte for byte and replaced instead. The local copy of the backup (staged beside the database)
always gets SQLite's quick check and our table checks; the full integrity check too, unless its SHA-256 is the
one recorded when the backup was written and verified: then it is byte for byte the file already checked in
full, and checking it again would only cost time.

These functions manage their own sessions: a backup is not part of a use case's transaction. The
shift-close caller invokes ``after_shift_close`` after its commit (in the app, ``ui.backup_screen``
does it when the freshly closed shift's Z report is sent to the printer); the app calls ``daily_backup``
periodically; neither ever raises for a failed backup (a shift close must not fail because the USB stick
is missing), they return what happened and record it in the audit log.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, now_utc, showroom_zone
from showroom_pos.core.errors import N_, UserError
from showroom_pos.storage import database, sqlite_file, write_errors
from showroom_pos.storage.models import Shift, Terminal, User

from . import audit, settings

log = logging.getLogger(__name__)

KINDS = ("shift", "daily", "manual")
PARTIAL_SUFFIX = ".partial"
PARTIAL_LEFTOVER_S = 3600
DIGEST_SUFFIX = ".sha256"
_DIGEST_RE = re.compile(r"[0-9a-f]{64}")
_NAME_RE = re.compile(
    r"^(?P<prefix>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<kind>shift|daily|manual)\.db$"
)
# Tables every outlet database has had since the first migration: a file without them is not ours.
_REQUIRED_TABLES = frozenset({"alembic_version", "outlet", "terminal", "user", "sale", "audit_event"})


class BackupFolderMissing(UserError):
    message = "The backup folder {folder} is not available: plug in the USB stick or change backup.folder."


class BackupFailed(UserError):
    message = "The backup to {folder} failed: {detail}"


class BackupDamaged(UserError):
    message = "The backup just written to {path} failed its integrity check ({detail}) and was deleted."


class RestoreRefused(UserError):
    message = "{path} cannot be restored: it is not a backup of this app's database."


class RestoreFailed(UserError):
    message = "The restore failed ({detail}). Your data before the restore is kept in {aside}."


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    made_at: datetime  # local time of the outlet, from the file name
    size: int


@dataclass(frozen=True)
class BackupOutcome:
    """What an automatic backup did: ``info`` when it worked, ``error`` (a user error) when not."""

    info: BackupInfo | None
    error: UserError | None

    @property
    def ok(self) -> bool:
        return self.info is not None


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    aside: Path | None  # the database as it was before the restore
    revision: str  # schema revision of the restored backup (migrated to head when the app opens it)


# --- where and how many ----------------------------------------------------------------------------


def database_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:":
        raise BackupFailed(folder="-", detail="an in-memory database has no file to back up")
    return Path(name)


def folder_for(session: Session, default: Path) -> Path:
    """The configured backup folder (``backup.folder``), or ``default`` (the local backups folder)."""
    chosen = settings.get(session, "backup.folder").strip()
    return Path(chosen).expanduser() if chosen else Path(default)


def keep_count(session: Session) -> int:
    return settings.number(session, "backup.keep")


def name_prefix(session: Session, db_path: Path) -> str:
    """``showroom-CL01``: the file's name and the till's code, so two tills can share one USB stick."""
    code = session.scalar(select(Terminal.code).order_by(Terminal.id).limit(1))
    return f"{db_path.stem}-{code}" if code else db_path.stem


def list_backups(folder: Path, prefix: str | None = None) -> list[BackupInfo]:
    """The backups this app made in ``folder`` (for one prefix, or all), newest first."""
    found: list[tuple[tuple[str, int], BackupInfo]] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME_RE.match(path.name)
        if match is None or (prefix is not None and match["prefix"] != prefix):
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=showroom_zone())
        order = (match["stamp"], _number(path))
        found.append((order, BackupInfo(path, match["kind"], made, size)))
    found.sort(key=lambda item: item[0], reverse=True)
    return [info for _order, info in found]


def copies_kept_aside(folder: Path, db_path: Path) -> list[tuple[str, Path]]:
    """The copies the app kept aside in the local backups folder, newest first: before an upgrade
    (``showroom-before-0007-….db``) and before a restore (``showroom-before-restore-….db``)."""
    found: list[tuple[float, str, Path]] = []
    for path in Path(folder).glob(f"{glob_escape(db_path.stem)}-before-*.db"):
        kind = "before-restore" if "-before-restore-" in path.name else "before-upgrade"
        with contextlib.suppress(OSError):
            found.append((path.stat().st_mtime, kind, path))
    return [(kind, path) for _mtime, kind, path in sorted(found, reverse=True)]


def _number(path: Path) -> int:
    match = _NAME_RE.match(path.name)
    return int(match["n"] or 1) if match else 0


def prune(folder: Path, prefix: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``prefix``, and leftovers of interrupted ones."""
    removed: list[Path] = []
    for info in list_backups(folder, prefix)[max(keep, 1):]:
        try:
            digest_path(info.path).unlink(missing_ok=True)  # first: a backup without one is still checked in full
            info.path.unlink()
            removed.append(info.path)
        except OSError as exc:
            log.warning("cannot delete old backup %s: %s", info.path, exc)
    # A digest whose backup is gone (deleted by hand, or a prune cut short) goes too.
    for sidecar in Path(folder).glob(f"{glob_escape(prefix)}-*.db{DIGEST_SUFFIX}"):
        match = _NAME_RE.match(sidecar.name.removesuffix(DIGEST_SUFFIX))
        if match is None or match["prefix"] != prefix or sidecar.with_name(match.string).exists():
            continue
        with contextlib.suppress(OSError):
            sidecar.unlink()
            removed.append(sidecar)
    # A partial file is a leftover once it is older than any backup takes (a younger one may be another
    # process's backup of this till in progress, e.g. `showroom-pos backup` beside the running app).
    cutoff = time.time() - PARTIAL_LEFTOVER_S
    for partial in Path(folder).glob(f"{glob_escape(prefix)}-*{PARTIAL_SUFFIX}*"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < cutoff:
                partial.unlink()
                removed.append(partial)
    return removed


def glob_escape(text: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text)


# --- making one ------------------------------------------------------------------------------------


VERIFY_WORKERS = 2


def verify(path: Path) -> str:
    """``ok``, or what is wrong with a backup file: SQLite's full integrity check plus our tables.

    The check reads the file memory-mapped and checks its tables on two connections at once
    (``sqlite_file.parallel_integrity_check``): the same verdict as one ``integrity_check``, in about a third
    of the time on a two-core till."""
    if not Path(path).is_file():
        return f"{path}: no such file"
    try:
        result = sqlite_file.parallel_integrity_check(Path(path), VERIFY_WORKERS)
        return result if result != "ok" else _tables_check(path)
    except sqlite3.DatabaseError as exc:
        return write_errors.reason(exc)


def _tables_check(path: Path) -> str:
    """``ok`` when the file has every table the app's databases have always had."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    missing = _REQUIRED_TABLES - tables
    return "ok" if not missing else N_("some of the app's tables are missing")


def _quick_verify(path: Path) -> str:
    """``verify`` with SQLite's quick check (every page, not every index against its table)."""
    try:
        result = sqlite_file.quick_check(Path(path))
        return result if result != "ok" else _tables_check(path)
    except sqlite3.DatabaseError as exc:
        return str(exc)


def digest_path(backup: Path) -> Path:
    """Where the SHA-256 of ``backup`` is recorded: ``<backup>.sha256``."""
    return backup.with_name(backup.name + DIGEST_SUFFIX)


def file_digest(path: Path) -> str:
    """The SHA-256 of the file, in hex (hashlib lets go of Python's lock while it hashes: it runs beside a check)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def recorded_digest(backup: Path) -> str | None:
    """The SHA-256 recorded beside ``backup`` when it was written and verified; None when there is none."""
    try:
        words = digest_path(backup).read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    return words[0] if words and _DIGEST_RE.fullmatch(words[0]) else None


def _record_digest(backup: Path, digest: str) -> None:
    """Write ``<backup>.sha256`` under a temporary name, fsync it and rename it: whole or absent."""
    sidecar = digest_path(backup)
    partial = sidecar.with_name(sidecar.name + PARTIAL_SUFFIX)
    try:
        partial.write_text(f"{digest}  {backup.name}\n", encoding="ascii")
        _fsync(partial)
        os.replace(partial, sidecar)
    except OSError as exc:  # the backup is sound without it: a restore of it only checks it in full again
        log.warning("cannot record the SHA-256 of %s: %s", backup, exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        _fsync(folder)


def _ensure_folder(folder: Path, *, create_parents: bool) -> None:
    if folder.is_dir():
        return
    # A configured folder on a USB stick is created only when the stick (its parent) is there: creating
    # /media/usb/backups on the local disk would give a false sense of safety.
    if not create_parents and not folder.parent.is_dir():
        raise BackupFolderMissing(folder=str(folder))
    try:
        folder.mkdir(parents=create_parents, exist_ok=True)
    except OSError:
        raise BackupFolderMissing(folder=str(folder)) from None


def make_backup(
    engine: Engine,
    folder: Path,
    *,
    kind: str,
    keep: int,
    prefix: str,
    now: datetime | None = None,
    create_parents: bool = False,
) -> BackupInfo:
    """Write a verified backup of ``engine``'s database into ``folder`` and prune old ones.

    Raises ``BackupFolderMissing``, ``BackupFailed`` (full or unplugged stick…) or ``BackupDamaged``;
    nothing that looks like a backup is left behind when it fails.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    folder = Path(folder)
    _ensure_folder(folder, create_parents=create_parents)
    stamp = (now or now_utc()).astimezone(showroom_zone()).strftime("%Y%m%d-%H%M%S")
    # Several backups in one second are numbered after the highest number already used for that second
    # (across kinds), so that their order stays right even after pruning removed the first ones.
    same_second = [b for b in list_backups(folder, prefix) if f"-{stamp}" in b.path.name]
    n = 1 + max((_number(b.path) for b in same_second), default=0)
    final = folder / f"{prefix}-{stamp}{'' if n == 1 else f'-{n}'}-{kind}.db"
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    try:
        partial.unlink(missing_ok=True)
        database.backup_file(engine, partial)
        conn = sqlite3.connect(partial)
        try:
            # One self-contained file: a backup on a USB stick must not depend on a -wal beside it.
            conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            conn.close()
        # The SHA-256 is taken on a thread while the check's single-threaded first part leaves a core free.
        with ThreadPoolExecutor(1, thread_name_prefix="backup-digest") as pool:
            hashing = pool.submit(file_digest, partial)
            result = verify(partial)
            digest = hashing.result()
        if result != "ok":
            partial.unlink(missing_ok=True)
            raise BackupDamaged(path=str(final), detail=result)
        _fsync(partial)
        digest_path(final).unlink(missing_ok=True)  # a stale one, of a file once under this name
        os.replace(partial, final)
        _record_digest(final, digest)
        _fsync_folder(folder)
    except (OSError, sqlite3.Error) as exc:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if not folder.is_dir():
            raise BackupFolderMissing(folder=str(folder)) from exc
        raise BackupFailed(folder=str(folder), detail=write_errors.reason(exc)) from exc
    size = final.stat().st_size
    prune(folder, prefix, keep)
    made = datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=showroom_zone())
    return BackupInfo(final, kind, made, size)


def backup_now(
    engine: Engine,
    default_folder: Path,
    *,
    kind: str = "manual",
    user_id: int | None = None,
    now: datetime | None = None,
    folder: Path | None = None,
) -> BackupInfo:
    """A backup into the configured folder (or ``folder``), audited; raises a ``UserError`` on failure
    (after recording the failure in the audit log when the database can still be written)."""
    with Session(engine) as session:
        target = Path(folder) if folder is not None else folder_for(session, default_folder)
        keep = keep_count(session)
        prefix = name_prefix(session, database_path(engine))
    is_default = folder is None and target == Path(default_folder)
    try:
        info = make_backup(engine, target, kind=kind, keep=keep, prefix=prefix, now=now,
                           create_parents=is_default)
    except UserError as exc:
        _audit(engine, "backup.failed", user_id,
               {"backup_kind": kind, "folder": str(target), "error": exc.text()})
        raise
    _audit(engine, "backup.made", user_id, {"backup_kind": kind, "path": str(info.path), "size": info.size})
    return info


def _audit(engine: Engine, event: str, user_id: int | None, details: dict[str, Any]) -> None:
    try:
        with Session(engine) as session, session.begin():
            audit.record(session, event, user_id=user_id, entity="backup", **details)
    except Exception as exc:  # the database itself may be the problem (full disk): log, do not mask
        log.warning("cannot record %s in the audit log: %s", event, exc)


def _outcome(work: Callable[[], BackupInfo]) -> BackupOutcome:
    try:
        return BackupOutcome(work(), None)
    except UserError as exc:
        log.warning("automatic backup failed: %s", exc.text())
        return BackupOutcome(None, exc)


def after_shift_close(
    engine: Engine, default_folder: Path, *, user_id: int | None = None, now: datetime | None = None
) -> BackupOutcome:
    """The backup made at every shift close. Call it after the close is committed; it never raises
    for a failed backup: show ``outcome.error`` to the person (the shift stays closed either way)."""
    return _outcome(lambda: backup_now(engine, default_folder, kind="shift", user_id=user_id, now=now))


def shift_closed_recently(session: Session, shift_id: str, *, within: timedelta = timedelta(minutes=15),
                          now: datetime | None = None) -> bool:
    """Whether ``shift_id`` is a shift closed in the last ``within``: its Z report is the close itself,
    not a reprint of an old one."""
    closed = session.scalar(select(Shift.closed_at).where(Shift.id == shift_id))
    return closed is not None and (now or now_utc()) - closed <= within


def daily_due(engine: Engine, default_folder: Path, *, now: datetime | None = None) -> bool:
    """True when the configured folder holds no daily backup of today (the outlet's business day)."""
    with Session(engine) as session:
        folder = folder_for(session, default_folder)
        prefix = name_prefix(session, database_path(engine))
    today = business_day(now)
    return not any(b.kind == "daily" and b.made_at.date() == today for b in list_backups(folder, prefix))


def daily_backup(
    engine: Engine, default_folder: Path, *, now: datetime | None = None
) -> BackupOutcome | None:
    """Today's daily backup if it is not made yet (None when nothing was due); never raises for a
    failed backup. The app calls it at start and periodically; ``showroom-pos backup --daily`` too."""
    if not daily_due(engine, default_folder, now=now):
        return None
    return _outcome(lambda: backup_now(engine, default_folder, kind="daily", now=now))


# --- restoring -------------------------------------------------------------------------------------


def _known_revisions() -> set[str]:
    return set(database.known_revisions()[0])


def inspect_backup(path: Path, *, full: bool = True) -> str:
    """The schema revision of a restorable backup; raises ``RestoreRefused`` with the reason otherwise.
    ``full=False``: SQLite's quick check instead of the full one (a first look; ``restore`` checks in full)."""
    if not path.is_file():
        raise RestoreRefused("{path} does not exist or is not a file.", path=str(path))
    result = verify(path) if full else _quick_verify(path)
    if result != "ok":
        raise RestoreRefused("{path} cannot be restored: it is damaged or not a database ({detail}).",
                             path=str(path), detail=result)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        has_outlet = conn.execute("SELECT count(*) FROM outlet").fetchone()[0] > 0
    except sqlite3.Error:
        raise RestoreRefused(path=str(path)) from None
    finally:
        conn.close()
    if row is None or not has_outlet:
        raise RestoreRefused(path=str(path))
    if row[0] not in _known_revisions():
        raise RestoreRefused(
            "{path} was written by a newer version of the app (schema {revision}); install it first.",
            path=str(path), revision=row[0],
        )
    return str(row[0])


def _keep_aside(db_path: Path, aside_dir: Path, stamp: str, healthy: bool) -> Path | None:
    """Copy the current database aside before it is overwritten; None when there is none.

    The copy is written under a ``.partial`` name and renamed when whole, so a crash or power cut during
    it never leaves a half-copied ``*.db`` (with a hot journal) among the backups."""
    aside_dir.mkdir(parents=True, exist_ok=True)
    target = aside_dir / f"{db_path.stem}-before-restore-{stamp}.db"
    n = 1
    while target.exists():
        n += 1
        target = aside_dir / f"{db_path.stem}-before-restore-{stamp}-{n}.db"
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        if healthy:
            src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            try:
                dest = sqlite3.connect(partial)
                try:
                    dest.execute("PRAGMA synchronous = OFF")  # fsynced once, below
                    src.backup(dest, pages=-1)  # includes what is still in the -wal file
                    dest.execute("PRAGMA journal_mode = DELETE").fetchall()
                finally:
                    dest.close()
            finally:
                src.close()
        else:
            # A damaged file cannot be read through SQLite: keep its bytes, and its -wal, as they are.
            wal = db_path.with_name(db_path.name + "-wal")
            if wal.exists():
                shutil.copy2(wal, target.with_name(target.name + "-wal"))
            shutil.copy2(db_path, partial)
        _fsync(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error):
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise
    _fsync_folder(aside_dir)
    return target


def restore(
    database_file: Path, backup: Path, aside_dir: Path, *, now: datetime | None = None
) -> RestoreResult:
    """Replace the database at ``database_file`` with ``backup``, keeping the current one aside first.

    In the app, dispose the engine first and open the file again afterwards (``open_database`` migrates
    an older backup to the current schema, copying it aside before). Raises ``RestoreRefused`` for a file
    that is not a sound backup (nothing is touched) and ``RestoreFailed`` if the copy fails.
    """
    database_file = Path(database_file).expanduser().resolve()
    backup = Path(backup).expanduser().resolve()
    if backup == database_file:
        raise RestoreRefused("{path} is the database itself, not a backup.", path=str(backup))
    database.check_writable_location(database_file)
    if not backup.is_file():  # refused before the current file is copied aside
        raise RestoreRefused("{path} does not exist or is not a file.", path=str(backup))
    # Work from a local copy: the USB stick may be pulled out half-way, and the original stays untouched.
    staged = database_file.with_name(database_file.name + ".restoring")
    stamp = (now or now_utc()).astimezone(showroom_zone()).strftime("%Y%m%d-%H%M%S")
    aside_folder = Path(aside_dir)
    made_folder = not aside_folder.exists()
    # Staging and checking the backup and keeping the current file aside do not depend on each other: the current
    # file is checked and copied aside on a thread meanwhile. A backup refused on the way takes that copy back.
    with ThreadPoolExecutor(2, thread_name_prefix="restore") as pool:
        keeping = pool.submit(_check_and_keep_aside, database_file, aside_folder, stamp)
        try:
            revision, problem = _stage_and_check(backup, staged, pool)
        except BaseException:
            _remove_staged(staged)
            _take_back(keeping, aside_folder, made_folder)
            raise
        if problem != "ok":
            _remove_staged(staged)
            _take_back(keeping, aside_folder, made_folder)
            raise RestoreRefused("{path} cannot be restored: it is damaged or not a database ({detail}).",
                                 path=str(backup), detail=problem)
        try:
            healthy, aside = keeping.result()
        except (OSError, sqlite3.Error) as exc:
            _remove_staged(staged)
            raise RestoreFailed(detail=str(exc), aside="-") from exc
    try:
        if healthy:
            _copy_into_live(staged, database_file)
            staged.unlink()
        else:
            for suffix in ("-wal", "-shm"):
                database_file.with_name(database_file.name + suffix).unlink(missing_ok=True)
            _fsync(staged)
            os.replace(staged, database_file)
            _fsync_folder(database_file.parent)
    except (OSError, sqlite3.Error) as exc:
        _remove_staged(staged)
        raise RestoreFailed(detail=write_errors.reason(exc), aside=str(aside or "-")) from exc
    result = database.quick_check(database_file)
    if result != "ok":
        raise RestoreFailed(detail=result, aside=str(aside or "-"))
    database.resume_writing(database_file)  # a damaged file stopped writing; the restored one is sound
    log.info("restored %s from %s (previous file kept in %s)", database_file, backup, aside)
    return RestoreResult(backup, aside, revision)


def _stage_and_check(backup: Path, staged: Path, pool: ThreadPoolExecutor) -> tuple[str, str]:
    """Stage ``backup`` as ``staged`` and check the copy: the schema revision and ``ok`` or what is wrong.

    What is not a backup at all is refused at once (``RestoreRefused``). The quick check and our table checks
    always run; the full check (every index against its table, the longest part) only when the copy's SHA-256
    is not the one recorded when the backup was written and verified (taken on ``pool`` meanwhile)."""
    try:
        _stage(backup, staged)
        hashing = pool.submit(file_digest, staged)
        try:
            revision = inspect_backup(staged, full=False)
        finally:
            wait([hashing])  # it reads the staged copy: never leave it running on a file about to be removed
        verified_before = hashing.result() == recorded_digest(backup)
    except RestoreRefused as exc:
        exc.params["path"] = str(backup)
        raise
    except OSError as exc:
        raise RestoreRefused("{path} cannot be read: {detail}", path=str(backup),
                             detail=write_errors.reason(exc)) from exc
    if verified_before:
        log.info("%s is the backup verified when it was made (same SHA-256): no second full check", backup)
        return revision, "ok"
    return revision, verify(staged)


def _check_and_keep_aside(database_file: Path, aside_folder: Path, stamp: str) -> tuple[bool, Path | None]:
    """Whether the current database passes the quick check, and the copy of it kept aside (None: no file)."""
    exists = database_file.exists() and database_file.stat().st_size > 0
    healthy = exists and database.quick_check(database_file) == "ok"
    return healthy, _keep_aside(database_file, aside_folder, stamp, healthy) if exists else None


def _take_back(keeping: Future[tuple[bool, Path | None]], aside_folder: Path, made_folder: bool) -> None:
    """Delete the copy kept aside for a restore that does not happen (and its folder, if made for it)."""
    try:
        _healthy, aside = keeping.result()
    except Exception:  # nothing kept: _keep_aside leaves nothing behind when it fails
        aside = None
    if aside is not None:
        for leftover in (aside, aside.with_name(aside.name + "-wal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    if made_folder:
        with contextlib.suppress(OSError):
            aside_folder.rmdir()


def _remove_staged(staged: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            staged.with_name(staged.name + suffix).unlink(missing_ok=True)


def _stage(backup: Path, staged: Path) -> None:
    """Copy the backup beside the database as one self-contained file. A file still in WAL mode (a copy
    of a live database, say) brings its ``-wal``, whose committed transactions SQLite folds in here."""
    _remove_staged(staged)
    if not backup.is_file():
        raise RestoreRefused("{path} does not exist or is not a file.", path=str(backup))
    try:
        shutil.copyfile(backup, staged)
        wal = backup.with_name(backup.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, staged.with_name(staged.name + "-wal"))
    except OSError as exc:
        raise RestoreRefused("{path} cannot be read: {detail}", path=str(backup),
                             detail=write_errors.reason(exc)) from exc
    try:
        conn = sqlite3.connect(staged)
        try:
            conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise RestoreRefused("{path} cannot be restored: it is damaged or not a database ({detail}).",
                             path=str(backup), detail=write_errors.reason(exc)) from exc


def _copy_into_live(source: Path, database_file: Path) -> None:
    """The backup API into the live file: one write transaction, so a crash leaves the old or the new."""
    src = sqlite3.connect(source)
    try:
        dest = sqlite3.connect(database_file, timeout=database.BUSY_TIMEOUT_MS / 1000)
        try:
            dest.execute(f"PRAGMA busy_timeout = {database.BUSY_TIMEOUT_MS}")
            src_page = src.execute("PRAGMA page_size").fetchone()[0]
            dest_page = dest.execute("PRAGMA page_size").fetchone()[0]
            if src_page != dest_page:
                # A WAL database cannot change its page size: leave WAL for the copy (the app sets it again).
                dest.execute("PRAGMA journal_mode = DELETE").fetchall()
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def restore_live(
    engine: Engine, backup: Path, aside_dir: Path, *, user_id: int | None = None,
    approver_id: int | None = None, now: datetime | None = None,
) -> tuple[RestoreResult, Engine]:
    """Restore under a running app: dispose ``engine``, restore, open the file again (migrating an older
    backup) and record the restore in the restored database's audit log. Returns the new engine; the
    caller rebinds its session factory to it. On failure the old engine is still usable."""
    db_path = database_path(engine).resolve()
    inspect_backup(Path(backup), full=False)  # refuse early, before touching anything (restore checks in full)
    engine.dispose()
    result = restore(db_path, Path(backup), aside_dir, now=now)
    new_engine = database.open_database(db_path, backup_dir=Path(aside_dir))
    if write_errors.installed(engine):
        write_errors.install(new_engine)
    with Session(new_engine) as session, session.begin():
        record_restore(session, result, user_id=user_id, approver_id=approver_id)
    return result, new_engine


def record_restore(session: Session, result: RestoreResult, *, user_id: int | None,
                   approver_id: int | None = None) -> None:
    # A user id from the database before the restore may not exist in the restored one.
    known = {uid for uid in (user_id, approver_id) if uid is not None and session.get(User, uid) is not None}
    audit.record(session, "backup.restored", user_id=user_id if user_id in known else None,
                 approver_id=approver_id if approver_id in known else None, entity="backup",
                 path=str(result.restored_from), aside=str(result.aside or ""), revision=result.revision)
