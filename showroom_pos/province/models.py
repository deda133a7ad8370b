"""The province server's own data model (SQLite or PostgreSQL), migrated by ``db/province_migrations``.

Nothing here is shared with the outlet's database: the two evolve separately and meet only in the
JSON of the protocol (``showroom_pos.core.summary``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Naive UTC in the database, aware UTC in Python (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProvinceOutlet(Base):
    """A showroom known to the province; its token is stored only as a SHA-256 hash.

    ``opened_on``: its first business day (earlier days are refused as implausible; None: not known, only
    the protocol's bounds). ``address``, ``phone`` and ``map_url`` are shown to the public. ``usb_key``: the
    key that checks its USB files, wrapped with the server's secret (``usbkey``), never the key itself."""

    __tablename__ = "outlet"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_on: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    map_url: Mapped[str] = mapped_column(String(500), default="")
    usb_key: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (CheckConstraint("length(code) > 0", name="code_not_empty"),)


class StaffUser(Base):
    """A province officer who may read the dashboard (``role`` admin may also upload files)."""

    __tablename__ = "staff_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10), default="officer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (CheckConstraint("role IN ('officer', 'admin')", name="role"),)


class WebSession(Base):
    __tablename__ = "web_session"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


FIGURE_INDEX = (
    "business_day",
    "outlet_id",
    "receipts",
    "gross",
    "discounts",
    "returns",
    "net",
    "vat",
    "cash_over_short",
    "cash_rounding",
)


class DailySummaryRow(Base):
    """The newest revision received for one outlet and business day (older ones never overwrite it)."""

    __tablename__ = "daily_summary"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id"))
    business_day: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(10), default="api")
    receipts: Mapped[int] = mapped_column(Integer)
    voided: Mapped[int] = mapped_column(Integer, default=0)
    gross: Mapped[int] = mapped_column(BigInteger)
    discounts: Mapped[int] = mapped_column(BigInteger)
    returns: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    qty_sold: Mapped[int] = mapped_column(BigInteger)
    qty_returned: Mapped[int] = mapped_column(BigInteger)
    cash_over_short: Mapped[int] = mapped_column(BigInteger, default=0)
    shifts_closed: Mapped[int] = mapped_column(Integer, default=0)
    cash_rounding: Mapped[int | None] = mapped_column(BigInteger)  # None: an outlet before protocol 1.1
    payload: Mapped[str] = mapped_column(Text)

    products: Mapped[list[SummaryProduct]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    payments: Mapped[list[SummaryPayment]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    __table_args__ = (
        UniqueConstraint("outlet_id", "business_day"),
        CheckConstraint("revision > 0", name="revision"),
        # Covering: a range of days reads its figures from the index alone (the row holds the payload, kilobytes).
        Index("ix_daily_summary_figures", *FIGURE_INDEX),
    )


class SummaryProduct(Base):
    __tablename__ = "summary_product"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("daily_summary.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(300))
    barcode: Mapped[str | None] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    producer: Mapped[str | None] = mapped_column(String(300))
    producer_code: Mapped[str | None] = mapped_column(String(300))
    stars: Mapped[int | None] = mapped_column(Integer)
    ocop_group: Mapped[str | None] = mapped_column(String(300))
    province_ref: Mapped[str | None] = mapped_column(String(300))
    qty_sold: Mapped[int] = mapped_column(BigInteger)
    qty_returned: Mapped[int] = mapped_column(BigInteger)
    gross: Mapped[int] = mapped_column(BigInteger)
    discounts: Mapped[int] = mapped_column(BigInteger)
    returns: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)
    by_weight: Mapped[bool] = mapped_column(Boolean, default=False)  # quantities in grams


class SummaryPayment(Base):
    __tablename__ = "summary_payment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("daily_summary.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    refunds: Mapped[int] = mapped_column(BigInteger, default=0)
    __table_args__ = (UniqueConstraint("summary_id", "method"),)


class DeliveryReceipt(Base):
    """Every idempotency key ever acknowledged, with the acknowledgement sent: a replay gets it back."""

    __tablename__ = "delivery_receipt"
    idempotency_key: Mapped[str] = mapped_column(String(36), primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id"), index=True)
    business_day: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer)
    body_sha256: Mapped[str] = mapped_column(String(64))
    ack: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="api")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutletMonth(Base):
    """One outlet's month: the sums of its days' newest revisions (``rollup`` keeps it in the ingest's
    transaction), so that a year of staff pages reads a few rows per outlet instead of every day."""

    __tablename__ = "outlet_month"
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    days: Mapped[int] = mapped_column(Integer, default=0)
    receipts: Mapped[int] = mapped_column(BigInteger, default=0)
    voided: Mapped[int] = mapped_column(BigInteger, default=0)
    gross: Mapped[int] = mapped_column(BigInteger, default=0)
    discounts: Mapped[int] = mapped_column(BigInteger, default=0)
    returns: Mapped[int] = mapped_column(BigInteger, default=0)
    net: Mapped[int] = mapped_column(BigInteger, default=0)
    vat: Mapped[int] = mapped_column(BigInteger, default=0)
    qty_sold: Mapped[int] = mapped_column(BigInteger, default=0)
    qty_returned: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_over_short: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_rounding: Mapped[int] = mapped_column(BigInteger, default=0)
    shifts_closed: Mapped[int] = mapped_column(BigInteger, default=0)
    __table_args__ = (Index("ix_outlet_month_month", "month"),)


class PaymentMonth(Base):
    __tablename__ = "payment_month"
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    method: Mapped[str] = mapped_column(String(10), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    refunds: Mapped[int] = mapped_column(BigInteger, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_payment_month_month", "month"),)


class ProductMonth(Base):
    """One outlet's month of one product as the outlet named it (every attribute the pages group by is part
    of its identity, ``key`` their hash: a unique index on the texts themselves could be too wide)."""

    __tablename__ = "product_month"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)
    key: Mapped[str] = mapped_column(String(32))
    sku: Mapped[str] = mapped_column(String(300))
    barcode: Mapped[str | None] = mapped_column(String(300))
    province_ref: Mapped[str | None] = mapped_column(String(300))
    producer: Mapped[str | None] = mapped_column(String(300))
    producer_code: Mapped[str | None] = mapped_column(String(300))
    stars: Mapped[int | None] = mapped_column(Integer)
    ocop_group: Mapped[str | None] = mapped_column(String(300))
    by_weight: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(300))  # the greatest of its days' names (as ``max(name)`` reads)
    qty_sold: Mapped[int] = mapped_column(BigInteger, default=0)
    qty_returned: Mapped[int] = mapped_column(BigInteger, default=0)
    gross: Mapped[int] = mapped_column(BigInteger, default=0)
    discounts: Mapped[int] = mapped_column(BigInteger, default=0)
    returns: Mapped[int] = mapped_column(BigInteger, default=0)
    net: Mapped[int] = mapped_column(BigInteger, default=0)
    vat: Mapped[int] = mapped_column(BigInteger, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)  # product lines summed in: 0 → the row goes
    __table_args__ = (
        UniqueConstraint("outlet_id", "month", "key"),
        Index("ix_product_month_month", "month"),
    )


class ProvinceSetting(Base):
    """The province's own settings, edited by administrators (``settings``): its name on the public pages…"""

    __tablename__ = "province_setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Counter(Base):
    """Monotonic counters (the catalogue's change counter) that work the same on SQLite and PostgreSQL."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class CatalogueProducer(Base):
    __tablename__ = "catalogue_producer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    commune: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (CheckConstraint("kind IN ('enterprise', 'cooperative', 'coop_group', 'household')", name="kind"),)


class CatalogueProduct(Base):
    """A certified OCOP product as the province publishes it; ``ref`` is its stable identity."""

    __tablename__ = "catalogue_product"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(60), unique=True)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), default="")
    barcodes: Mapped[str] = mapped_column(String(400), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    ocop_group: Mapped[str | None] = mapped_column(String(20))
    stars: Mapped[int | None] = mapped_column(Integer)
    producer_code: Mapped[str | None] = mapped_column(String(30))
    certificate_no: Mapped[str | None] = mapped_column(String(60))
    certificate_signed: Mapped[date | None] = mapped_column(Date)
    certificate_expires: Mapped[date | None] = mapped_column(Date)
    reference_price: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), default="certified")
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint("stars IS NULL OR stars BETWEEN 3 AND 5", name="stars"),
        CheckConstraint("status IN ('certified', 'revoked')", name="status"),
    )


# The programme view's tables (stock, photos, targets) share this metadata and its Alembic history.
from . import programme_models as _programme_models  # noqa: E402, F401
