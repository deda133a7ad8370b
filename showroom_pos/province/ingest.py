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

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.dialects import postgresql
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


# --- PostgreSQL: one round trip for a new day ---------------------------------------------------------------
#
# A thousand summaries a second is a few milliseconds of CPU each, shared by the server and PostgreSQL, so on
# PostgreSQL the common case costs one round trip of three statements on the session's own connection and
# transaction, pipelined through psycopg (SQLAlchemy costs about four times psycopg's CPU per statement):
#
# 1. touch the outlet (the token check, the sync time, the outlet's row held);
# 2. look up the key's receipt and the day (a statement of its own: it sees what the outlet's previous
#    transaction committed while this one waited for the row);
# 3. store the day with everything it writes, as one statement of data-modifying CTEs (the day, its lines and
#    payments, the three monthly rollups, the delivery receipt), each table's rows sent as one JSON array, and
#    only if the outlet is still allowed and neither the key nor the day is known: otherwise it writes nothing
#    and the lookup's answer decides (a replay, an older revision, or, rare, a newer one through the portable
#    statements above). One prepared statement instead of one per row: a fraction of the CPU on both sides.
#
# Errors come back as SQLAlchemy's own exceptions, so the API answers them as it does on SQLite.

_DAY_COLUMNS = tuple(c.name for c in DAYS.c if c.name not in ("id", "outlet_id", "business_day"))
_LINE_COLUMNS = tuple(c.name for c in PRODUCTS.c if c.name not in ("id", "summary_id"))
_PAYMENT_COLUMNS = ("method", "amount", "refunds")
_PRODUCT_MONTH_COLUMNS = ("key", *rollup.PRODUCT_ATTRS, "name", *rollup.PRODUCT_SUMS, "lines")
_PAYMENT_MONTH_COLUMNS = ("method", "amount", "refunds", "lines")
_RECEIPT_COLUMNS = tuple(c.name for c in RECEIPTS.c)
_RECEIPT_FROM_DAY = {"idempotency_key": "key", "outlet_id": "outlet_id", "business_day": "business_day",
                     "revision": "revision", "source": "source", "received_at": "received_at"}  # (else r_<column>)
_LOOKUP_SQL = (
    "SELECT r.body_sha256, r.outlet_id, r.ack, "
    + ", ".join(f"d.{c}" for c in ("id", "outlet_id", "business_day", "revision", *rollup.DAY_SUMS))
    + " FROM (VALUES (1)) AS one (x)"
    " LEFT JOIN delivery_receipt AS r ON r.idempotency_key = %(key)s"
    " LEFT JOIN daily_summary AS d ON d.outlet_id = %(outlet_id)s AND d.business_day = %(business_day)s"
)


def _type(table: Table, column: str) -> str:
    """The column's type without its length: a value too long is refused when stored, as by a plain INSERT
    (a cast to ``VARCHAR(n)`` would cut it short without a word)."""
    return str(table.c[column].type.compile(dialect=postgresql.dialect())).split("(")[0]


def _rows_of(table: Table, columns: tuple[str, ...], param: str) -> str:
    """``json_to_recordset`` of the rows sent as the JSON array ``param``, typed as ``table``'s columns."""
    return f"json_to_recordset(%({param})s::json) AS r ({', '.join(f'{c} {_type(table, c)}' for c in columns)})"


def _on_conflict(u: rollup.Upsert, table: str) -> str:
    changes = [f"{c} = {table}.{c} + excluded.{c}" for c in u.sums] + [
        f"{c} = CASE WHEN excluded.{c} > {table}.{c} THEN excluded.{c} ELSE {table}.{c} END" for c in u.greatest
    ]
    return f" ON CONFLICT ({', '.join(u.keys)}) DO UPDATE SET {', '.join(changes)}"


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with its ``%(name)s`` placeholders as PostgreSQL's own ``$1``, ``$2``… and the names in that order:
    for ``psycopg.RawCursor``, which sends the text as it is (psycopg's own conversion caches only short queries
    and would parse this long one again on every call)."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return re.sub(r"%\((\w+)\)s", number, sql), tuple(names)


@functools.cache
def _new_day_statement(check_token: bool, touch: bool = False) -> tuple[str, tuple[str, ...]]:
    """The statement that stores a new day whole (see above), or nothing (it answers the day's id when stored),
    numbered for ``psycopg.RawCursor`` with the names of its parameters. With ``touch`` it also records the
    outlet's sync time (holding its row) and answers (outlet still allowed, day id): one statement, so one
    transaction on its own (``ingest_new_day``)."""
    return _numbered(_new_day_sql(check_token, touch))


def _touch_sql(check_token: bool) -> str:
    """Touch the outlet: its sync time recorded, its row held, the token checked (a row answered while allowed)."""
    return ("UPDATE outlet SET last_sync_at = %(received_at)s::timestamp WHERE id = %(outlet_id)s AND active"
            + (" AND token_hash = %(token_hash)s" if check_token else "") + " RETURNING 1")


def _new_day_sql(check_token: bool, touch: bool = False) -> str:
    day = ", ".join(f"%({c})s::{_type(DAYS, c)}" for c in _DAY_COLUMNS)
    nothing = dict.fromkeys(rollup.DAY_SUMS, 0)  # (only the upserts' shapes are wanted here)
    shapes = {u.table.name: u for u in rollup.upserts(0, rollup.FIRST_DAY, nothing, [], [], 1)}
    outlet_month = shapes["outlet_month"]
    # The month's figures are the day's own (a new day counts once, a cash rounding not sent as 0: ``rollup.upserts``)
    # and the receipt repeats the day's key, outlet, day, revision, source and time: sent once, not again apiece.
    month_sums = ", ".join(["1", *(f"coalesce(%({c})s::bigint, 0)" for c in rollup.DAY_SUMS)])
    receipt = ", ".join(f"%({_RECEIPT_FROM_DAY.get(c, f'r_{c}')})s::{_type(RECEIPTS, c)}" for c in _RECEIPT_COLUMNS)
    allowed = _touch_sql(check_token) if touch else (
        "SELECT 1 FROM outlet WHERE id = %(outlet_id)s AND active" + (" AND token_hash = %(token_hash)s" if check_token
                                                                       else ""))
    return (
        f"WITH allowed AS ({allowed})"
        + f", day AS (INSERT INTO daily_summary (outlet_id, business_day, {', '.join(_DAY_COLUMNS)})"
        f" SELECT %(outlet_id)s, %(business_day)s::date, {day} FROM allowed"
        " WHERE NOT EXISTS (SELECT 1 FROM delivery_receipt WHERE idempotency_key = %(key)s)"
        " AND NOT EXISTS (SELECT 1 FROM daily_summary WHERE outlet_id = %(outlet_id)s"
        " AND business_day = %(business_day)s::date) RETURNING id)"
        f", lines AS (INSERT INTO summary_product (summary_id, {', '.join(_LINE_COLUMNS)})"
        f" SELECT day.id, {', '.join(f'r.{c}' for c in _LINE_COLUMNS)}"
        f" FROM day, {_rows_of(PRODUCTS, _LINE_COLUMNS, 'lines')})"
        f", payments AS (INSERT INTO summary_payment (summary_id, {', '.join(_PAYMENT_COLUMNS)})"
        f" SELECT day.id, {', '.join(f'r.{c}' for c in _PAYMENT_COLUMNS)}"
        f" FROM day, {_rows_of(PAYMENTS, _PAYMENT_COLUMNS, 'payments')})"
        f", outlet_months AS (INSERT INTO outlet_month (outlet_id, month, days, {', '.join(rollup.DAY_SUMS)})"
        f" SELECT %(outlet_id)s, %(m_month)s::date, {month_sums} FROM day{_on_conflict(outlet_month, 'outlet_month')})"
        f", payment_months AS (INSERT INTO payment_month (outlet_id, month, {', '.join(_PAYMENT_MONTH_COLUMNS)})"
        f" SELECT %(outlet_id)s, %(m_month)s::date, {', '.join(f'r.{c}' for c in _PAYMENT_MONTH_COLUMNS)}"
        f" FROM day, {_rows_of(rollup.PAYMENT_MONTH, _PAYMENT_MONTH_COLUMNS, 'payment_months')}"
        f"{_on_conflict(shapes['payment_month'], 'payment_month')})"
        f", product_months AS (INSERT INTO product_month (outlet_id, month, {', '.join(_PRODUCT_MONTH_COLUMNS)})"
        f" SELECT %(outlet_id)s, %(m_month)s::date, {', '.join(f'r.{c}' for c in _PRODUCT_MONTH_COLUMNS)}"
        f" FROM day, {_rows_of(rollup.PRODUCT_MONTH, _PRODUCT_MONTH_COLUMNS, 'product_months')}"
        f"{_on_conflict(shapes['product_month'], 'product_month')})"
        f", receipt AS (INSERT INTO delivery_receipt ({', '.join(_RECEIPT_COLUMNS)}) SELECT {receipt} FROM day)"
        + (" SELECT (SELECT count(*) FROM allowed), (SELECT id FROM day)" if touch else " SELECT id FROM day")
    )


def _naive(moment: datetime) -> datetime:
    """As ``UTCDateTime`` stores it: naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _json_rows(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    return json.dumps([{c: row[c] for c in columns} for row in rows], ensure_ascii=False)


def _new_day_params(
    outlet: ProvinceOutlet, summary: DailySummary, body: bytes, source: str, now: datetime, digest: str,
    token_hash: str | None,
) -> tuple[dict[str, Any], dict[str, object]]:
    """The new-day statement's parameters, and the acknowledgement it stores."""
    weights = [rollup.weighed(p.unit, p.by_weight, summary.cash_rounding is not None) for p in summary.products]
    ack = _ack(outlet, summary, "stored", summary.revision, now)
    params = _day_values(summary, body, source, now)
    params["received_at"], params["generated_at"] = _naive(now), _naive(summary.generated_at)
    outlet_month, payment_month, product_month = rollup.summary_upserts(outlet.id, summary, weights)
    params["m_month"] = outlet_month.rows[0]["month"]
    receipt = _receipt(outlet, summary, digest, ack, source, now)
    params.update({f"r_{c}": v for c, v in receipt.items() if c not in _RECEIPT_FROM_DAY})
    params.update(
        outlet_id=outlet.id,
        business_day=summary.business_day,
        key=summary.idempotency_key,
        token_hash=token_hash,
        lines=json.dumps(_line_rows(summary, weights), ensure_ascii=False),
        payments=_json_rows(_payment_rows(0, summary), _PAYMENT_COLUMNS),
        payment_months=_json_rows(payment_month.rows, _PAYMENT_MONTH_COLUMNS),
        product_months=_json_rows(product_month.rows, _PRODUCT_MONTH_COLUMNS),
    )
    return params, ack


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
    digest = body_hash(body)
    params, ack = _new_day_params(outlet, summary, body, source, now, digest, token_hash)
    sql = touch = _touch_sql(token_hash is not None)
    try:
        with raw.pipeline():
            touched = raw.execute(touch, params)
            sql = _LOOKUP_SQL
            lookup = raw.execute(_LOOKUP_SQL, params)
            sql, names = _new_day_statement(token_hash is not None)
            stored = psycopg.RawCursor(raw).execute(sql, [params[name] for name in names])
            gone = touched.fetchone() is None
            found = lookup.fetchone()
            stored_id = stored.fetchone()
        if gone:
            raise OutletGone(outlet.code)
        if stored_id is None:
            return _not_new(session, raw, outlet, summary, body, source, now, digest, found)
    except psycopg.Error as exc:
        raise DBAPIError.instance(sql, None, exc, psycopg.Error) from exc
    if summary.stock is not None:
        record_stock(session, outlet, summary, now)
    return IngestResult(ack, replayed=False)


async def ingest_new_day(
    conn: Any, outlet: ProvinceOutlet, summary: DailySummary, body: bytes, *, token_hash: str | None,
    now: datetime | None = None,
) -> IngestResult | None:
    """The API's common case on PostgreSQL, a new day without stock, stored by one statement on ``conn`` (a
    ``psycopg.AsyncConnection`` in autocommit: the statement is its own transaction; no ORM session, no worker
    thread): the outlet's sync time recorded (its row held, the token checked), the day written whole or not at all.

    ``None`` when it was not new (a replay, a reused key, another revision of a stored day): nothing was written
    but the outlet's sync time, and the caller stores it through ``ingest`` in a transaction of its own, which
    looks again. ``OutletGone`` (nothing written) when the token is no longer the outlet's."""
    import psycopg

    assert summary.stock is None, "the stock is stored through the session: ingest"
    assert conn.autocommit, "the statement is its own transaction"
    now = now or utcnow()
    params, ack = _new_day_params(outlet, summary, body, "api", now, body_hash(body), token_hash)
    sql, names = _new_day_statement(token_hash is not None, touch=True)
    try:
        cursor = await psycopg.AsyncRawCursor(conn).execute(sql, [params[name] for name in names])
        row = await cursor.fetchone()
    except psycopg.Error as exc:
        raise DBAPIError.instance(sql, None, exc, psycopg.Error) from exc
    assert row is not None  # (the statement answers one row)
    allowed, stored_id = row
    if not allowed:
        raise OutletGone(outlet.code)
    return IngestResult(ack, replayed=False) if stored_id is not None else None


def _not_new(
    session: Session,
    raw: Any,
    outlet: ProvinceOutlet,
    summary: DailySummary,
    body: bytes,
    source: str,
    now: datetime,
    digest: str,
    found: tuple[Any, ...],
) -> IngestResult:
    """The day was not stored as new: a replay (or a key reused), an older revision (superseded) or a newer one.
    ``found``: the lookup's row (the key's receipt, then the day)."""
    if found[0] is None and found[3] is None:
        # Neither was known when looked up, yet one was when storing: committed in between (another outlet's
        # delivery of the same key). Look again, now that it is there.
        found = raw.execute(_LOOKUP_SQL, {"key": summary.idempotency_key, "outlet_id": outlet.id,
                                          "business_day": summary.business_day}).fetchone()
        if found[0] is None and found[3] is None:
            raise RuntimeError(f"summary {summary.idempotency_key}: neither stored nor found")
    if found[0] is not None:
        body_sha256, owner, ack_text = found[:3]
        if body_sha256 != digest or owner != outlet.id:
            raise KeyReused(summary.idempotency_key)
        return IngestResult(json.loads(ack_text), replayed=True)
    names = ("id", "outlet_id", "business_day", "revision", *rollup.DAY_SUMS)
    current = _Row(dict(zip(names, found[3:], strict=True)))
    if summary.revision > current.revision:
        return _ingest_portable_newer(session, outlet, summary, body, source, now, digest, current)
    ack = _ack(outlet, summary, "superseded", current.revision, now)
    receipt = _receipt(outlet, summary, digest, ack, source, now)
    receipt["received_at"] = _naive(now)
    raw.execute(_insert_receipt_sql(), receipt)
    if summary.stock is not None:
        record_stock(session, outlet, summary, now)
    return IngestResult(ack, replayed=False)


@functools.cache
def _insert_receipt_sql() -> str:
    return (f"INSERT INTO delivery_receipt ({', '.join(_RECEIPT_COLUMNS)})"
            f" VALUES ({', '.join(f'%({c})s' for c in _RECEIPT_COLUMNS)})")


class _Row:
    """A stored day's columns by name (what ``rollup.remove_row`` reads)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        self.revision: int = values["revision"]
        self.id: int = values["id"]


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


def _payment_rows(summary_id: int, s: DailySummary) -> list[dict[str, Any]]:
    """A row per method paid or refunded, in the methods' order."""
    return [{"summary_id": summary_id, "method": m, "amount": s.payments.get(m, 0), "refunds": s.refunds.get(m, 0)}
            for m in sorted(set(s.payments) | set(s.refunds))]


def _product_rows(summary_id: int, s: DailySummary, weights: list[bool]) -> list[dict[str, Any]]:
    return [{"summary_id": summary_id, **line} for line in _line_rows(s, weights)]


def _line_rows(s: DailySummary, weights: list[bool]) -> list[dict[str, Any]]:
    """The product lines' columns but ``summary_id`` (``_LINE_COLUMNS``)."""
    return [
        {
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
    payments = _payment_rows(summary_id, s)
    if payments:
        conn.execute(insert(PAYMENTS), payments)
