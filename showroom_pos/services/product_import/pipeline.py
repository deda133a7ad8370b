"""The importer's entry points: read the file, check and plan every row, and unless it is a dry run or a row
was rejected, apply the plan inside a savepoint (all rows or none)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from showroom_pos.core.errors import UserError, ValidationError, os_reason

from .. import permissions
from ..context import Actor
from .applying import apply_plan
from .planning import plan_import
from .reading import read_table
from .report import ImportReport

log = logging.getLogger(__name__)


def import_products(
    session: Session,
    data: bytes,
    *,
    source: str = "",
    dry_run: bool = False,
    actor: Actor | None = None,
    approved_by: int | None = None,
) -> ImportReport:
    """Check (and unless ``dry_run``, apply) a product list. Never raises for bad content: the report
    says what is wrong, and nothing is written unless every row is fine. Writes happen in a savepoint,
    so the caller's transaction is untouched when anything fails."""
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    report = ImportReport(source=source, dry_run=dry_run)
    try:
        table = read_table(data)
    except UserError as exc:
        report.file_errors.append(exc)
        return report
    rows, producers = plan_import(session, table, report)
    if not report.ok or dry_run or not any(r.result.action in ("create", "update") for r in rows):
        return report
    savepoint = session.begin_nested()
    try:
        apply_plan(session, rows, producers, actor, approver, report)
    except Exception as exc:  # a row passed the checks but could not be written: keep nothing
        savepoint.rollback()
        log.exception("product import failed while writing")
        detail = exc.text() if isinstance(exc, UserError) else type(exc).__name__
        report.file_errors.append(ValidationError("The import stopped and nothing was saved: {reason}", reason=detail))
        return report
    savepoint.commit()
    report.applied = True
    return report


def import_file(session: Session, path: Path, **kwargs: Any) -> ImportReport:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("Cannot read {path}: {reason}", path=str(path), reason=os_reason(exc)) from None
    return import_products(session, data, source=str(path), **kwargs)
