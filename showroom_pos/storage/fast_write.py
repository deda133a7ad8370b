"""Writes on the till's hot path through the driver's cursor, in the session's own transaction.

A sale is a dozen small statements. Through SQLAlchemy each one costs more Python than SQLite spends on it
(the statement's cache key, its execution context, the parameters processed as dictionaries); run the same
way through ``sqlite3`` the sale took a third of the time. ``Statement`` keeps what SQLAlchemy would do:
the SQL is SQLAlchemy's own compilation of a Core construct for the session's dialect, compiled once; every
value goes through its column type's own bind processor (dates as SQLite stores them, booleans as 0/1,
``UTCDateTime`` checked and converted); it runs on the connection of the session's transaction, so it
commits or rolls back with everything else the session writes; and a storage failure (a full disk…) is
raised as the same ``StorageError`` the engine's hook gives (``write_errors``). The Python-side column
defaults SQLAlchemy computes for an INSERT are computed here too, for the columns a row does not give.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, Dialect, Executable, Table
from sqlalchemy.orm import Session

from . import write_errors

Processor = Callable[[Any], Any] | None


def _constant(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class _Prepared:
    sql: str
    names: tuple[str, ...]  # the parameters, in the order of the SQL's placeholders
    processors: tuple[Processor, ...]
    fillers: dict[str, Callable[[], Any]]  # values SQLAlchemy would fill in (column defaults, onupdate)


class Statement:
    """One Core construct with named bound parameters (``insert(table)`` with ``columns``, or any statement whose
    parameters are all ``bindparam``\\ s typed by ``types``), run with ``execute(session, rows)``."""

    def __init__(self, construct: Executable, table: Table | None = None, columns: Sequence[str] = ()) -> None:
        self._construct = construct
        self._table = table
        self._columns = tuple(columns)
        self._prepared: dict[str, _Prepared] = {}

    @classmethod
    def insert(cls, table: Table, columns: Sequence[str]) -> Statement:
        from sqlalchemy import bindparam, insert

        values = {name: bindparam(name, type_=table.c[name].type) for name in columns}
        return cls(insert(table).values(values), table, columns)

    def _prepare(self, dialect: Dialect) -> _Prepared:
        found = self._prepared.get(dialect.name)
        if found is None:
            compiled = self._construct.compile(dialect=dialect)  # type: ignore[attr-defined]
            names = tuple(compiled.positiontup or ())
            binds = compiled.binds
            processors = tuple(binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
            # Values written into the construct (``Setting.key == "x"``, a LIMIT) and the columns an INSERT leaves
            # to their Python-side default. (An ``onupdate`` would be left without its value: the statement then
            # fails with a KeyError, never writes a row wrongly; no column of ours has one.)
            fillers: dict[str, Callable[[], Any]] = {
                name: partial(_constant, binds[name].effective_value) for name in names if not binds[name].required}
            for column in compiled.insert_prefetch:
                default = column.default
                if default is not None and default.is_callable:
                    fillers[column.key] = partial(default.arg, None)  # SQLAlchemy's wrapper takes a context
                elif default is not None and default.is_scalar:
                    fillers[column.key] = partial(_constant, default.arg)
            found = _Prepared(str(compiled), names, processors, fillers)
            self._prepared[dialect.name] = found
        return found

    def execute(self, session: Session | Connection, rows: Sequence[Mapping[str, Any]]) -> int:
        """Run it once per row of ``rows``, in the transaction of ``session`` (or of its ``connection()``,
        given by a caller that runs several: looking it up again for each costs as much as a statement).
        Returns the number of rows SQLite inserted, changed or deleted."""
        if not rows:
            return 0
        return self._run(session, rows).rowcount

    def fetch(self, session: Session | Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows of a query, as the driver gives them: for columns whose values need no conversion on the way
        out (text and integers on SQLite)."""
        return self._run(session, [params]).fetchall()

    def _run(self, session: Session | Connection, rows: Sequence[Mapping[str, Any]]) -> sqlite3.Cursor:
        # begins the session's transaction if it has not begun
        connection = session.connection() if isinstance(session, Session) else session
        prepared = self._prepare(connection.dialect)
        names, fillers = prepared.names, prepared.fillers
        params = [tuple(value if process is None else process(value) for value, process in zip(
            [row[name] if name in row else fillers[name]() for name in names], prepared.processors, strict=True))
            for row in rows]
        sql = prepared.sql
        driver = connection.connection.driver_connection
        assert driver is not None
        try:
            if len(params) == 1:
                return driver.execute(sql, params[0])
            return driver.executemany(sql, params)
        except sqlite3.Error as exc:
            translated = write_errors.translate(exc)
            if translated is not None:
                raise translated from exc
            raise
