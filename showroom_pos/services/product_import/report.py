"""What an import tells the person: a result per row (its action, the fields it changes, its errors) and the
report of the whole file, which the import dialog, the CLI and the tests read."""

from __future__ import annotations

from dataclasses import dataclass, field

from showroom_pos.core.errors import UserError


@dataclass(frozen=True)
class RowError:
    line: int
    column: str  # the header as written in the file (or the standard one when the column is missing)
    error: UserError


@dataclass
class RowResult:
    line: int
    sku: str
    name: str
    action: str = ""  # create, update, unchanged, rejected
    changes: tuple[str, ...] = ()  # the fields an update changes
    errors: list[RowError] = field(default_factory=list)
    new_producer: str = ""
    product_id: int | None = None


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[UserError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False
    # What the import did that the person should know, though nothing is wrong: merged cells filled down,
    # total rows skipped, text a spreadsheet would run (kept as text).
    notes: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.rejected

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def new_producers(self) -> list[str]:
        return list(dict.fromkeys(r.new_producer for r in self.rows if r.new_producer))
