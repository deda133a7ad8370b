"""The outlet's data model: SQLAlchemy 2.0 typed models.

Money is whole đồng (``int``), quantities are ints in the product's base unit (grams for goods sold
by weight), times are UTC, and every document created on the till has a UUID. Constraints make bad
states impossible rather than merely unlikely; they are named by the convention below so that Alembic
batch migrations on SQLite can find them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from sqlalchemy import (
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
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from showroom_pos.core.text import vietnamese_sort_text

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands back aware UTC: SQLite has no time zones."""

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


def new_uuid() -> str:
    return str(uuid.uuid4())


UUIDPk = Annotated[str, mapped_column(String(36), primary_key=True, default=new_uuid)]
IntPk = Annotated[int, mapped_column(Integer, primary_key=True, autoincrement=True)]
Money = Annotated[int, mapped_column(Integer)]
Created = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow)]
Str = Annotated[str, mapped_column(String(200))]
OptStr = Annotated[str | None, mapped_column(String(200))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- identity ---------------------------------------------------------------------------------------


class Outlet(Base):
    """This showroom. One row; its code identifies it to the province."""

    __tablename__ = "outlet"
    id: Mapped[IntPk]
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[Str]
    address: Mapped[str] = mapped_column(String(300), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[Created]
    __table_args__ = (CheckConstraint("length(code) > 0", name="code_not_empty"),)


class Terminal(Base):
    """One till. Its code prefixes its receipt numbers (``CL01-260128-0042``)."""

    __tablename__ = "terminal"
    id: Mapped[IntPk]
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id"))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[Created]


class User(Base):
    __tablename__ = "user"
    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Locks since the last right PIN or an administrator's unlock: each lasts longer (services.users).
    lockouts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[Created]
    __table_args__ = (
        CheckConstraint("role IN ('cashier', 'manager', 'admin')", name="role"),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts"),
        CheckConstraint("lockouts >= 0", name="lockouts"),
    )


class Setting(Base):
    """Business settings (printer, bank account, province server…); UI preferences live in QSettings."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[Created]


# --- catalogue --------------------------------------------------------------------------------------

PRODUCER_KINDS = ("enterprise", "cooperative", "coop_group", "household")
OCOP_GROUPS = ("food", "beverage", "herbal", "handicraft", "ornamental", "tourism")


class Producer(Base):
    """An OCOP producer ("chủ thể OCOP"), often the consignor of what the showroom sells."""

    __tablename__ = "producer"
    id: Mapped[IntPk]
    code: Mapped[str | None] = mapped_column(String(30), unique=True)
    name: Mapped[Str]
    name_folded: Mapped[str] = mapped_column(String(200), index=True, default="")
    kind: Mapped[str] = mapped_column(String(20))
    tax_code: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")
    sells_modern_channels: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[Created]
    updated_at: Mapped[Created]
    __table_args__ = (
        CheckConstraint(
            "kind IN ('enterprise', 'cooperative', 'coop_group', 'household')", name="kind"
        ),
    )


class ProducerCommission(Base):
    """The showroom's consignment commission on a producer's sales, with its history."""

    __tablename__ = "producer_commission"
    id: Mapped[IntPk]
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    rate_bp: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("rate_bp BETWEEN 0 AND 10000", name="rate_bp"),
        UniqueConstraint("producer_id", "valid_from"),
    )


class VatRate(Base):
    """VAT rates are data with validity dates (10% → 8% from 2025-07-01 to 2026-12-31)."""

    __tablename__ = "vat_rate"
    id: Mapped[IntPk]
    category: Mapped[str] = mapped_column(String(20))
    rate_bp: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("rate_bp BETWEEN 0 AND 10000", name="rate_bp"),
        UniqueConstraint("category", "valid_from"),
    )


def _name_sort_of_new_row(context: DefaultExecutionContext) -> str:
    """A new product's ``name_sort``, from the name it is inserted with."""
    return vietnamese_sort_text(context.get_current_parameters()["name"])


class Product(Base):
    __tablename__ = "product"
    id: Mapped[IntPk]
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True, default="")
    # The name's place in Vietnamese order (``core.text.vietnamese_sort_text``), so that a list of products is read
    # in that order a page at a time (migration 0014): set from the name when a product is inserted, and by the
    # catalogue service when it is renamed.
    name_sort: Mapped[str] = mapped_column(String(600), default=_name_sort_of_new_row)
    unit: Mapped[str] = mapped_column(String(20), default="cái")
    sold_by_weight: Mapped[bool] = mapped_column(Boolean, default=False)
    price: Mapped[Money]
    cost: Mapped[int | None] = mapped_column(Integer)
    vat_category: Mapped[str] = mapped_column(String(20), default="standard")
    ocop_group: Mapped[str | None] = mapped_column(String(20))
    stars: Mapped[int | None] = mapped_column(Integer)
    certificate_no: Mapped[str | None] = mapped_column(String(60))
    certificate_signed: Mapped[date | None] = mapped_column(Date)
    certificate_expires: Mapped[date | None] = mapped_column(Date)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producer.id"), index=True)
    consigned: Mapped[bool] = mapped_column(Boolean, default=False)
    reorder_level: Mapped[int] = mapped_column(Integer, default=0)
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    quick_key: Mapped[int | None] = mapped_column(Integer)
    photo_path: Mapped[str | None] = mapped_column(String(400))
    province_ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    created_at: Mapped[Created]
    updated_at: Mapped[Created]

    producer: Mapped[Producer | None] = relationship()
    barcodes: Mapped[list[ProductBarcode]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductBarcode.id"
    )
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("cost IS NULL OR cost >= 0", name="cost_non_negative"),
        CheckConstraint("stars IS NULL OR stars BETWEEN 3 AND 5", name="stars"),
        CheckConstraint("reorder_level >= 0", name="reorder_level"),
        CheckConstraint(
            "ocop_group IS NULL OR ocop_group IN "
            "('food', 'beverage', 'herbal', 'handicraft', 'ornamental', 'tourism')",
            name="ocop_group",
        ),
        CheckConstraint(
            "certificate_expires IS NULL OR certificate_signed IS NULL "
            "OR certificate_expires > certificate_signed",
            name="certificate_dates",
        ),
        CheckConstraint("length(sku) > 0", name="sku_not_empty"),
        Index("ix_product_sku_nocase", text("sku COLLATE NOCASE")),  # a SKU typed at the till, in any case
        # The till's search reads the active products in Vietnamese order from this index (migrations 0009, 0015).
        Index("ix_product_search", "name_sort", "id", "name_folded", "sku", sqlite_where=text("active")),
        # The catalogue's lists, in pages (0014), holding what their searches match (0017).
        Index("ix_product_name_sort", "name_sort", "id", "active", "name_folded", "sku", "producer_id"),
    )


class ProductBarcode(Base):
    """A product may carry several codes (GS1 EAN, an older label, an in-store ``2…`` code)."""

    __tablename__ = "product_barcode"
    id: Mapped[IntPk]
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    product: Mapped[Product] = relationship(back_populates="barcodes")
    __table_args__ = (CheckConstraint("length(code) > 0", name="code_not_empty"),)


# --- stock ------------------------------------------------------------------------------------------

MOVEMENT_KINDS = ("receipt", "sale", "return", "adjustment", "count", "consignment_return", "void")


class StockMovement(Base):
    """The stock ledger. ``product.on_hand`` always equals the sum of a product's movements."""

    __tablename__ = "stock_movement"
    id: Mapped[UUIDPk]
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    kind: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    ref_type: Mapped[str | None] = mapped_column(String(20))
    ref_id: Mapped[str | None] = mapped_column(String(36))
    batch_no: Mapped[str | None] = mapped_column(String(40))
    best_before: Mapped[date | None] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    business_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[Created]
    __table_args__ = (
        CheckConstraint("qty <> 0", name="qty_non_zero"),
        CheckConstraint("unit_cost IS NULL OR unit_cost >= 0", name="unit_cost"),
        CheckConstraint(
            "kind IN ('receipt', 'sale', 'return', 'adjustment', 'count', 'consignment_return', 'void')",
            name="kind",
        ),
        Index("ix_stock_movement_product_day", "product_id", "business_day"),
        # The products that ever came with a best-before date, for the stock alerts (migration 0013).
        Index("ix_stock_movement_dated", "product_id", sqlite_where=text("best_before IS NOT NULL")),
    )


class GoodsReceipt(Base):
    """Goods delivered by a producer (consigned or purchased), posted in one transaction."""

    __tablename__ = "goods_receipt"
    id: Mapped[UUIDPk]
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producer.id"))
    delivery_note_no: Mapped[str] = mapped_column(String(60), default="")
    consigned: Mapped[bool] = mapped_column(Boolean, default=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    business_day: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[Created]


class GoodsReceiptLine(Base):
    __tablename__ = "goods_receipt_line"
    id: Mapped[IntPk]
    receipt_id: Mapped[str] = mapped_column(ForeignKey("goods_receipt.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    qty: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int] = mapped_column(Integer, default=0)
    batch_no: Mapped[str | None] = mapped_column(String(40))
    best_before: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost"),
    )


class StockCount(Base):
    __tablename__ = "stock_count"
    id: Mapped[UUIDPk]
    status: Mapped[str] = mapped_column(String(10), default="open")
    note: Mapped[str] = mapped_column(Text, default="")
    started_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    started_at: Mapped[Created]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (CheckConstraint("status IN ('open', 'approved', 'cancelled')", name="status"),)


class StockCountLine(Base):
    __tablename__ = "stock_count_line"
    id: Mapped[IntPk]
    count_id: Mapped[str] = mapped_column(ForeignKey("stock_count.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    counted: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("counted >= 0", name="counted"),
        UniqueConstraint("count_id", "product_id"),
    )


class ConsignmentSettlement(Base):
    """A producer's settled period: locked once settled, so its figures never change."""

    __tablename__ = "consignment_settlement"
    id: Mapped[UUIDPk]
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    qty_received: Mapped[int] = mapped_column(Integer, default=0)
    qty_sold: Mapped[int] = mapped_column(Integer, default=0)
    qty_returned: Mapped[int] = mapped_column(Integer, default=0)
    qty_on_hand: Mapped[int] = mapped_column(Integer, default=0)
    sales_value: Mapped[Money]
    commission_bp: Mapped[int] = mapped_column(Integer)
    commission: Mapped[Money]
    payable: Mapped[Money]
    settled_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    settled_at: Mapped[Created]
    # The statement's lines and commission-rate segments as settled (JSON), so it reprints unchanged.
    detail: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period"),
        CheckConstraint("sales_value >= 0 AND commission >= 0 AND payable >= 0", name="money"),
        UniqueConstraint("producer_id", "period_start"),
    )


# --- till -------------------------------------------------------------------------------------------


class Shift(Base):
    __tablename__ = "shift"
    id: Mapped[UUIDPk]
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    business_day: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[Created]
    opening_float: Mapped[Money]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    expected_cash: Mapped[int | None] = mapped_column(Integer)
    counted_cash: Mapped[int | None] = mapped_column(Integer)
    count_detail: Mapped[str | None] = mapped_column(Text)
    z_report: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("opening_float >= 0", name="opening_float"),
        CheckConstraint("counted_cash IS NULL OR counted_cash >= 0", name="counted_cash"),
        # One open shift per till. (The outlet's database is SQLite only: a ``postgresql_where`` here made
        # SQLAlchemy import its PostgreSQL dialect at every start of the till.)
        Index("ux_shift_open_terminal", "terminal_id", unique=True, sqlite_where=text("closed_at IS NULL")),
    )


class CashMovement(Base):
    """Cash put in or taken out of the drawer during a shift, with a reason."""

    __tablename__ = "cash_movement"
    id: Mapped[UUIDPk]
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), index=True)
    amount: Mapped[Money]
    reason: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[Created]
    __table_args__ = (CheckConstraint("amount <> 0", name="amount_non_zero"),)


class Sale(Base):
    __tablename__ = "sale"
    id: Mapped[UUIDPk]
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id"))
    receipt_seq: Mapped[int] = mapped_column(Integer)
    business_day: Mapped[date] = mapped_column(Date)
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[Created]
    status: Mapped[str] = mapped_column(String(10), default="completed")
    subtotal: Mapped[Money]
    line_discount: Mapped[Money]
    cart_discount: Mapped[Money]
    vat_total: Mapped[Money]
    total: Mapped[Money]
    paid: Mapped[Money]
    change_due: Mapped[Money]
    # Cash paid − the exact amount it settled (cash rounding, migration 0008): payments = total + cash_rounding.
    cash_rounding: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    discount_approved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    void_approved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    printed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kept by SQLite triggers on sale_line (migration 0003) for margin reports; never written by services.
    cost_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    costed_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    lines: Mapped[list[SaleLine]] = relationship(back_populates="sale", order_by="SaleLine.line_no")
    payments: Mapped[list[Payment]] = relationship(back_populates="sale", order_by="Payment.id")
    __table_args__ = (
        CheckConstraint(
            "subtotal >= 0 AND line_discount >= 0 AND cart_discount >= 0 AND vat_total >= 0 "
            "AND total >= 0 AND paid >= 0 AND change_due >= 0",
            name="money_non_negative",
        ),
        CheckConstraint("total = subtotal - line_discount - cart_discount", name="total"),
        CheckConstraint("paid = total", name="paid"),
        CheckConstraint("receipt_seq > 0", name="receipt_seq"),
        CheckConstraint("cash_rounding BETWEEN -500 AND 500", name="cash_rounding"),
        CheckConstraint("status IN ('completed', 'voided')", name="status"),
        UniqueConstraint("terminal_id", "business_day", "receipt_seq"),
        Index("ix_sale_business_day", "business_day"),
        Index("ix_sale_report_day", "business_day", "status", "subtotal", "line_discount", "cart_discount", "total",
              "vat_total", "costed_total", "cost_total", "user_id", "created_at", "id"),  # migration 0003
        Index("ix_sale_terminal_latest", "terminal_id", "created_at", "receipt_no"),  # a till's last sale (0016)
    )


class SaleLine(Base):
    """A line as sold: name, price and VAT are copied so history never changes with the catalogue."""

    __tablename__ = "sale_line"
    id: Mapped[IntPk]
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    sku: Mapped[str] = mapped_column(String(40))
    barcode: Mapped[str | None] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    sold_by_weight: Mapped[bool] = mapped_column(Boolean, default=False)
    qty: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Money]
    list_price: Mapped[Money]
    gross: Mapped[Money]
    line_discount: Mapped[Money]
    cart_discount: Mapped[Money]
    amount: Mapped[Money]
    vat_rate_bp: Mapped[int] = mapped_column(Integer)
    vat_amount: Mapped[Money]
    unit_cost: Mapped[int | None] = mapped_column(Integer)
    stars: Mapped[int | None] = mapped_column(Integer)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producer.id"))
    consigned: Mapped[bool] = mapped_column(Boolean, default=False)
    price_override_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    discount_approved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Copies of the sale's day and status for reports by product (migration 0004): the sale service writes them;
    # SQLite triggers put them right for any other writer (and keep them when the sale changes).
    business_day: Mapped[date | None] = mapped_column(Date)
    counted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    first_of_product: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    sale: Mapped[Sale] = relationship(back_populates="lines")
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint(
            "unit_price >= 0 AND list_price >= 0 AND gross >= 0 AND line_discount >= 0 "
            "AND cart_discount >= 0 AND amount >= 0 AND vat_amount >= 0",
            name="money_non_negative",
        ),
        CheckConstraint("amount = gross - line_discount - cart_discount", name="amount"),
        CheckConstraint("vat_amount <= amount", name="vat"),
        CheckConstraint("stars IS NULL OR stars BETWEEN 3 AND 5", name="stars"),
        UniqueConstraint("sale_id", "line_no"),
        Index("ix_sale_line_product", "product_id"),
        Index("ix_sale_line_report", "product_id", "business_day", "counted", "first_of_product", "qty", "gross",
              "line_discount", "cart_discount", "amount", "vat_amount", "unit_cost", "sold_by_weight", "producer_id",
              "stars", "sale_id"),  # migration 0004
    )


class SaleProductDay(Base):
    """What completed sales sold of one product on one business day: the sums a report by product shows,
    kept by SQLite triggers on ``sale_line`` (migration 0009) so that the report reads one row per product
    sold per day, not every line. Never written by services; a row whose lines went back to 0 may stay."""

    __tablename__ = "sale_product_day"
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    product_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lines: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    receipts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # Σ first_of_product
    qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    gross: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    discounts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    amount: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    vat: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    costed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # amount − VAT, cost known
    cost: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __table_args__ = ({"sqlite_with_rowid": False},)


class SaleProductMonth(Base):
    """``SaleProductDay``'s sums per month ('YYYY-MM') and product, kept by their own triggers on ``sale_line``
    (migration 0012): a report over whole months reads one row per product sold, in product order, instead of
    grouping the days. Never written by services; a row whose lines went back to 0 may stay."""

    __tablename__ = "sale_product_month"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    product_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lines: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    receipts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # Σ first_of_product
    qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    gross: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    discounts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    amount: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    vat: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    costed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # amount − VAT, cost known
    cost: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __table_args__ = ({"sqlite_with_rowid": False},)


PAYMENT_METHODS = ("cash", "card", "transfer", "ewallet")


class Payment(Base):
    """``amount`` is what counts towards the sale; for cash, ``tendered`` − ``amount`` is change."""

    __tablename__ = "payment"
    id: Mapped[IntPk]
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Money]
    tendered: Mapped[Money]
    reference: Mapped[str] = mapped_column(String(100), default="")
    sale: Mapped[Sale] = relationship(back_populates="payments")
    __table_args__ = (
        CheckConstraint("method IN ('cash', 'card', 'transfer', 'ewallet')", name="method"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("tendered >= amount", name="tendered"),
        CheckConstraint("method = 'cash' OR tendered = amount", name="change_only_cash"),
    )


class SaleReturn(Base):
    """Goods brought back against a receipt; never more than was sold (checked by the service)."""

    __tablename__ = "sale_return"
    id: Mapped[UUIDPk]
    return_no: Mapped[str] = mapped_column(String(40), unique=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id"))
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    business_day: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[Created]
    refund_total: Mapped[Money]
    vat_total: Mapped[Money]
    refund_method: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200), default="")
    # Cash handed back − the exact refund (cash rounding of a cash refund, migration 0011); 0 for other methods.
    cash_rounding: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lines: Mapped[list[ReturnLine]] = relationship(back_populates="sale_return")
    __table_args__ = (
        CheckConstraint("refund_total >= 0 AND vat_total >= 0", name="money_non_negative"),
        CheckConstraint("refund_method IN ('cash', 'card', 'transfer', 'ewallet')", name="refund_method"),
        CheckConstraint("cash_rounding BETWEEN -500 AND 500", name="cash_rounding"),
    )

    @property
    def paid_out(self) -> int:
        """What the customer got back (in cash: the exact refund rounded to the cash step)."""
        return self.refund_total + self.cash_rounding


class ReturnLine(Base):
    __tablename__ = "return_line"
    id: Mapped[IntPk]
    return_id: Mapped[str] = mapped_column(ForeignKey("sale_return.id"), index=True)
    sale_line_id: Mapped[int] = mapped_column(ForeignKey("sale_line.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Money]
    vat_amount: Mapped[Money]
    restock: Mapped[bool] = mapped_column(Boolean, default=True)
    write_off_reason: Mapped[str] = mapped_column(String(200), default="")
    sale_return: Mapped[SaleReturn] = relationship(back_populates="lines")
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("amount >= 0 AND vat_amount >= 0 AND vat_amount <= amount", name="money"),
    )


class ParkedCart(Base):
    """A cart in progress or parked: saved on every change so a crash or restart loses nothing."""

    __tablename__ = "parked_cart"
    id: Mapped[UUIDPk]
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    label: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(10), default="active")
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[Created]
    updated_at: Mapped[Created]
    __table_args__ = (CheckConstraint("status IN ('active', 'parked')", name="status"),)


class ReprintQueue(Base):
    """Receipts and reports that did not print; the banner offers to print them again."""

    __tablename__ = "print_job"
    id: Mapped[IntPk]
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(String(40))
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[Created]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- audit and sync ---------------------------------------------------------------------------------


class AuditEvent(Base):
    __tablename__ = "audit_event"
    id: Mapped[IntPk]
    at: Mapped[Created]
    kind: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminal.id"))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")
    __table_args__ = (Index("ix_audit_event_at", "at"),)


class OutboxItem(Base):
    """What the province has not acknowledged yet.

    One row per (kind, business day, revision). While a row is ``pending`` and has no payload, later
    changes to the day are folded into it; once its payload is frozen for sending, a change to that day
    creates the next revision. ``id`` is the idempotency key, reused on every retry.
    """

    __tablename__ = "outbox"
    id: Mapped[UUIDPk]
    kind: Mapped[str] = mapped_column(String(20), default="daily_summary")
    business_day: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    payload: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[Created]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'parked')", name="status"),
        CheckConstraint("revision > 0", name="revision"),
        UniqueConstraint("kind", "business_day", "revision"),
        Index("ix_outbox_status", "status"),
    )


# --- e-invoices (services/einvoice, migration 0010) ---------------------------------------------------

EINVOICE_KINDS = ("invoice", "adjustment", "replacement", "cancellation")


class EInvoice(Base):
    """An e-invoice from the cash register, or a notice about one, and its delivery (this table is its outbox).

    ``number`` is gapless per form, symbol (which holds the year) and is given inside the sale's transaction;
    ``code`` is the tax authority's code when the till composes it (``code_series`` + ``code_seq``). ``xml`` is
    the document as issued, frozen: it is what is delivered, byte for byte, under ``id`` (the idempotency key) on
    every attempt. ``status``: pending until the provider accepts, parked with its reason when it refuses.
    """

    __tablename__ = "einvoice"
    id: Mapped[UUIDPk]
    kind: Mapped[str] = mapped_column(String(12), default="invoice")
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    return_id: Mapped[str | None] = mapped_column(ForeignKey("sale_return.id"))
    related_id: Mapped[str | None] = mapped_column(ForeignKey("einvoice.id"))
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"), index=True)
    rules: Mapped[str] = mapped_column(String(40))
    form: Mapped[str] = mapped_column(String(2))
    symbol: Mapped[str] = mapped_column(String(10))
    number: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(40))
    code_series: Mapped[str | None] = mapped_column(String(30))
    code_seq: Mapped[int | None] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    business_day: Mapped[date] = mapped_column(Date)
    total: Mapped[int] = mapped_column(Integer)  # signed: an adjusting invoice for a return is negative
    vat_total: Mapped[int] = mapped_column(Integer)
    buyer_name: Mapped[str] = mapped_column(String(200), default="")
    buyer_tax_code: Mapped[str] = mapped_column(String(20), default="")
    buyer_address: Mapped[str] = mapped_column(String(300), default="")
    buyer_email: Mapped[str] = mapped_column(String(120), default="")
    buyer_phone: Mapped[str] = mapped_column(String(30), default="")
    buyer_id_no: Mapped[str] = mapped_column(String(20), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    xml: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider: Mapped[str] = mapped_column(String(20), default="")
    provider_ref: Mapped[str] = mapped_column(String(200), default="")
    provider_number: Mapped[str] = mapped_column(String(40), default="")
    lookup_url: Mapped[str] = mapped_column(String(500), default="")
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        CheckConstraint("kind IN ('invoice', 'adjustment', 'replacement', 'cancellation')", name="kind"),
        CheckConstraint("status IN ('pending', 'accepted', 'parked')", name="status"),
        CheckConstraint("number IS NULL OR number > 0", name="number"),
        CheckConstraint("(kind = 'cancellation') = (number IS NULL)", name="numbered"),
        CheckConstraint("attempts >= 0", name="attempts"),
        UniqueConstraint("form", "symbol", "number"),
        UniqueConstraint("code_series", "code_seq"),
        # One invoice per sale; its adjustments, replacements and notices are further rows.
        Index("ux_einvoice_sale_invoice", "sale_id", unique=True, sqlite_where=text("kind = 'invoice'")),
        Index("ix_einvoice_status", "status", "next_attempt_at"),
        Index("ix_einvoice_day", "business_day", "status"),
        Index("ix_einvoice_buyer_tax_code", "buyer_tax_code"),
    )
