"""Planning an import: what each row would do, checked against the catalogue and against the rows before it.

A row updates the product with its SKU, else the one holding one of its barcodes, else creates one. Its SKU,
barcodes and OCOP code may not repeat another row's; a barcode never moves to another product; two rows may
not update one product. Its producer is found by tax code, then by name, or planned as a new one. The whole
product as the row would leave it is then checked as the product form checks it. Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from showroom_pos.core import tax_code as mst
from showroom_pos.core.errors import UserError, ValidationError
from showroom_pos.core.text import fold
from showroom_pos.storage.models import Producer, Product

from .. import setup
from ..catalogue import producers as catalogue_producers
from ..catalogue import product_fields
from ..catalogue.producers import ProducerInput
from ..catalogue.product_fields import ProductInput
from ..field_errors import FieldError
from .checking import formula_notes, guess_kind, parse_row, total_row
from .columns import BY_KEY, FIELD_COLUMN, PRODUCER_FIELD_COLUMN, map_columns
from .reading import MAX_ROWS, Table
from .report import ImportReport, RowError, RowResult


@dataclass
class PlannedRow:
    """A row of the file and what it will do: the product it updates (none: it creates one), that product as the
    row leaves it (``data``), and a producer the file creates (``producer_key``) when it names no existing one."""

    result: RowResult
    values: dict[str, Any]
    product_id: int | None = None
    data: ProductInput | None = None
    producer_key: str | None = None
    province_ref: str | None = None
    codes: list[str] = field(default_factory=list)  # as stored (checked)


@dataclass
class NewProducer:
    """A producer the file names for the first time: created before the products that name it."""

    key: str
    data: ProducerInput
    line: int


def plan_import(session: Session, table: Table, report: ImportReport) -> tuple[list[PlannedRow], list[NewProducer]]:
    """Check every row and work out what it would do; writes nothing."""
    index, headers = map_columns(table.headers, report)
    if report.file_errors:
        return [], []
    planner = _Planner(session, headers)
    report.notes.extend(table.notes)
    for line, cells in table.rows:
        # Blank in every column read (a template numbered down its STT column, a section title in a column of
        # its own): not a product, skipped as a blank line is. Rejected, it held up the whole import.
        if all(_empty(cells[pos]) for pos in index if pos < len(cells)):
            continue
        label = total_row(cells, index)
        if label is not None:
            report.notes.append(RowError(line, "", ValidationError(
                "A total row (“{label}”) was skipped: it is not a product.", label=label)))
            continue
        if len(planner.rows) >= MAX_ROWS:
            report.file_errors.append(ValidationError("The file has more than {rows} rows.", rows=MAX_ROWS))
            break
        result = RowResult(line, "", "")
        values, bad = parse_row(line, cells, index, headers, result)
        report.notes.extend(formula_notes(line, values, headers))
        row = PlannedRow(result, values)
        planner.rows.append(row)
        report.rows.append(result)
        planner.plan(row, bad)
    for row in planner.rows:
        if row.result.errors:
            row.result.action = "rejected"
    unique = {id(p): p for p in planner.new_producers.values()}
    return planner.rows, list(unique.values())


def _empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


class _Planner:
    """What each row will do, checked against the catalogue and against the rows before it."""

    def __init__(self, session: Session, headers: dict[str, str]) -> None:
        self.session = session
        self.headers = headers
        self.default_province = setup.outlet(session).province
        self.producers_by_tax = {p.tax_code: p for p in session.scalars(select(Producer)) if p.tax_code}
        self.producers_by_name = {p.name_folded: p for p in session.scalars(select(Producer).order_by(Producer.id))}
        # The catalogue in memory: one query per table, not one per row.
        self.index = product_fields.CatalogueIndex.load(session)
        self.products = {p.id: p for p in session.scalars(select(Product).options(selectinload(Product.barcodes)))}
        self.refs = {p.province_ref: (p.id, p.sku) for p in self.products.values() if p.province_ref}
        self.new_producers: dict[str, NewProducer] = {}
        self.new_tax_codes: dict[str, tuple[str, str, int]] = {}  # tax code → (folded name, name, line) first given
        self.seen_sku: dict[str, int] = {}
        self.seen_code: dict[str, int] = {}
        self.seen_ref: dict[str, int] = {}
        self.seen_product: dict[int, int] = {}
        self.rows: list[PlannedRow] = []

    def fail(self, row: PlannedRow, key: str, exc: UserError) -> None:
        row.result.errors.append(RowError(row.result.line, self.headers.get(key, BY_KEY[key].header), exc))

    def plan(self, row: PlannedRow, bad: set[str]) -> None:
        values, result, line = row.values, row.result, row.result.line
        name = values.get("name", "")
        result.name = name
        if not name and "name" not in bad:
            self.fail(row, "name", FieldError("Name: a product needs a name.", field="name"))
            bad.add("name")
        codes: list[str] = []
        code_errors: list[FieldError] = []
        for raw in values.get("barcode", []):
            code = product_fields.check_code(raw, code_errors)
            if code is not None and code not in codes:
                codes.append(code)
        for exc in code_errors:
            self.fail(row, "barcode", exc)
        sku = values.get("sku", "") or (codes[0] if codes else "")
        result.sku = sku
        if not sku:
            if not code_errors and not bad & {"sku", "barcode"}:
                self.fail(row, "sku", FieldError("SKU: the row needs a SKU or a barcode.", field="sku"))
            return
        # Against the rows before it.
        duplicate = False
        if sku in self.seen_sku:
            duplicate = True
            self.fail(
                row,
                "sku",
                FieldError("SKU {sku} is also on line {other}.", field="sku", sku=sku, other=self.seen_sku[sku]),
            )
        for code in codes:
            if code in self.seen_code:
                duplicate = True
                self.fail(
                    row,
                    "barcode",
                    FieldError(
                        "Barcode {code} is also on line {other}.",
                        field="barcodes",
                        code=code,
                        other=self.seen_code[code],
                    ),
                )
        ref = values.get("province_ref")
        if ref and ref in self.seen_ref:
            self.fail(
                row,
                "province_ref",
                FieldError(
                    "OCOP code {code} is also on line {other}.",
                    field="province_ref",
                    code=ref,
                    other=self.seen_ref[ref],
                ),
            )
        self.seen_sku.setdefault(sku, line)
        for code in codes:
            self.seen_code.setdefault(code, line)
        if ref:
            self.seen_ref.setdefault(ref, line)
        # Against the catalogue: the SKU first, else a barcode.
        found = self.index.sku_to_id.get(sku) if values.get("sku") else None
        product = self.products.get(found) if found is not None else None
        if product is None and codes:
            owner_ids = {self.index.code_owner[c][0] for c in codes if c in self.index.code_owner}
            owners = {pid: self.products[pid] for pid in owner_ids}
            if len(owners) > 1:
                self.fail(
                    row,
                    "barcode",
                    FieldError(
                        "Barcodes {codes} belong to different products ({skus}).",
                        field="barcodes",
                        codes=", ".join(codes),
                        skus=", ".join(sorted(p.sku for p in owners.values())),
                    ),
                )
                return
            if owners and values.get("sku"):
                # A new SKU with a barcode of another product: a conflict, never a rename of that product.
                other = next(iter(owners.values()))
                code = next(c for c in codes if self.index.code_owner.get(c, (None,))[0] == other.id)
                self.fail(row, "barcode", FieldError(
                    "Barcode {code} belongs to {other_sku} ({other_name}), but this row is for SKU {sku} "
                    "({name}), which is not in the catalogue. Correct the SKU or the barcode: an import "
                    "never moves a barcode to another product.", field="barcodes", code=code,
                    other_sku=other.sku, other_name=other.name, sku=sku, name=name or "-"))
                return
            product = next(iter(owners.values()), None)
        if product is not None:
            if product.id in self.seen_product and not duplicate:
                self.fail(
                    row,
                    "sku",
                    FieldError(
                        "This row updates the same product as line {other}.",
                        field="sku",
                        other=self.seen_product[product.id],
                    ),
                )
            self.seen_product.setdefault(product.id, line)
            row.product_id = result.product_id = product.id
            result.sku = product.sku if not values.get("sku") else sku
        if ref:
            held = self.refs.get(ref)
            holder = held[1] if held is not None and held[0] != row.product_id else None
            if holder is not None:
                self.fail(
                    row,
                    "province_ref",
                    FieldError(
                        "OCOP code {code} already belongs to {sku}.", field="province_ref", code=ref, sku=holder
                    ),
                )
        row.province_ref = ref or None
        producer_id = self._producer(row)
        self._product(row, sku, name, codes, producer_id, bad)

    def _producer(self, row: PlannedRow) -> int | None:
        """The existing producer the row names, or None (a new one is planned under ``row.producer_key``)."""
        values = row.values
        name = values.get("producer", "")
        tax = values.get("producer_tax_code", "")
        if not name and not tax:
            return None
        tax_compact = mst.compact(tax) if tax and mst.is_valid(tax) else ""
        existing = self.producers_by_tax.get(tax_compact) if tax_compact else None
        if existing is None and tax_compact and name:
            # A tax code the catalogue does not know yet: the file says whose it is, and all its rows must say the
            # same. Otherwise one row would make a new producer with it while another row's name found a producer
            # we have, and the next import of the file, finding the tax code, would move that row's product.
            first = self.new_tax_codes.setdefault(tax_compact, (fold(name), name, row.result.line))
            if first[0] != fold(name):
                self.fail(
                    row,
                    "producer",
                    FieldError(
                        "Producer: tax code {tax_code} is {name} here but {other_name} on line {other}; correct the "
                        "name or the tax code.",
                        field="producer",
                        tax_code=tax,
                        name=name,
                        other_name=first[1],
                        other=first[2],
                    ),
                )
                return None
        if existing is None and name:
            existing = self.producers_by_name.get(fold(name))
        if existing is not None:
            return existing.id
        if not name:
            self.fail(
                row,
                "producer",
                FieldError(
                    "Producer: no producer has the tax code {tax_code}; give its name.", field="producer", tax_code=tax
                ),
            )
            return None
        key = tax_compact or fold(name)
        planned = self.new_producers.get(key) or self.new_producers.get(fold(name))
        if planned is None:
            kind = values.get("producer_kind") or guess_kind(name)
            data = ProducerInput(
                name=name,
                kind=kind or "",
                tax_code=tax,
                address=values.get("producer_address", ""),
                commune=values.get("producer_commune", ""),
                province=self.default_province,
            )
            problems = catalogue_producers.check_producer(self.session, data)
            for exc in problems:
                if exc.field == "kind" and not kind:
                    exc = FieldError(
                        "Producer kind: say whether {name} is an enterprise, a cooperative (HTX), a "
                        "cooperative group or a household business.",
                        field="kind",
                        name=name,
                    )
                self.fail(row, PRODUCER_FIELD_COLUMN.get(exc.field, "producer"), exc)
            if problems:
                return None
            planned = NewProducer(key, data, row.result.line)
            self.new_producers[key] = planned
            self.new_producers.setdefault(fold(name), planned)
            row.result.new_producer = name
        row.producer_key = planned.key
        return None

    def _product(
        self, row: PlannedRow, sku: str, name: str, codes: list[str], producer_id: int | None, bad: set[str]
    ) -> None:
        """The whole product as it would be after this row, checked like a form."""
        values, result, session = row.values, row.result, self.session
        if row.product_id is not None:
            current = product_fields.input_of(self.products[row.product_id])
        else:
            current = ProductInput(sku=sku, name=name, price=1, ocop_group=None)
            if "price" not in values and "price" not in bad:
                self.fail(row, "price", FieldError("Price: a new product needs a price.", field="price"))
        signed = values.get("certificate_signed", current.certificate_signed)
        expires = values.get("certificate_expires")
        if expires is None:
            expires = None if "certificate_signed" in values else current.certificate_expires
        merged = replace(
            current,
            sku=sku if values.get("sku") else current.sku,
            name=name or current.name,
            unit=values.get("unit", current.unit),
            price=values.get("price", current.price),
            cost=values.get("cost", current.cost),
            vat_category=values.get("vat", current.vat_category),
            ocop_group=values.get("group", current.ocop_group),
            stars=values.get("stars", current.stars),
            certificate_no=values.get("certificate_no", current.certificate_no),
            certificate_signed=signed,
            certificate_expires=expires,
            producer_id=producer_id if producer_id is not None else (None if row.producer_key else current.producer_id),
            consigned=values.get("consigned", current.consigned),
            reorder_level=values.get("reorder_level", current.reorder_level),
            sold_by_weight=values.get("sold_by_weight", current.sold_by_weight),
            barcodes=tuple(dict.fromkeys([*current.barcodes, *codes])),
        )
        problems, stored, computed = product_fields.check_product(
            session, merged, row.product_id, index=self.index, current=current if row.product_id else None
        )
        row.codes = stored
        for exc in problems:
            key = FIELD_COLUMN.get(exc.field, "name")
            if key not in bad:
                self.fail(row, key, exc)
        row.data = replace(merged, certificate_expires=computed)
        if result.errors:
            return
        if row.product_id is None:
            result.action = "create"
            return
        before = current
        changed = [k for k in product_fields.EDITABLE if getattr(before, k) != getattr(row.data, k)]
        if row.producer_key:
            changed.append("producer_id")
        if tuple(before.barcodes) != tuple(row.data.barcodes):
            changed.append("barcodes")
        product = self.products[row.product_id]
        if row.province_ref and product.province_ref != row.province_ref:
            changed.append("province_ref")
        result.changes = tuple(dict.fromkeys(changed))
        result.action = "update" if result.changes else "unchanged"
