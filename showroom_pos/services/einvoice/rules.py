"""What the law says about e-invoices from a cash register, read from data.

The rules (who must issue, the symbol's pattern, the format version, the invoice titles, which fields are
required, what a return or a void produces, how the tax authority's code is composed…) live in
``showroom_pos/resources/einvoice/rules.json``, one rule set per legal regime with the date it applies from. A
showroom can be given a newer file without a new release (``einvoice.rules_file``); ``einvoice.rules_version``
pins one rule set. The law changed in 2025 and may change again: no code path depends on it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from showroom_pos import package_data
from showroom_pos.core.errors import ValidationError

from .words import Spelling


@dataclass(frozen=True)
class RuleSet:
    """One legal regime. ``data`` is the rule set as written in the file; the properties name what code reads."""

    id: str
    valid_from: date
    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @property
    def format_version(self) -> str:
        return str(self.data["format_version"])

    @property
    def symbol_pattern(self) -> str:
        return str(self.data["symbol_pattern"])

    @property
    def number_max(self) -> int:
        return int(self.data["number_max"])

    @property
    def number_digits(self) -> int:
        return int(self.data.get("number_digits", 8))

    @property
    def spelling(self) -> Spelling:
        return Spelling.from_rules(self.data.get("words"))

    def form(self, form: str) -> dict[str, Any]:
        forms: dict[str, dict[str, Any]] = self.data["forms"]
        if form not in forms:
            raise ValidationError("Invoice form {form} is not one of {forms}.", form=form, forms=", ".join(forms))
        return forms[form]

    def title(self, form: str) -> str:
        return str(self.form(form)["title"])

    def vat_breakdown(self, form: str) -> bool:
        return bool(self.form(form).get("vat_breakdown", True))

    def symbol_for(self, symbol: str, day: date) -> str:
        """The registered symbol with the two year digits of ``day``: the series follows the calendar year
        (``C26MAA`` on a sale of 2027 is ``C27MAA``, numbered from 1 again)."""
        at = int(self.data.get("symbol_year_at", 1))
        return f"{symbol[:at]}{day.year % 100:02d}{symbol[at + 2:]}"

    def valid_symbol(self, symbol: str) -> bool:
        return re.fullmatch(self.symbol_pattern, symbol) is not None

    def compose_code(self, form: str, day: date, seller: str, seq: int) -> str:
        """The tax authority's code of a cash-register invoice, as the rule set composes it
        (``M1-26-ABCDE-00000000123``)."""
        template = str(self.data["code"]["template"])
        return template.format(form=form, yy=f"{day.year % 100:02d}", seller=seller, seq=seq)

    def code_series(self, form: str, day: date, seller: str) -> str:
        """The part of the code before the sequence: one counter per series."""
        return self.compose_code(form, day, seller, 0).rsplit("-", 1)[0]

    def tsuat(self, rate_bp: int, category: str | None) -> str:
        """``TSuat`` of a line: ``KCT``/``KKKNT`` for the categories the rules name, else the rate (``8%``)."""
        special: dict[str, str] = self.data.get("vat_category_tsuat", {})
        if category and category in special:
            return special[category]
        whole, frac = divmod(rate_bp, 100)
        return f"{whole}%" if not frac else f"{whole}.{frac:02d}".rstrip("0") + "%"


def _parse(raw: dict[str, Any], where: str) -> list[RuleSet]:
    try:
        sets = [RuleSet(str(r["id"]), date.fromisoformat(str(r["valid_from"])), r) for r in raw["rule_sets"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError("The e-invoice rules in {file} cannot be read: {reason}.", file=where,
                              reason=str(exc)) from None
    if not sets:
        raise ValidationError("The e-invoice rules in {file} hold no rule set.", file=where)
    return sorted(sets, key=lambda r: r.valid_from)


@lru_cache(maxsize=8)
def _load(path: str, stamp: float) -> tuple[RuleSet, ...]:
    source = Path(path)
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError("The e-invoice rules in {file} cannot be read: {reason}.", file=path,
                              reason=str(exc)) from None
    return tuple(_parse(raw, path))


def shipped_path() -> Path:
    return package_data.path("resources", "einvoice", "rules.json")


def load(rules_file: str = "") -> tuple[RuleSet, ...]:
    """Every rule set, oldest first: from ``rules_file`` when given (a newer file than the release's), else the
    shipped one. Read again when the file changes."""
    path = Path(rules_file) if rules_file.strip() else shipped_path()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        raise ValidationError("The e-invoice rules file {file} does not exist.", file=str(path)) from None
    return _load(str(path), stamp)


def for_day(day: date, *, version: str = "", rules_file: str = "") -> RuleSet:
    """The rule set for an invoice of ``day``: the one ``version`` names, else the newest in force that day."""
    sets = load(rules_file)
    if version.strip():
        for r in sets:
            if r.id == version.strip():
                return r
        raise ValidationError("No e-invoice rule set is called {version}; known: {known}.", version=version,
                              known=", ".join(r.id for r in sets))
    in_force = [r for r in sets if r.valid_from <= day]
    return in_force[-1] if in_force else sets[0]
