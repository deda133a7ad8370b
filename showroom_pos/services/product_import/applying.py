"""Applying an import that passed every check: new producers, the updates, then the new products and their
barcodes in a few multi-row INSERTs, and one audit event for the file. The caller holds the savepoint."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import insert
from sqlalchemy.orm import Session

from showroom_pos.storage.models import Product, ProductBarcode

from .. import audit
from ..catalogue import lookup, product_fields
from ..catalogue import producers as catalogue_producers
from ..catalogue import products as catalogue_products
from ..context import Actor
from .planning import NewProducer, PlannedRow
from .report import ImportReport


def apply_plan(
    session: Session,
    rows: list[PlannedRow],
    producers: list[NewProducer],
    actor: Actor | None,
    approver: int | None,
    report: ImportReport,
) -> None:
    ids: dict[str, int] = {}
    for new in producers:
        ids[new.key] = catalogue_producers.add_producer(session, replace(new.data, code=None)).id
    created: list[tuple[PlannedRow, dict[str, Any]]] = []
    for row in rows:
        if row.data is None or row.result.action not in ("create", "update"):
            continue
        data = row.data
        if row.producer_key:
            data = replace(data, producer_id=ids[row.producer_key])
        if row.result.action == "create":
            values = product_fields.new_product_values(data, data.certificate_expires)
            values["province_ref"] = row.province_ref
            created.append((row, values))
            continue
        assert row.product_id is not None
        catalogue_products.apply_product_update(
            session, row.product_id, data, remove_codes=False, checked=(row.codes, data.certificate_expires)
        )
        product = lookup.get_product(session, row.product_id)
        if row.province_ref and product.province_ref != row.province_ref:
            product.province_ref = row.province_ref
    session.flush()  # the updates, once for the whole file
    if created:
        # New products in a few multi-row INSERTs (their ids back in order), then all their barcodes in one: an
        # ORM object per product and per barcode made writing 5,000 products most of an import's time.
        products, barcodes = cast(SqlTable, Product.__table__), cast(SqlTable, ProductBarcode.__table__)
        new_ids = session.execute(
            insert(products).returning(products.c.id, sort_by_parameter_order=True),
            [values for _row, values in created],
        ).scalars().all()
        codes = []
        for (row, _values), product_id in zip(created, new_ids, strict=True):
            row.result.product_id = product_id
            codes += [{"product_id": product_id, "code": code} for code in row.codes]
        if codes:
            session.execute(insert(barcodes), codes)
    audit.record(
        session,
        "products.imported",
        user_id=actor.user_id if actor else None,
        terminal_id=actor.terminal_id if actor else None,
        approver_id=approver,
        entity="import",
        entity_id=report.source[-40:],
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        producers=report.new_producers,
        via="app" if actor else "cli",
    )
