"""Storing a daily summary exactly once (used by the API and by the USB-file import).

In one transaction: a key seen before answers its stored acknowledgement (a replay changes nothing);
otherwise the summary replaces the stored one for its (outlet, day) only when its revision is newer,
and the key is recorded with the acknowledgement given. Late days are simply days like any other.
Two deliveries racing on the same key or day make the loser's transaction fail on a unique
constraint: the caller answers 409 and the outlet retries, getting the winner's acknowledgement.

It is the server's hot path (a thousand summaries a second is the goal), so it speaks SQL through the
session's connection (no ORM unit of work) and starts by touching its outlet's row: that one statement
checks the outlet is still active (and, from the API, that the token is still its own: a revocation
takes effect at once even though the API's token check before it is cached), records the sync time and
holds the row, so one outlet's summaries are stored one after the other and its monthly rollups are
never written by two transactions at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from showroom_pos.core.summary import DailySummary

from . import rollup
from .models import DailySummaryRow, DeliveryReceipt, ProvinceOutlet, SummaryPayment, SummaryProduct, utcnow
from .stock import record_stock

DAYS: Table = DailySummaryRow.__table__  # type: ignore[assignment]
PRODUCTS: Table = SummaryProduct.__table__  # type: ignore[assignment]
PAYMENTS: Table = SummaryPayment.__table__  # type: ignore[assignment]
RECEIPTS: Table = DeliveryReceipt.__table__  # type: ignore[assignment]
OUTLETS: Table = ProvinceOutlet.__table__  # type: ignore[assignment]


class KeyReused(ValueError):
    """The same idempotency key came with a different body: a bug or tampering, never retried."""


class OutletGone(PermissionError):
    """The outlet was revoked (or its token replaced) since its token was checked: nothing is stored."""


@dataclass(frozen=True)
class IngestResult:
    ack: dict[str, object]
    replayed: bool


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def ingest(
    session: Session,
    outlet: ProvinceOutlet,
    summary: DailySummary,
    body: bytes,
    *,
    source: str = "api",
    now: datetime | None = None,
    token_hash: str | None = None,
) -> IngestResult:
    """Store ``summary`` (already validated and known to be ``outlet``'s) in the caller's transaction.

    ``outlet`` needs only its ``id`` and ``code`` (a detached copy will do); ``token_hash``, when given, must
    still be the outlet's, else ``OutletGone`` is raised before anything is written."""
    now = now or utcnow()
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return _ingest_postgresql(session, outlet, summary, body, source, now, token_hash)
    touch = update(OUTLETS).where(OUTLETS.c.id == outlet.id, OUTLETS.c.active.is_(True))
    if token_hash is not None:
        touch = touch.where(OUTLETS.c.token_hash == token_hash)
    if conn.execute(touch.values(last_sync_at=now).returning(OUTLETS.c.id)).first() is None:
        raise OutletGone(outlet.code)
    digest = body_hash(body)
    seen = conn.execute(
        select(RECEIPTS.c.body_sha256, RECEIPTS.c.outlet_id, RECEIPTS.c.ack).where(
            RECEIPTS.c.idempotency_key == summary.idempotency_key
        )
    ).first()
    if seen is not None:
        return _replay(seen, digest, outlet.id, summary.idempotency_key)
    stmt = select(DAYS.c.id, DAYS.c.outlet_id, DAYS.c.business_day, DAYS.c.revision,
                  *(DAYS.c[n] for n in rollup.DAY_SUMS)).where(
        DAYS.c.outlet_id == outlet.id, DAYS.c.business_day == summary.business_day
    )
    current = conn.execute(stmt).first()  # (the outlet's row, held above, keeps others off this day)
    if current is None or summary.revision > current.revision:
        weights = [rollup.weighed(p.unit, p.by_weight, summary.cash_rounding is not None) for p in summary.products]
        values = _day_values(summary, body, source, now)
        if current is None:
            summary_id = conn.execute(
                insert(DAYS).values(outlet_id=outlet.id, business_day=summary.business_day, **values)
                .returning(DAYS.c.id)
            ).scalar_one()
        else:
            summary_id = current.id
            rollup.remove_row(session, current)  # the monthly rollups lose the old revision's figures
            conn.execute(delete(PRODUCTS).where(PRODUCTS.c.summary_id == summary_id))
            conn.execute(delete(PAYMENTS).where(PAYMENTS.c.summary_id == summary_id))
            conn.execute(update(DAYS).where(DAYS.c.id == summary_id).values(**values))
        _write_children(conn, summary_id, summary, weights)
        rollup.add_summary(session, outlet.id, summary, weights)
        status, stored_revision = "stored", summary.revision
    else:
        status, stored_revision = "superseded", current.revision
    ack = _ack(outlet, summary, status, stored_revision, now)
    conn.execute(insert(RECEIPTS).values(**_receipt(outlet, summary, digest, ack, source, now)))
    if summary.stock is not None:
        record_stock(session, outlet, summary, now)  # the outlet's stock, when it sent it (programme view)
    return IngestResult(ack, replayed=False)


def _replay(seen: Any, digest: str, outlet_id: int, key: str) -> IngestResult:
    if seen.body_sha256 != digest or seen.outlet_id != outlet_id:
        raise KeyReused(key)
    return IngestResult(json.loads(seen.ack), replayed=True)


def _ack(
    outlet: ProvinceOutlet, s: DailySummary, status: str, stored_revision: int, now: datetime
) -> dict[str, object]:
    return {
        "key": s.idempotency_key,
        "status": status,
        "outlet_code": outlet.code,
        "business_day": s.business_day.isoformat(),
        "revision": s.revision,
        "stored_revision": stored_revision,
        "received_at": now.isoformat(),
    }


def _receipt(
    outlet: ProvinceOutlet, s: DailySummary, digest: str, ack: dict[str, object], source: str, now: datetime
) -> dict[str, Any]:
    return {
        "idempotency_key": s.idempotency_key,
        "outlet_id": outlet.id,
        "business_day": s.business_day,
        "revision": s.revision,
        "body_sha256": digest,
        "ack": json.dumps(ack, sort_keys=True),
        "source": source,
        "received_at": now,
    }


# --- PostgreSQL: the same statements as plain SQL through psycopg, pipelined ------------------------------
#
# SQLAlchemy costs about four times psycopg's own CPU per statement; at a thousand summaries a second that is
# most of a core. So on PostgreSQL the common cases (a new day, a replay, an older revision) are sent as plain
# SQL on the session's own connection and transaction, in three round trips: (touch the outlet, look up the
# key, look up the day), (insert the day), (its lines, payments, rollups and delivery receipt, pipelined: one
# short statement per row, which psycopg parses once and PostgreSQL prepares once; measured cheaper than a
# many-row VALUES, parsed again every time, or an ``unnest`` of arrays, whose lists cost more to adapt).
# A newer revision of a stored day, rare, goes through the portable statements above. Errors come back as
# SQLAlchemy's own exceptions, so the API answers them as it does on SQLite.

_SQL: dict[tuple[str, int], str] = {}


def _insert_sql(table: Table, columns: tuple[str, ...], rows: int, upsert: rollup.Upsert | None = None) -> str:
    """``INSERT INTO table (columns) VALUES (…), (…)`` for ``rows`` rows (made once per shape)."""
    key = (f"{table.name}:{','.join(columns)}:{upsert is not None}", rows)
    sql = _SQL.get(key)
    if sql is None:
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES " + ", ".join([one] * rows)
        if upsert is not None:
            changes = [f"{c} = {table.name}.{c} + excluded.{c}" for c in upsert.sums] + [
                f"{c} = CASE WHEN excluded.{c} > {table.name}.{c} THEN excluded.{c} ELSE {table.name}.{c} END"
                for c in upsert.greatest
            ]
            sql += f" ON CONFLICT ({', '.join(upsert.keys)}) DO UPDATE SET {', '.join(changes)}"
        _SQL[key] = sql
    return sql


def _naive(moment: datetime) -> datetime:
    """As ``UTCDateTime`` stores it: naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _ingest_postgresql(
    session: Session,
    outlet: ProvinceOutlet,
    summary: DailySummary,
    body: bytes,
    source: str,
    now: datetime,
    token_hash: str | None,
) -> IngestResult:
    import psycopg

    raw: Any = session.connection().connection.dbapi_connection
    sql = ""
    try:
        touch = "UPDATE outlet SET last_sync_at = %s WHERE id = %s AND active" + (
            " AND token_hash = %s RETURNING id" if token_hash is not None else " RETURNING id"
        )
        day_columns = ", ".join(("id", "outlet_id", "business_day", "revision", *rollup.DAY_SUMS))
        with raw.pipeline():
            sql = touch
            touched = raw.execute(touch, (_naive(now), outlet.id, *((token_hash,) if token_hash is not None else ())))
            sql = "SELECT … FROM delivery_receipt"
            seen_cursor = raw.execute(
                "SELECT body_sha256, outlet_id, ack FROM delivery_receipt WHERE idempotency_key = %s",
                (summary.idempotency_key,),
            )
            day_cursor = raw.execute(
                f"SELECT {day_columns} FROM daily_summary WHERE outlet_id = %s AND business_day = %s",
                (outlet.id, summary.business_day),
            )
            gone = touched.fetchone() is None
            seen = seen_cursor.fetchone()
            found = day_cursor.fetchone()
        if gone:
            raise OutletGone(outlet.code)
        digest = body_hash(body)
        if seen is not None:
            body_sha256, owner, ack_text = seen
            if body_sha256 != digest or owner != outlet.id:
                raise KeyReused(summary.idempotency_key)
            return IngestResult(json.loads(ack_text), replayed=True)
        current = None if found is None else _Row(dict(zip(day_columns.split(", "), found, strict=True)))
        if current is not None and summary.revision > current.revision:
            return _ingest_portable_newer(session, outlet, summary, body, source, now, digest, current)
        if current is None:
            values = _day_values(summary, body, source, now)
            values["received_at"], values["generated_at"] = _naive(now), _naive(summary.generated_at)
            columns = ("outlet_id", "business_day", *values)
            sql = _insert_sql(DAYS, columns, 1) + " RETURNING id"
            summary_id = raw.execute(sql, (outlet.id, summary.business_day, *values.values())).fetchone()[0]
            weights = [rollup.weighed(p.unit, p.by_weight, summary.cash_rounding is not None) for p in summary.products]
            ack = _ack(outlet, summary, "stored", summary.revision, now)
            writes = _children(summary_id, summary, weights)
            writes += [(u.table, u.rows, u) for u in rollup.summary_upserts(outlet.id, summary, weights) if u.rows]
        else:
            ack = _ack(outlet, summary, "superseded", current.revision, now)
            writes = []
        receipt = _receipt(outlet, summary, digest, ack, source, now)
        receipt["received_at"] = _naive(now)
        writes.append((RECEIPTS, [receipt], None))
        with raw.pipeline(), raw.cursor() as cursor:
            for table, rows, upsert in writes:  # one statement per row, each prepared once by the server
                columns = tuple(rows[0])
                sql = _insert_sql(table, columns, 1, upsert)
                cursor.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
    except psycopg.Error as exc:
        raise DBAPIError.instance(sql, None, exc, psycopg.Error) from exc
    if summary.stock is not None:
        record_stock(session, outlet, summary, now)
    return IngestResult(ack, replayed=False)


class _Row:
    """A stored day's columns by name (what ``rollup.remove_row`` reads)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        self.revision: int = values["revision"]
        self.id: int = values["id"]


def _children(summary_id: int, s: DailySummary, weights: list[bool]) -> list[tuple[Table, list[dict[str, Any]], Any]]:
    out: list[tuple[Table, list[dict[str, Any]], Any]] = []
    if s.products:
        out.append((PRODUCTS, _product_rows(summary_id, s, weights), None))
    methods = sorted(set(s.payments) | set(s.refunds))
    if methods:
        out.append((PAYMENTS, [
            {"summary_id": summary_id, "method": m, "amount": s.payments.get(m, 0), "refunds": s.refunds.get(m, 0)}
            for m in methods
        ], None))
    return out


def _ingest_portable_newer(
    session: Session,
    outlet: ProvinceOutlet,
    summary: DailySummary,
    body: bytes,
    source: str,
    now: datetime,
    digest: str,
    current: Any,
) -> IngestResult:
    """A newer revision of a stored day (the outlet's row is already held): through the portable statements."""
    conn = session.connection()
    weights = [rollup.weighed(p.unit, p.by_weight, summary.cash_rounding is not None) for p in summary.products]
    rollup.remove_row(session, current)
    conn.execute(delete(PRODUCTS).where(PRODUCTS.c.summary_id == current.id))
    conn.execute(delete(PAYMENTS).where(PAYMENTS.c.summary_id == current.id))
    conn.execute(update(DAYS).where(DAYS.c.id == current.id).values(**_day_values(summary, body, source, now)))
    _write_children(conn, current.id, summary, weights)
    rollup.add_summary(session, outlet.id, summary, weights)
    ack = _ack(outlet, summary, "stored", summary.revision, now)
    conn.execute(insert(RECEIPTS).values(**_receipt(outlet, summary, digest, ack, source, now)))
    if summary.stock is not None:
        record_stock(session, outlet, summary, now)
    return IngestResult(ack, replayed=False)


def _product_rows(summary_id: int, s: DailySummary, weights: list[bool]) -> list[dict[str, Any]]:
    return [
        {
            "summary_id": summary_id,
            "sku": p.sku,
            "barcode": p.barcode,
            "name": p.name,
            "producer": p.producer,
            "producer_code": p.producer_code,
            "stars": p.stars,
            "ocop_group": p.group,
            "province_ref": p.province_ref,
            "qty_sold": p.qty_sold,
            "qty_returned": p.qty_returned,
            "gross": p.gross,
            "discounts": p.discounts,
            "returns": p.returns,
            "net": p.net,
            "vat": p.vat,
            "by_weight": weighed,
        }
        for p, weighed in zip(s.products, weights, strict=True)
    ]


def _day_values(s: DailySummary, body: bytes, source: str, now: datetime) -> dict[str, Any]:
    return {
        "revision": s.revision,
        "idempotency_key": s.idempotency_key,
        "received_at": now,
        "generated_at": s.generated_at,
        "source": source,
        "receipts": s.receipts,
        "voided": s.voided,
        "gross": s.gross,
        "discounts": s.discounts,
        "returns": s.returns,
        "net": s.net,
        "vat": s.vat,
        "qty_sold": s.qty_sold,
        "qty_returned": s.qty_returned,
        "cash_over_short": s.cash_over_short,
        "shifts_closed": s.shifts_closed,
        "cash_rounding": s.cash_rounding,
        "payload": body.decode("utf-8"),
    }


def _write_children(conn: Connection, summary_id: int, s: DailySummary, weights: list[bool]) -> None:
    """Products and payments as two bulk INSERTs (one statement each)."""
    if s.products:
        conn.execute(insert(PRODUCTS), _product_rows(summary_id, s, weights))
    methods = sorted(set(s.payments) | set(s.refunds))
    if methods:
        conn.execute(
            insert(PAYMENTS),
            [
                {"summary_id": summary_id, "method": m, "amount": s.payments.get(m, 0), "refunds": s.refunds.get(m, 0)}
                for m in methods
            ],
        )
