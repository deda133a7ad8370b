"""The province's programme view at scale (SQLite): a catalogue of 2,000 products (``--quick``: 300),
10 showrooms (5) reporting their stock of every product, and a year (30 days) of daily summaries of
150 products (60) each.

Figures (all ``programme_`` prefixed): ``showcase_build_ms`` (reading and matching the whole catalogue,
photos and stock: what the public pages need, done once per change), ``catalogue_page_ms`` and
``catalogue_page_bytes`` (the public list's first page, from the cache), ``search_ms`` (``sau rieng``),
``product_page_ms``, ``indicators_ms`` (every indicator with 12 months of trend), ``export_catalogue_xlsx_ms``
and ``export_sales_year_by_month_ms``.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from showroom_pos.core.clock import business_day
from showroom_pos.province import auth, catalogue, exports, programme, public, site_settings
from showroom_pos.province.db import open_database, session_factory
from showroom_pos.province.models import DailySummaryRow, SummaryProduct
from showroom_pos.province.programme_models import OutletStockItem, OutletStockSnapshot
from showroom_pos.province.showcase import ShowcaseCache, build

NAMES = ("Sầu riêng Ri6", "Trà mãng cầu xiêm", "Mắm tôm chà", "Yến chưng", "Mít sấy", "Cải chua", "Gạo VD20")
GROUPS = ("thực phẩm", "đồ uống", "dược liệu", "thủ công mỹ nghệ")
KINDS = ("hợp tác xã", "doanh nghiệp", "hộ kinh doanh", "tổ hợp tác")


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(quick: bool) -> dict[str, float]:
    n_products, n_outlets, n_days, per_day = (300, 5, 30, 60) if quick else (2_000, 10, 365, 150)
    today = business_day()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(str(Path(folder) / "province.db"))
        sessions = session_factory(engine)
        path = Path(folder) / "list.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(
                [
                    "ref",
                    "sku",
                    "name",
                    "group",
                    "stars",
                    "producer_code",
                    "producer_name",
                    "producer_kind",
                    "producer_commune",
                    "certificate_signed",
                ]
            )
            for i in range(n_products):
                signed = today - timedelta(days=30 + (i * 7) % 1000)
                w.writerow(
                    [
                        f"P{i:05d}",
                        f"P{i:05d}",
                        f"{NAMES[i % len(NAMES)]} loại {i}",
                        GROUPS[i % 4],
                        3 + i % 3,
                        f"PR{i // 4:04d}",
                        f"Chủ thể số {i // 4}",
                        KINDS[(i // 4) % 4],
                        f"Xã {i % 40}",
                        signed.isoformat(),
                    ]
                )
        with sessions.begin() as s:
            catalogue.import_file(s, path)
            outlet_ids = []
            for k in range(n_outlets):
                outlet, _token = auth.add_outlet(s, f"BM{k:02d}", f"Điểm OCOP số {k}", f"Phường {k}")
                outlet_ids.append(outlet.id)
            now = datetime.now(UTC)
            for oid in outlet_ids:
                s.add(OutletStockSnapshot(outlet_id=oid, taken_at=now, received_at=now, items=n_products))
            s.flush()
            s.execute(
                insert(OutletStockItem),
                [
                    {
                        "outlet_id": oid,
                        "sku": f"P{i:05d}",
                        "province_ref": f"P{i:05d}",
                        "on_hand": (i + oid) % 7,
                        "price": 50_000 + i,
                        "by_weight": False,
                    }
                    for oid in outlet_ids
                    for i in range(n_products)
                ],
            )
        for k, oid in enumerate(outlet_ids):
            with sessions.begin() as s:
                for d in range(n_days):
                    day = today - timedelta(days=d + 1)
                    row = DailySummaryRow(
                        outlet_id=oid,
                        business_day=day,
                        revision=1,
                        idempotency_key=f"{k:08d}-{d:027d}",
                        generated_at=now,
                        receipts=per_day,
                        gross=per_day * 65_000,
                        discounts=0,
                        returns=0,
                        net=per_day * 65_000,
                        vat=0,
                        qty_sold=per_day,
                        qty_returned=0,
                        payload="{}",
                    )
                    s.add(row)
                    s.flush()
                    first = (d * 13 + k * 17) % n_products
                    s.execute(
                        insert(SummaryProduct),
                        [
                            {
                                "summary_id": row.id,
                                "sku": f"P{(first + j) % n_products:05d}",
                                "province_ref": f"P{(first + j) % n_products:05d}",
                                "name": "x",
                                "qty_sold": 1,
                                "qty_returned": 0,
                                "gross": 65_000,
                                "discounts": 0,
                                "returns": 0,
                                "net": 65_000,
                                "vat": 0,
                            }
                            for j in range(per_day)
                        ],
                    )
        figures: dict[str, float] = {}
        with sessions() as s:
            started = time.perf_counter()
            showcase = build(s)
            figures["programme_showcase_build_ms"] = (time.perf_counter() - started) * 1000
        cache = ShowcaseCache()
        settings_cache = site_settings.SettingsCache()  # the province's name and emblem, as the pages read them
        with sessions() as s:
            cache.get(s)

        def page() -> str:
            with sessions() as s:
                return public.list_page(cache.get(s), settings_cache.get(s), "", None, None, False, 1)

        def search() -> str:
            with sessions() as s:
                return public.list_page(cache.get(s), settings_cache.get(s), "sau rieng", None, None, False, 1)

        def product() -> str:
            with sessions() as s:
                sc = cache.get(s)
                return public.product_page(sc, sc.by_ref["P00007"], "https://ocop.example.vn", settings_cache.get(s))

        figures["programme_catalogue_page_ms"] = _median_ms(page, 20)
        figures["programme_catalogue_page_bytes"] = float(len(page().encode()))
        figures["programme_search_ms"] = _median_ms(search, 20)
        figures["programme_product_page_ms"] = _median_ms(product, 20)
        with sessions() as s:
            figures["programme_indicators_ms"] = _median_ms(lambda: programme.compute(s, today=today), 3)
            figures["programme_export_catalogue_xlsx_ms"] = _median_ms(
                lambda: exports.to_xlsx(
                    exports.CATALOGUE_COLUMNS, exports.catalogue_rows(showcase, "https://ocop.example.vn")
                ),
                3,
            )
            start = date(today.year - 1, today.month, 1)
            figures["programme_export_sales_year_by_month_ms"] = _median_ms(
                lambda: exports.to_csv(exports.SALES_COLUMNS, exports.sales_rows(s, showcase, start, today, "month")),
                3,
            )
        engine.dispose()
    return figures
