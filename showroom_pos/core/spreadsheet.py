"""Text a spreadsheet could run, made inert in what we write, and recognised in what we read.

A cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) is a
formula to Excel and LibreOffice: a product named ``=HYPERLINK("http://x","y")`` would become a live link
in a manager's export. In CSV such text is written with an apostrophe before it (the usual guard, which
spreadsheets show as text); in XLSX the cell is written as a string cell, never a formula, so the text
reads back exactly. Import takes the apostrophe off again, so an export imports back unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (a lone ``-`` or ``+`` is just text)."""
    return len(text) > 1 and text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like text gets the apostrophe guard; anything else is unchanged."""
    if isinstance(value, str) and looks_like_formula(value):
        return GUARD + value
    return value


def unguard(text: str) -> str:
    """What a cell written by ``csv_cell`` said: the apostrophe before formula-like text is taken off."""
    if text.startswith(GUARD) and looks_like_formula(text[1:]):
        return text[1:]
    return text


def make_inert(sheet: Any) -> None:
    """Every text cell of an openpyxl worksheet written as a string, never a formula (openpyxl takes any text
    beginning with ``=`` for one). Call it after the cells are filled, before saving."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"
