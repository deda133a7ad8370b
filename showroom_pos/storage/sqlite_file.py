"""Checks on the outlet's SQLite file with the sqlite3 module alone (no SQLAlchemy, no alembic): the
schema revisions our migrations know, the file's header and integrity. The app uses them before
SQLAlchemy is loaded, to put the PIN screen up first (``services.login_roster``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from showroom_pos import package_data


def migrations_dir() -> Path:
    """The outlet's Alembic scripts, shipped in the package (``showroom_pos/db/migrations``)."""
    return package_data.path("db", "migrations")


_REVISION_RE = re.compile(r"^(down_revision|revision)\b[^=]*=\s*['\"]?(\w+)?['\"]?", re.MULTILINE)


@lru_cache(maxsize=1)
def known_revisions() -> tuple[frozenset[str], str]:
    """Every migration's revision and the head, read from the scripts' text (no alembic import on the
    way to the cashier's screen). A test checks it against alembic's own view."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in migrations_dir().joinpath("versions").glob("*.py"):
        found = dict((key, value) for key, value in _REVISION_RE.findall(script.read_text(encoding="utf-8")))
        revisions.add(found["revision"])
        if found.get("down_revision") and found["down_revision"] != "None":
            parents.add(found["down_revision"])
    heads = revisions - parents
    assert len(heads) == 1, f"migrations must have one head, found {sorted(heads)}"
    return frozenset(revisions), heads.pop()


def head_revision() -> str:
    return known_revisions()[1]


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the file, closed after use (it never creates or changes the file)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def quick_check(path: Path) -> str:
    """``ok`` or what SQLite found wrong (including "file is not a database")."""
    try:
        with read_only(path) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows[:5])


def header_check(path: Path) -> str:
    """``ok`` if the file starts like an SQLite database and its schema can be read: cheap on any size."""
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return "file is not a database"
    try:
        with read_only(path) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "ok"


def needs_upgrade_hint(path: Path) -> bool:
    """Whether the file's schema is behind ours: a migration always gets the full check first."""
    try:
        with read_only(path) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return True
    return row is None or row[0] != head_revision()
