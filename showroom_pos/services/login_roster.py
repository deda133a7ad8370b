"""Who can log in at this till, read with the sqlite3 module alone.

The PIN screen needs only the outlet's name, this till and the active users. Reading them without
SQLAlchemy lets the app put the screen up in a tenth of a second and load SQLAlchemy, the models and the
checkout while the cashier types the PIN (``app.main``), instead of making the cashier wait for them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from showroom_pos.core.errors import ValidationError
from showroom_pos.storage.sqlite_file import header_check, needs_upgrade_hint, read_only


@dataclass(frozen=True)
class LoginRoster:
    outlet_name: str
    terminal_id: int
    people: tuple[tuple[int, str, str], ...]  # (user id, name, role) of the active users, by name


def read_login_roster(path: Path) -> LoginRoster:
    """The roster of a set-up outlet database; ``ValidationError`` when it is not set up."""
    with read_only(path) as conn:
        # As setup.outlet, setup.terminal and users.active_users: the first outlet and till, users by name.
        outlet = conn.execute("SELECT name FROM outlet ORDER BY id LIMIT 1").fetchone()
        till = conn.execute("SELECT id FROM terminal ORDER BY id LIMIT 1").fetchone()
        people = conn.execute('SELECT id, name, role FROM "user" WHERE active ORDER BY name').fetchall()
    if outlet is None or till is None or not people:
        raise ValidationError("The outlet is not set up yet.")
    return LoginRoster(outlet[0], till[0], tuple((int(i), str(n), str(r)) for i, n, r in people))


def ready_roster(path: Path) -> LoginRoster | None:
    """The roster, when the file can be opened with no more than a header check: an SQLite file at our
    schema's head, set up. None otherwise (new, damaged, older or newer schema, not set up): the app then
    opens it the careful way first, with its messages, backups and migrations."""
    try:
        if not path.is_file() or header_check(path) != "ok" or needs_upgrade_hint(path):
            return None
        return read_login_roster(path)
    except (OSError, sqlite3.Error, ValidationError):
        return None
