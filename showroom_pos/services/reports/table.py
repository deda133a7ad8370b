"""What every report is: typed columns and rows of plain values, totals, notes and a chart hint, shown by the
screen and written by the exports (``services/report_export``) alike; and the check every report makes on its
period. (Who may read reports is ``permissions``' "reports".)"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from showroom_pos.core.errors import ValidationError
from showroom_pos.core.money import div_half_up, format_vnd

from .labels import DIMENSION_TITLES

TEXT, ENUM, DATE, DATETIME, MONEY, INT, QTY, PERCENT, DAYS, MIXED = (
    "text", "enum", "date", "datetime", "money", "int", "qty", "percent", "days", "mixed")


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English source text, translated by the caller in context "Reports"
    kind: str = TEXT  # how to show and export it; ENUM values are English labels to translate;
    # MIXED takes each row's kind from ``Report.row_kinds`` (item / value reports such as a Z report)

    @property
    def numeric(self) -> bool:
        return self.kind in (MONEY, INT, QTY, PERCENT, DAYS)


@dataclass(frozen=True)
class Chart:
    """What the screen would rather draw than list: ``value`` per ``label`` as bars or a line."""

    label: str
    value: str
    style: str = "bar"  # "bar" | "line"


@dataclass
class Report:
    kind: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    totals: tuple[Any, ...] | None = None
    start: date | None = None
    end: date | None = None
    by: str | None = None
    chart: Chart | None = None
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (English template, fields)
    outlet: str = ""
    generated_at: datetime | None = None
    row_kinds: list[str] | None = None

    def kind_at(self, row: int, column: int) -> str:
        """How the cell at (row, column) is shown: the column's kind, or the row's for a MIXED column."""
        kind = self.columns[column].kind
        if kind == MIXED:
            return self.row_kinds[row] if self.row_kinds is not None and row < len(self.row_kinds) else TEXT
        return kind

    @staticmethod
    def note_text(note: tuple[str, dict[str, Any]], translate: Callable[[str], str] = str) -> str:
        """A note in the caller's language, its whole numbers grouped as the report's cells are ("15.000 products
        in stock have no cost", not "15000": seen on a catalogue of 50,000)."""
        template, fields = note
        shown = {k: format_vnd(v, symbol=False) if type(v) is int else v for k, v in fields.items()}
        try:
            return translate(template).format(**shown)
        except (KeyError, IndexError, ValueError):
            return template.format(**shown)

    def display_title(self, translate: Callable[[str], str] = str) -> str:
        """The title in the caller's language (``translate`` maps English source text)."""
        by = translate(DIMENSION_TITLES[self.by]) if self.by in DIMENSION_TITLES else ""
        by = by if by[:2].isupper() else by[:1].lower() + by[1:]  # "Sales by day", "Sales by OCOP stars"
        return translate(self.title).replace("{by}", by)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def column(self, key: str) -> list[Any]:
        i = self.index(key)
        return [row[i] for row in self.rows]

    def values_by_column(self) -> list[tuple[Any, ...]]:
        """The rows' values column by column: the rows transposed, for what formats or measures a column at a time
        (``report_export``, the screen's table). All at once: taken a column at a time, a month by product (41,000
        rows of 15 cells) took 4 ms a column, transposed 18 ms in all. Python's collector is held meanwhile: the
        transposing makes an iterator per row and drops them all at its end, and set it off ~60 times (~20 ms)."""
        if not self.rows:
            return [()] * len(self.columns)
        with collector_held():
            return list(zip(*self.rows, strict=True))

    def total(self, key: str) -> Any:
        return None if self.totals is None else self.totals[self.index(key)]

    def to_json(self) -> str:
        """Plain JSON: money as integers in đồng, percentages as numbers (34.56), dates as ISO text."""
        def plain(kind: str, value: Any) -> Any:
            if value is None:
                return None
            if kind == PERCENT:
                return float(Decimal(value) / 100)
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, date | datetime):
                return value.isoformat()
            return value

        def as_obj(row: Sequence[Any], at: int) -> dict[str, Any]:
            return {c.key: plain(self.kind_at(at, i) if at >= 0 else c.kind, v)
                    for i, (c, v) in enumerate(zip(self.columns, row, strict=True))}

        return json.dumps({
            "report": self.kind, "title": self.title, "outlet": self.outlet,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None, "by": self.by,
            "generated_at": self.generated_at.isoformat() if self.generated_at else None,
            "columns": [{"key": c.key, "title": c.title, "kind": c.kind} for c in self.columns],
            "rows": [as_obj(r, i) for i, r in enumerate(self.rows)],
            "totals": as_obj(self.totals, -1) if self.totals is not None else None,
            "notes": [self.note_text(n) for n in self.notes],
        }, ensure_ascii=False, indent=2)


@contextmanager
def collector_held() -> Iterator[None]:
    """Python's cyclic garbage collector held while a report's rows are reshaped (``values_by_column``: an iterator
    made per row, all dropped at the end, set it off ~60 times). Held only where it was running (the app's start
    may hold it itself; two reports on two threads leave it running once both are done). Not while the app reads a
    report's rows: the rows it keeps were then all collected at once after, and a month by product took ~10 ms
    longer. A ``report`` command holds it throughout: its process ends before anything is collected."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def percent_bp(part: int, whole: int) -> int | None:
    """``part`` / ``whole`` in basis points (1% = 100), rounded half up; None when ``whole`` is 0."""
    if whole == 0:
        return None
    return div_half_up(part * 10000, whole)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("The period ends ({end}) before it starts ({start}).", start=start.isoformat(),
                              end=end.isoformat())
