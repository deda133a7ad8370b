"""Province, issue 19: monthly rollups per outlet (outlet_month, payment_month, product_month) filled from the
days already stored; cash rounding of a day (protocol 1.1) and goods sold by weight; an outlet's first business
day, address, phone and map link, and its wrapped USB key; the province's own settings.

``opened_on`` of an existing outlet is the earlier of its registration day and its first stored day, so no day
it already sent is refused when it sends it again. ``by_weight`` of stored product lines and ``cash_rounding``
of a day are read back from each day's payload (unit kg/g for outlets before protocol 1.1).

Revision ID: p0003
Revises: p0002
Create Date: 2026-12-03 08:00:00
"""

import json
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

from showroom_pos.province.rollup import product_key, weighed

revision: str = "p0003"
down_revision: str | None = "p0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DAY_SUMS = ("receipts", "voided", "gross", "discounts", "returns", "net", "vat", "qty_sold", "qty_returned",
            "cash_over_short", "cash_rounding", "shifts_closed")
ATTRS = ("sku", "barcode", "province_ref", "producer", "producer_code", "stars", "ocop_group", "by_weight")
PSUMS = ("qty_sold", "qty_returned", "gross", "discounts", "returns", "net", "vat")
FIGURE_INDEX = ("business_day", "outlet_id", "receipts", "gross", "discounts", "returns", "net", "vat",
                "cash_over_short", "cash_rounding")


def _month(column: sa.ColumnElement) -> sa.ColumnElement:
    if op.get_bind().dialect.name == "postgresql":
        return sa.cast(sa.func.date_trunc("month", column), sa.Date)
    return sa.func.date(column, "start of month")


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def upgrade() -> None:
    with op.batch_alter_table("outlet") as batch:
        batch.add_column(sa.Column("opened_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("address", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("phone", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("map_url", sa.String(500), nullable=False, server_default=""))
        batch.add_column(sa.Column("usb_key", sa.String(64), nullable=True))
    with op.batch_alter_table("daily_summary") as batch:
        batch.add_column(sa.Column("cash_rounding", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("summary_product") as batch:
        batch.add_column(sa.Column("by_weight", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Covering the figures of a range of days (the row itself carries the payload, kilobytes of JSON).
    op.drop_index("ix_daily_summary_day", "daily_summary")
    op.create_index("ix_daily_summary_figures", "daily_summary", list(FIGURE_INDEX))

    op.create_table(
        "outlet_month",
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in DAY_SUMS),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"], name=op.f("fk_outlet_month_outlet_id_outlet"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outlet_id", "month", name=op.f("pk_outlet_month")),
    )
    op.create_index("ix_outlet_month_month", "outlet_month", ["month"])
    op.create_table(
        "payment_month",
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("refunds", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"], name=op.f("fk_payment_month_outlet_id_outlet"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outlet_id", "month", "method", name=op.f("pk_payment_month")),
    )
    op.create_index("ix_payment_month_month", "payment_month", ["month"])
    op.create_table(
        "product_month",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("sku", sa.String(300), nullable=False),
        sa.Column("barcode", sa.String(300), nullable=True),
        sa.Column("province_ref", sa.String(300), nullable=True),
        sa.Column("producer", sa.String(300), nullable=True),
        sa.Column("producer_code", sa.String(300), nullable=True),
        sa.Column("stars", sa.Integer(), nullable=True),
        sa.Column("ocop_group", sa.String(300), nullable=True),
        sa.Column("by_weight", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in PSUMS),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"], name=op.f("fk_product_month_outlet_id_outlet"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_month")),
        sa.UniqueConstraint("outlet_id", "month", "key", name=op.f("uq_product_month_outlet_id_month_key")),
    )
    op.create_index("ix_product_month_month", "product_month", ["month"])
    op.create_table(
        "province_setting",
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(60), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_province_setting")),
    )
    _fill()


def _fill() -> None:
    bind = op.get_bind()
    outlet = sa.table("outlet", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime),
                      sa.column("opened_on", sa.Date))
    day = sa.table("daily_summary", sa.column("id", sa.Integer), sa.column("outlet_id", sa.Integer),
                   sa.column("business_day", sa.Date), sa.column("payload", sa.Text),
                   *(sa.column(n, sa.BigInteger) for n in DAY_SUMS))
    product = sa.table("summary_product", sa.column("id", sa.Integer), sa.column("summary_id", sa.Integer),
                       sa.column("sku", sa.String), sa.column("barcode", sa.String),
                       sa.column("province_ref", sa.String), sa.column("producer", sa.String),
                       sa.column("producer_code", sa.String), sa.column("stars", sa.Integer),
                       sa.column("ocop_group", sa.String), sa.column("by_weight", sa.Boolean),
                       sa.column("name", sa.String), *(sa.column(n, sa.BigInteger) for n in PSUMS))
    payment = sa.table("summary_payment", sa.column("summary_id", sa.Integer), sa.column("method", sa.String),
                       sa.column("amount", sa.BigInteger), sa.column("refunds", sa.BigInteger))

    first_days = dict(bind.execute(sa.select(day.c.outlet_id, sa.func.min(day.c.business_day))
                                   .group_by(day.c.outlet_id)).all())
    for outlet_id, created_at in bind.execute(sa.select(outlet.c.id, outlet.c.created_at)).all():
        opened = created_at.date()
        if outlet_id in first_days:
            opened = min(opened, _as_date(first_days[outlet_id]))
        bind.execute(outlet.update().where(outlet.c.id == outlet_id).values(opened_on=opened))

    # Goods sold by weight, as each stored day said (or by its unit, before protocol 1.1), and its cash rounding.
    for summary_id, payload in bind.execute(sa.select(day.c.id, day.c.payload)).all():
        try:
            data = json.loads(payload)
        except ValueError:
            continue
        newer = isinstance(data.get("cash_rounding"), int)
        if newer:
            bind.execute(day.update().where(day.c.id == summary_id).values(cash_rounding=data["cash_rounding"]))
        skus = [p.get("sku") for p in data.get("products", []) if isinstance(p, dict)
                and weighed(str(p.get("unit") or ""), p.get("by_weight") is True, newer)]
        if skus:
            bind.execute(product.update().where(product.c.summary_id == summary_id, product.c.sku.in_(skus))
                         .values(by_weight=True))

    month = _month(day.c.business_day)
    rows = bind.execute(
        sa.select(day.c.outlet_id, month, sa.func.count(),
                  *(sa.func.coalesce(sa.func.sum(day.c[n]), 0) for n in DAY_SUMS))
        .group_by(day.c.outlet_id, month)
    ).all()
    outlet_month = sa.table("outlet_month", sa.column("outlet_id", sa.Integer), sa.column("month", sa.Date),
                            sa.column("days", sa.Integer), *(sa.column(n, sa.BigInteger) for n in DAY_SUMS))
    if rows:
        bind.execute(outlet_month.insert(), [
            {"outlet_id": r[0], "month": _as_date(r[1]), "days": r[2], **dict(zip(DAY_SUMS, r[3:], strict=True))}
            for r in rows
        ])
    rows = bind.execute(
        sa.select(day.c.outlet_id, month, payment.c.method, sa.func.sum(payment.c.amount),
                  sa.func.sum(payment.c.refunds), sa.func.count())
        .select_from(payment.join(day, day.c.id == payment.c.summary_id))
        .group_by(day.c.outlet_id, month, payment.c.method)
    ).all()
    payment_month = sa.table("payment_month", sa.column("outlet_id", sa.Integer), sa.column("month", sa.Date),
                             sa.column("method", sa.String), sa.column("amount", sa.BigInteger),
                             sa.column("refunds", sa.BigInteger), sa.column("lines", sa.Integer))
    if rows:
        bind.execute(payment_month.insert(), [
            {"outlet_id": r[0], "month": _as_date(r[1]), "method": r[2], "amount": r[3], "refunds": r[4],
             "lines": r[5]}
            for r in rows
        ])
    attrs = [product.c[a] for a in ATTRS]
    rows = bind.execute(
        sa.select(day.c.outlet_id, month, *attrs, sa.func.max(product.c.name),
                  *(sa.func.sum(product.c[n]) for n in PSUMS), sa.func.count())
        .select_from(product.join(day, day.c.id == product.c.summary_id))
        .group_by(day.c.outlet_id, month, *attrs)
    ).all()
    product_month = sa.table("product_month", sa.column("outlet_id", sa.Integer), sa.column("month", sa.Date),
                             sa.column("key", sa.String), *(sa.column(a) for a in ATTRS),
                             sa.column("name", sa.String), *(sa.column(n, sa.BigInteger) for n in PSUMS),
                             sa.column("lines", sa.Integer))
    batch: list[dict[str, object]] = []
    for r in rows:
        values = list(r[2 : 2 + len(ATTRS)])
        values[ATTRS.index("by_weight")] = bool(values[ATTRS.index("by_weight")])
        sums = r[3 + len(ATTRS) : 3 + len(ATTRS) + len(PSUMS)]
        batch.append({"outlet_id": r[0], "month": _as_date(r[1]), "key": product_key(values),
                      **dict(zip(ATTRS, values, strict=True)), "name": r[2 + len(ATTRS)],
                      **dict(zip(PSUMS, (int(v or 0) for v in sums), strict=True)), "lines": r[-1]})
        if len(batch) >= 5000:
            bind.execute(product_month.insert(), batch)
            batch = []
    if batch:
        bind.execute(product_month.insert(), batch)


def downgrade() -> None:
    op.drop_table("province_setting")
    op.drop_index("ix_product_month_month", "product_month")
    op.drop_table("product_month")
    op.drop_index("ix_payment_month_month", "payment_month")
    op.drop_table("payment_month")
    op.drop_index("ix_outlet_month_month", "outlet_month")
    op.drop_table("outlet_month")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy would drop ``outlet``, which others refer to.
    op.drop_column("summary_product", "by_weight")
    op.drop_index("ix_daily_summary_figures", "daily_summary")
    op.create_index("ix_daily_summary_day", "daily_summary", ["business_day"])
    op.drop_column("daily_summary", "cash_rounding")
    for name in ("usb_key", "map_url", "phone", "address", "opened_on"):
        op.drop_column("outlet", name)
