"""The OCOP programme's indicators, each beside its target and with its trend by month.

Every figure is recomputed from the data the server holds (the imported catalogue, the outlets'
registrations and their synced summaries) as of the end of each month (today for the current one),
so a trend exists from the first import on and the current value is the trend's last point.
Definitions (also in docs/PROGRAMME.md):

- a product **counts** at a date when it is certified in the list, its certificate was signed on or
  before that date (or the date is unknown) and has not expired (expiry on or after the date, or
  unknown). A revoked product counts nowhere: the list does not say when it was revoked.
- a **participating producer** has at least one product that counts; shares of producer kinds are
  over participating producers (SMEs = the kind *enterprise*: OCOP enterprises are small or medium).
- a producer **sells through showrooms** when one of its products (matched as in ``showcase``) had a
  quantity sold on a business day in the 12 calendar months up to the date (its month so far and the 11
  before it).
- a showroom is **active** from its registration until its token is revoked, and **reporting** when it
  is active and sent figures for a business day in the 30 days up to the date.
- **expiring** certificates: of products that count, those expiring within 90 days of the date.

Targets are rows of ``programme_target`` (seeded by the migration with the programme's published
goals); staff edit them, and every edit is kept in ``programme_target_change``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.catalogue_feed import OCOP_GROUPS, PRODUCER_KINDS
from showroom_pos.core.clock import business_day, local

from . import rollup
from .models import (
    CatalogueProducer,
    CatalogueProduct,
    DailySummaryRow,
    ProductMonth,
    ProvinceOutlet,
    SummaryProduct,
    utcnow,
)
from .programme_models import OutletStockSnapshot, ProgrammeTarget, ProgrammeTargetChange
from .showcase import EXPIRING_DAYS, GROUP_LABELS, CatalogueIndex

SELLING_MONTHS = 12
REPORTING_WINDOW_DAYS = 30
MAX_MONTHS = 60


@dataclass(frozen=True)
class Indicator:
    key: str
    section: str
    label: str
    unit: str  # "count" or "percent"
    comparison: str = "min"  # the usual direction ("max": lower is better); the target row may say otherwise


SECTIONS = {
    "products": "Sản phẩm OCOP",
    "certificates": "Giấy chứng nhận",
    "producers": "Chủ thể OCOP",
    "showrooms": "Điểm giới thiệu và bán sản phẩm OCOP",
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator("products_certified", "products", "Sản phẩm đạt 3 sao trở lên (còn hiệu lực)", "count"),
    *(Indicator(f"products_stars_{n}", "products", f"Sản phẩm {n} sao", "count") for n in (3, 4, 5)),
    *(Indicator(f"products_group_{g}", "products", f"Nhóm {GROUP_LABELS[g]}", "count") for g in OCOP_GROUPS),
    Indicator("certificates_expiring_90d", "certificates", "Giấy chứng nhận hết hạn trong 90 ngày tới", "count", "max"),
    Indicator("certificates_expired", "certificates", "Sản phẩm còn trong danh mục nhưng đã hết hạn", "count", "max"),
    Indicator("producers_total", "producers", "Chủ thể có sản phẩm còn hiệu lực", "count"),
    Indicator("producers_cooperative_share", "producers", "Tỷ lệ chủ thể là hợp tác xã", "percent"),
    Indicator("producers_sme_share", "producers", "Tỷ lệ chủ thể là doanh nghiệp nhỏ và vừa", "percent"),
    Indicator("producers_coop_group_share", "producers", "Tỷ lệ chủ thể là tổ hợp tác", "percent"),
    Indicator("producers_household_share", "producers", "Tỷ lệ chủ thể là hộ kinh doanh", "percent"),
    Indicator("producers_selling", "producers", "Chủ thể có hàng bán qua điểm bán (12 tháng)", "count"),
    Indicator(
        "producers_selling_share",
        "producers",
        "Tỷ lệ chủ thể bán qua kênh hiện đại (điểm bán OCOP, 12 tháng)",
        "percent",
    ),
    Indicator("showrooms_active", "showrooms", "Điểm bán đang hoạt động", "count"),
    Indicator("showrooms_reporting", "showrooms", "Điểm bán gửi số liệu (30 ngày)", "count"),
)
BY_KEY = {i.key: i for i in INDICATORS}

# What each indicator counts at a date D, for the officers' definitions page (the same as docs/PROGRAMME.md).
RULES: tuple[tuple[str, str], ...] = (
    (
        "Sản phẩm được tính",
        "Tại ngày D, một sản phẩm được tính khi còn ở trạng thái được chứng nhận trong danh mục, có ngày ký quyết "
        "định công nhận từ ngày D trở về trước (hoặc không ghi ngày ký) và giấy chứng nhận chưa hết hạn (ngày hết "
        "hạn từ ngày D trở đi, hoặc không ghi). Sản phẩm bị thu hồi không được tính ở tháng nào, vì danh mục không "
        "ghi ngày thu hồi.",
    ),
    (
        "Chủ thể tham gia",
        "Chủ thể có ít nhất một sản phẩm được tính. Các tỷ lệ theo loại hình tính trên số chủ thể tham gia; "
        "doanh nghiệp nhỏ và vừa là loại hình «doanh nghiệp» (doanh nghiệp OCOP là doanh nghiệp nhỏ và vừa).",
    ),
    (
        "Bán qua điểm bán",
        "Chủ thể có sản phẩm được bán ra (số lượng bán lớn hơn 0) ở một điểm bán, vào một ngày bán trong 12 tháng "
        "dương lịch tính đến ngày D (tháng của D đến hết ngày D và 11 tháng trước). Sản phẩm của điểm bán được khớp "
        "với danh mục theo mã sản phẩm OCOP, rồi mã vạch, rồi mã hàng; không khớp thì theo mã chủ thể điểm bán gửi. "
        "Mục tiêu 70 % của chương trình là cho kênh hiện đại (siêu thị, cửa hàng tiện lợi, thương mại điện tử), "
        "máy chủ này chỉ thấy phần bán qua các điểm bán OCOP: tỷ lệ ở đây là mức thấp nhất.",
    ),
    (
        "Điểm bán hoạt động, gửi số liệu",
        "Điểm bán hoạt động từ ngày đăng ký đến khi bị thu hồi mã kết nối. Điểm bán gửi số liệu: đang hoạt động và "
        "đã gửi số liệu của một ngày bán trong 30 ngày tính đến ngày D.",
    ),
    (
        "Theo tháng",
        "Mỗi tháng tính tại ngày cuối tháng; tháng hiện tại tính đến hôm nay, nên số «hiện tại» là điểm cuối của "
        "xu hướng.",
    ),
)
DEFINITIONS: dict[str, str] = {
    "products_certified": "Số sản phẩm được tính (mọi sản phẩm OCOP đều từ 3 sao).",
    **{f"products_stars_{n}": f"Trong các sản phẩm được tính, số sản phẩm {n} sao." for n in (3, 4, 5)},
    **{f"products_group_{g}": f"Trong các sản phẩm được tính, số sản phẩm thuộc nhóm {GROUP_LABELS[g]}."
       for g in OCOP_GROUPS},
    "certificates_expiring_90d": "Trong các sản phẩm được tính, số giấy chứng nhận hết hạn trong 90 ngày sau ngày D.",
    "certificates_expired": "Sản phẩm còn ở trạng thái được chứng nhận trong danh mục nhưng giấy chứng nhận đã hết hạn "
    "trước ngày D.",
    "producers_total": "Số chủ thể tham gia.",
    "producers_cooperative_share": "Tỷ lệ hợp tác xã trong các chủ thể tham gia.",
    "producers_sme_share": "Tỷ lệ doanh nghiệp (nhỏ và vừa) trong các chủ thể tham gia.",
    "producers_coop_group_share": "Tỷ lệ tổ hợp tác trong các chủ thể tham gia.",
    "producers_household_share": "Tỷ lệ hộ kinh doanh trong các chủ thể tham gia.",
    "producers_selling": "Số chủ thể tham gia có bán qua điểm bán trong 12 tháng tính đến ngày D.",
    "producers_selling_share": "Tỷ lệ chủ thể tham gia có bán qua điểm bán trong 12 tháng tính đến ngày D.",
    "showrooms_active": "Số điểm bán đã đăng ký đến ngày D và chưa bị thu hồi.",
    "showrooms_reporting": "Số điểm bán đang hoạt động đã gửi số liệu của một ngày trong 30 ngày tính đến ngày D.",
}
KIND_SHARE_KEYS = {
    "cooperative": "producers_cooperative_share",
    "enterprise": "producers_sme_share",
    "coop_group": "producers_coop_group_share",
    "household": "producers_household_share",
}


class TargetError(ValueError):
    """A refused target edit; ``vi`` is the same message for the web page."""

    def __init__(self, en: str, vi: str) -> None:
        super().__init__(en)
        self.vi = vi


@dataclass(frozen=True)
class Target:
    key: str
    target: int | None
    comparison: str
    deadline: date | None
    note: str
    updated_by: str
    updated_at: datetime | None


@dataclass(frozen=True)
class Value:
    """A figure: a count, or a share ``part`` of ``whole`` in percent."""

    number: float
    part: int = 0
    whole: int = 0

    def met(self, target: Target) -> bool | None:
        if target.target is None:
            return None
        return self.number <= target.target if target.comparison == "max" else self.number >= target.target


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    value: Value
    target: Target
    trend: tuple[tuple[str, Value], ...]  # (YYYY-MM, value at the month's end), oldest first

    @property
    def met(self) -> bool | None:
        return self.value.met(self.target)


@dataclass(frozen=True)
class ExpiringCertificate:
    ref: str
    name: str
    stars: int | None
    producer: str
    certificate_no: str | None
    expires: date
    days_left: int


@dataclass(frozen=True)
class ShowroomState:
    code: str
    name: str
    commune: str
    active: bool
    reporting: bool
    last_day: date | None
    last_sync_at: datetime | None
    stock_at: datetime | None


@dataclass(frozen=True)
class ProducerState:
    code: str
    name: str
    kind: str
    products: int
    selling: bool


@dataclass
class Programme:
    as_of: date
    months: list[str]
    rows: list[IndicatorRow]
    expiring: list[ExpiringCertificate] = field(default_factory=list)
    showrooms: list[ShowroomState] = field(default_factory=list)
    producers: list[ProducerState] = field(default_factory=list)

    def row(self, key: str) -> IndicatorRow:
        return next(r for r in self.rows if r.indicator.key == key)


# --- targets --------------------------------------------------------------------------------------


def targets(session: Session) -> dict[str, Target]:
    """Every indicator's target (an indicator without a row has none)."""
    rows = {t.key: t for t in session.scalars(select(ProgrammeTarget))}
    out: dict[str, Target] = {}
    for ind in INDICATORS:
        t = rows.get(ind.key)
        out[ind.key] = (
            Target(t.key, t.target, t.comparison, t.deadline, t.note, t.updated_by, t.updated_at)
            if t is not None
            else Target(ind.key, None, ind.comparison, None, "", "", None)
        )
    return out


def set_target(
    session: Session,
    key: str,
    *,
    target: int | None,
    comparison: str | None = None,
    deadline: date | None = None,
    note: str | None = None,
    by: str,
    now: datetime | None = None,
) -> bool:
    """Change one target (in the caller's transaction); True when something changed. Logged with ``by``."""
    indicator = BY_KEY.get(key)
    if indicator is None:
        raise TargetError(f"unknown indicator {key!r}", f"Không có chỉ tiêu {key!r}.")
    if target is not None and target < 0:
        raise TargetError("a target cannot be negative", "Mục tiêu không được âm.")
    if target is not None and indicator.unit == "percent" and target > 100:
        raise TargetError("a share target is a percentage from 0 to 100", "Mục tiêu tỷ lệ phải từ 0 đến 100 (%).")
    if target is not None and target > 10_000_000:
        raise TargetError("the target is too large", "Mục tiêu quá lớn.")
    if comparison is not None and comparison not in ("min", "max"):
        raise TargetError("comparison: min (at least) or max (at most)", "So sánh phải là «tối thiểu» hoặc «tối đa».")
    if note is not None and len(note) > 300:
        raise TargetError("the note is longer than 300 characters", "Ghi chú dài quá 300 ký tự.")
    now = now or utcnow()
    row = session.get(ProgrammeTarget, key)
    if row is None:
        row = ProgrammeTarget(key=key, target=None, comparison=indicator.comparison, deadline=None, note="")
        session.add(row)
    new_comparison = comparison or row.comparison
    new_note = row.note if note is None else note.strip()
    if (row.target, row.comparison, row.deadline, row.note) == (target, new_comparison, deadline, new_note):
        return False
    session.add(
        ProgrammeTargetChange(
            key=key,
            old_target=row.target,
            new_target=target,
            old_comparison=row.comparison or indicator.comparison,
            new_comparison=new_comparison,
            old_deadline=row.deadline,
            new_deadline=deadline,
            changed_by=by,
            changed_at=now,
        )
    )
    row.target, row.comparison, row.deadline, row.note = target, new_comparison, deadline, new_note
    row.updated_by, row.updated_at = by, now
    session.flush()
    return True


def target_history(session: Session, limit: int = 50) -> list[ProgrammeTargetChange]:
    return list(
        session.scalars(
            select(ProgrammeTargetChange)
            .order_by(ProgrammeTargetChange.changed_at.desc(), ProgrammeTargetChange.id.desc())
            .limit(limit)
        )
    )


# --- the figures ----------------------------------------------------------------------------------


def month_ends(today: date, months: int) -> list[tuple[str, date]]:
    """The last ``months`` months, oldest first: (YYYY-MM, its last day; today for the current month)."""
    out: list[tuple[str, date]] = []
    year, month = today.year, today.month
    for _ in range(months):
        first_next = date(year + (month == 12), month % 12 + 1, 1)
        out.append((f"{year:04d}-{month:02d}", min(today, first_next - timedelta(days=1))))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


@dataclass(frozen=True)
class _Product:
    ref: str
    stars: int | None
    group: str | None
    producer: str
    status: str
    signed: date | None
    expires: date | None

    def counts(self, at: date) -> bool:
        return (
            self.status == "certified"
            and (self.signed is None or self.signed <= at)
            and (self.expires is None or self.expires >= at)
        )


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_bounds(index: int) -> tuple[date, date]:
    year, month0 = divmod(index, 12)
    first = date(year, month0 + 1, 1)
    return first, date(year + (month0 == 11), (month0 + 1) % 12 + 1, 1) - timedelta(days=1)


def _share(part: int, whole: int) -> Value:
    return Value(100.0 * part / whole if whole else 0.0, part, whole)


def compute(session: Session, *, today: date | None = None, months: int = 12) -> Programme:
    today = today or business_day()
    months = max(1, min(months, MAX_MONTHS))
    ends = month_ends(today, months)
    first_end = ends[0][1]
    producers = {p.code: p for p in session.scalars(select(CatalogueProducer))}
    raw = list(
        session.execute(
            select(
                CatalogueProduct.ref,
                CatalogueProduct.sku,
                CatalogueProduct.barcodes,
                CatalogueProduct.stars,
                CatalogueProduct.ocop_group,
                CatalogueProduct.producer_code,
                CatalogueProduct.status,
                CatalogueProduct.certificate_signed,
                CatalogueProduct.certificate_expires,
                CatalogueProduct.name,
                CatalogueProduct.certificate_no,
            )
        )
    )
    products = [_Product(r.ref, r.stars, r.ocop_group, r.producer_code or "", r.status, r[7], r[8]) for r in raw]
    product_by_ref = {p.ref: p for p in products}
    index = CatalogueIndex((r.ref, r.sku, r.barcodes) for r in raw)

    # The producers who sold something through a showroom (any outlet), month by month: whole months from the
    # monthly rollup, this month so far from its days.
    sellers: dict[int, set[str]] = {}
    window_start, _ = _month_bounds(_month_index(first_end) - SELLING_MONTHS + 1)
    span = rollup.split(window_start, today)
    found: list[tuple[Any, ...]] = []
    if span.months is not None:
        found += session.execute(
            select(ProductMonth.month, ProductMonth.province_ref, ProductMonth.barcode, ProductMonth.sku,
                   ProductMonth.producer_code)
            .where(ProductMonth.month >= span.months[0], ProductMonth.month <= span.months[1],
                   ProductMonth.qty_sold > 0)
            .distinct()
        ).all()
    for first, last in span.days:
        found += session.execute(
            select(DailySummaryRow.business_day, SummaryProduct.province_ref, SummaryProduct.barcode,
                   SummaryProduct.sku, SummaryProduct.producer_code)
            .join(DailySummaryRow, DailySummaryRow.id == SummaryProduct.summary_id)
            .where(SummaryProduct.qty_sold > 0, DailySummaryRow.business_day >= first,
                   DailySummaryRow.business_day <= last)
            .distinct()
        ).all()
    for when, ref, barcode, sku, producer_code in found:
        month = _month_index(when if isinstance(when, date) else date.fromisoformat(when))
        matched = index.match(ref, barcode, sku)
        known = producer_code if producer_code in producers else ""
        producer = product_by_ref[matched].producer if matched else known
        if producer:
            sellers.setdefault(month, set()).add(producer)
    selling_sets: dict[int, set[str]] = {}

    def sold_within(producer: str, at: date) -> bool:
        """A sale in the 12 calendar months up to ``at`` (this month so far and the 11 before it)."""
        month = _month_index(at)
        if month not in selling_sets:
            selling_sets[month] = set().union(
                *(sellers.get(m, set()) for m in range(month - SELLING_MONTHS + 1, month + 1))
            )
        return producer in selling_sets[month]

    outlets = list(session.scalars(select(ProvinceOutlet).order_by(ProvinceOutlet.code)))

    def active_at(o: ProvinceOutlet, at: date) -> bool:
        if at == today:
            return o.active
        return local(o.created_at).date() <= at and (o.revoked_at is None or local(o.revoked_at).date() > at)

    def reporting_ids(at: date) -> set[int]:
        start = at - timedelta(days=REPORTING_WINDOW_DAYS - 1)
        return set(
            session.scalars(
                select(DailySummaryRow.outlet_id)
                .where(DailySummaryRow.business_day >= start, DailySummaryRow.business_day <= at)
                .distinct()
            )
        )

    def figures(at: date) -> dict[str, Value]:
        counting = [p for p in products if p.counts(at)]
        out: dict[str, Value] = {"products_certified": Value(len(counting))}
        for n in (3, 4, 5):
            out[f"products_stars_{n}"] = Value(sum(1 for p in counting if p.stars == n))
        for g in OCOP_GROUPS:
            out[f"products_group_{g}"] = Value(sum(1 for p in counting if p.group == g))
        horizon = at + timedelta(days=EXPIRING_DAYS)
        out["certificates_expiring_90d"] = Value(
            sum(1 for p in counting if p.expires is not None and p.expires <= horizon)
        )
        out["certificates_expired"] = Value(
            sum(
                1
                for p in products
                if p.status == "certified"
                and p.expires is not None
                and p.expires < at
                and (p.signed is None or p.signed <= at)
            )
        )
        participating = {p.producer for p in counting if p.producer}
        out["producers_total"] = Value(len(participating))
        kinds = [producers[c].kind if c in producers else "" for c in participating]
        for kind in PRODUCER_KINDS:
            out[KIND_SHARE_KEYS[kind]] = _share(sum(1 for k in kinds if k == kind), len(participating))
        selling = sum(1 for c in participating if sold_within(c, at))
        out["producers_selling"] = Value(selling)
        out["producers_selling_share"] = _share(selling, len(participating))
        active = {o.id for o in outlets if active_at(o, at)}
        out["showrooms_active"] = Value(len(active))
        out["showrooms_reporting"] = Value(len(active & reporting_ids(at)))
        return out

    per_month = [(label, figures(at)) for label, at in ends]
    current = per_month[-1][1]
    goals = targets(session)
    rows = [
        IndicatorRow(ind, current[ind.key], goals[ind.key], tuple((m, f[ind.key]) for m, f in per_month))
        for ind in INDICATORS
    ]

    horizon = today + timedelta(days=EXPIRING_DAYS)
    expiring = sorted(
        (
            ExpiringCertificate(
                r.ref,
                r.name,
                r.stars,
                producers[r.producer_code].name if r.producer_code in producers else "",
                r.certificate_no,
                r.certificate_expires,
                (r.certificate_expires - today).days,
            )
            for r in raw
            if product_by_ref[r.ref].counts(today)
            and r.certificate_expires is not None
            and r.certificate_expires <= horizon
        ),
        key=lambda x: (x.expires, x.name),
    )

    reporting_now = reporting_ids(today)
    last_days = dict(
        session.execute(
            select(DailySummaryRow.outlet_id, func.max(DailySummaryRow.business_day)).group_by(
                DailySummaryRow.outlet_id
            )
        ).all()
    )
    stock_at = dict(session.execute(select(OutletStockSnapshot.outlet_id, OutletStockSnapshot.taken_at)).all())
    showrooms = [
        ShowroomState(
            o.code,
            o.name,
            o.commune,
            o.active,
            o.active and o.id in reporting_now,
            last_days.get(o.id),
            o.last_sync_at,
            stock_at.get(o.id),
        )
        for o in outlets
    ]

    counting_now = [p for p in products if p.counts(today)]
    per_producer: dict[str, int] = {}
    for p in counting_now:
        if p.producer:
            per_producer[p.producer] = per_producer.get(p.producer, 0) + 1
    producer_rows = sorted(
        (
            ProducerState(
                code,
                producers[code].name if code in producers else code,
                producers[code].kind if code in producers else "",
                n,
                sold_within(code, today),
            )
            for code, n in per_producer.items()
        ),
        key=lambda x: (x.selling, x.name),
    )
    return Programme(today, [m for m, _ in ends], rows, expiring, showrooms, producer_rows)


