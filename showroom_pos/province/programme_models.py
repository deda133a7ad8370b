"""Tables of the province's programme view (migration ``p0002``): outlets' stock, product photos,
the programme's targets and who changed them.

They share ``models.Base`` (one metadata, one Alembic history) but live apart from the collection
tables they read.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, UTCDateTime, utcnow


class OutletStockSnapshot(Base):
    """The newest stock an outlet reported (``taken_at`` is the outlet's freezing time, capped at receipt)."""

    __tablename__ = "outlet_stock_snapshot"
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"), primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    items: Mapped[int] = mapped_column(Integer, default=0)


class OutletStockItem(Base):
    """One product of an outlet's newest snapshot, as the outlet names it (matched to the catalogue when read)."""

    __tablename__ = "outlet_stock_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(300))
    barcode: Mapped[str | None] = mapped_column(String(300))
    province_ref: Mapped[str | None] = mapped_column(String(300))
    on_hand: Mapped[int] = mapped_column(BigInteger)
    price: Mapped[int | None] = mapped_column(BigInteger)
    by_weight: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("outlet_id", "sku"),)


class CataloguePhoto(Base):
    """A product photo hosted by the province (re-encoded JPEG and a small copy), served publicly."""

    __tablename__ = "catalogue_photo"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    product_ref: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    small: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(60), default="")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        UniqueConstraint("product_ref", "position"),
        CheckConstraint("position BETWEEN 1 AND 5", name="position"),
    )


class ProgrammeTarget(Base):
    """The programme's goal for one indicator: data the province's staff edit, never a constant."""

    __tablename__ = "programme_target"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    target: Mapped[int | None] = mapped_column(Integer)
    comparison: Mapped[str] = mapped_column(String(3), default="min")
    deadline: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_by: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint("comparison IN ('min', 'max')", name="comparison"),
        CheckConstraint("target IS NULL OR target >= 0", name="target"),
    )


class ProgrammeTargetChange(Base):
    """Every edit of a target, with who made it (the targets' history)."""

    __tablename__ = "programme_target_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(40))
    old_target: Mapped[int | None] = mapped_column(Integer)
    new_target: Mapped[int | None] = mapped_column(Integer)
    old_comparison: Mapped[str] = mapped_column(String(3))
    new_comparison: Mapped[str] = mapped_column(String(3))
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date | None] = mapped_column(Date)
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (Index("ix_programme_target_change_key", "key", "changed_at"),)
