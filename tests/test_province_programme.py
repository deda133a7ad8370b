"""Programme indicators beside their targets, with their trend by month, checked against figures
worked out by hand from a designed list and synced data; targets as data staff edit (with history);
the p0002 migration (seeded goals, up and down, matching the models) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select

from showroom_pos.core.clock import VIETNAM, business_day
from showroom_pos.province import cli as province_cli
from showroom_pos.province import programme
from showroom_pos.province.db import alembic_config, session_factory, upgrade
from showroom_pos.province.models import Base, ProvinceOutlet
from showroom_pos.province.programme_models import ProgrammeTarget, ProgrammeTargetChange
from tests.programme_support import (
    add_staff,
    engine_for,
    import_catalogue,
    login,
    page_token,
    post,
    product,
    summary,
    write_catalogue,
)
from tests.province_support import LiveServer, register_outlet

T = business_day()


def d(days: int) -> date:
    return T + timedelta(days=days)


PRODUCERS = {
    "COOP1": ("HTX Nông nghiệp Đông Nghi", "hợp tác xã"),
    "COOP2": ("HTX Vú sữa Lò Rèn", "hợp tác xã"),
    "ENT1": ("Công ty TNHH Travipha", "doanh nghiệp"),
    "ENT2": ("Công ty TNHH Trí Sơn", "doanh nghiệp"),
    "HH": ("Cơ sở Mắm Bà Hai Diễm", "hộ kinh doanh"),
    "GRP": ("Tổ hợp tác Thanh long Chợ Gạo", "tổ hợp tác"),
}


def item(ref: str, producer: str, stars: int, group: str, signed: date | None, **extra: object) -> dict[str, object]:
    name, kind = PRODUCERS[producer]
    return {
        "ref": ref,
        "sku": ref,
        "name": f"Sản phẩm {ref}",
        "stars": stars,
        "group": group,
        "producer_code": producer,
        "producer_name": name,
        "producer_kind": kind,
        "certificate_signed": signed.isoformat() if signed else "",
        **extra,
    }


ROWS = [
    item("A1", "COOP1", 3, "food", d(-200)),
    item("A2", "COOP1", 4, "beverage", d(-100), barcodes="8938000000015"),
    item("B1", "COOP2", 5, "herbal", d(-20)),
    item("C1", "ENT1", 4, "food", d(-400), certificate_expires=d(60).isoformat()),
    item("C2", "ENT1", 3, "handicraft", d(-1000), certificate_expires=d(120).isoformat()),
    item("D1", "ENT2", 3, "food", d(-1200), certificate_expires=d(-10).isoformat()),
    item("E1", "HH", 3, "food", None),
    item("F1", "GRP", 4, "tourism", d(-50)),
    item("R1", "ENT1", 5, "food", d(-30), status="revoked"),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def live(engine: Engine) -> Iterator[LiveServer]:
    server = LiveServer(engine).start()
    yield server
    server.stop()


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9), VIETNAM).astimezone(UTC)


def populate(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    import_catalogue(engine, write_catalogue(tmp_path / "list.csv", ROWS))
    tokens = {code: register_outlet(engine, code) for code in ("CL01", "CB02", "GC03", "DT04")}
    with session_factory(engine).begin() as s:
        outlets = {o.code: o for o in s.scalars(select(ProvinceOutlet))}
        outlets["CL01"].created_at = _at(d(-400))
        outlets["CB02"].created_at = _at(d(-100))
        outlets["GC03"].created_at = _at(d(-300))
    # CL01 sells A1 (by the province's ref), A2 (by barcode only), E1 (by the catalogue's SKU) and no B1 (a
    # return of a B1 alone cannot come: a return counts on its sale's day, and more back than sold is refused
    # as implausible); CB02 sold, 40 days ago, a product the catalogue does not list but of a known producer;
    # C1 sold more than a year ago; GC03 reported, before it was revoked, a sale of D1 (whose certificate has
    # expired since: its producer no longer takes part today, but did at the end of earlier months).
    post(
        live,
        tokens["CL01"],
        summary(
            "CL01",
            d(-3),
            [
                product("LOCAL-A1", 2, 100_000, ref="A1"),
                product("X-A2", 1, 60_000, barcode="8938000000015"),
                product("E1", 3, 90_000),
            ],
        ),
    )
    post(live, tokens["CB02"], summary("CB02", d(-40), [product("ZZ", 1, 40_000, producer_code="GRP")]))
    post(live, tokens["CL01"], summary("CL01", d(-400), [product("C1", 5, 250_000)]))
    post(live, tokens["GC03"], summary("GC03", d(-35), [product("D1", 1, 80_000)]))
    with session_factory(engine).begin() as s:
        gc = s.scalars(select(ProvinceOutlet).where(ProvinceOutlet.code == "GC03")).one()
        gc.active, gc.revoked_at = False, _at(d(-30))


EXPECTED_TODAY = {
    "products_certified": 7,
    "products_stars_3": 3,
    "products_stars_4": 3,
    "products_stars_5": 1,
    "products_group_food": 3,
    "products_group_beverage": 1,
    "products_group_herbal": 1,
    "products_group_handicraft": 1,
    "products_group_ornamental": 0,
    "products_group_tourism": 1,
    "certificates_expiring_90d": 1,
    "certificates_expired": 1,
    "producers_total": 5,
    "producers_cooperative_share": 40.0,
    "producers_sme_share": 20.0,
    "producers_coop_group_share": 20.0,
    "producers_household_share": 20.0,
    "producers_selling": 3,
    "producers_selling_share": 60.0,
    "showrooms_active": 3,
    "showrooms_reporting": 1,
}
MET_TODAY = {
    "products_certified": False,  # ≥ 200
    "products_stars_5": False,  # ≥ 10
    "producers_cooperative_share": True,  # ≥ 40 %
    "producers_sme_share": False,  # ≥ 30 %
    "producers_selling_share": False,  # ≥ 70 %
    "showrooms_active": False,  # ≥ 10
}


def month_ends(today: date) -> list[tuple[str, date]]:
    """Independently: the last 12 months' last days (today for this month)."""
    out = []
    y, m = today.year, today.month
    for _ in range(12):
        nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        out.append((f"{y}-{m:02d}", min(today, nxt - timedelta(days=1))))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def expected_trend(at: date) -> dict[str, float]:
    """The same indicators at an earlier date, worked out from the rows above by a different route."""
    signed = {"A1": d(-200), "A2": d(-100), "B1": d(-20), "C1": d(-400), "C2": d(-1000), "D1": d(-1200), "F1": d(-50)}
    expires = {"C1": d(60), "C2": d(120), "D1": d(-10)}
    for ref in ("A1", "A2", "B1", "F1"):
        s = signed[ref]
        y, m = divmod(s.month - 1 + 36, 12)
        expires[ref] = date(s.year + y, m + 1, min(s.day, 28 if m + 1 == 2 else 30 if m + 1 in (4, 6, 9, 11) else 31))
    live_refs = [
        r
        for r in ("A1", "A2", "B1", "C1", "C2", "D1", "E1", "F1")
        if signed.get(r, date.min) <= at and expires.get(r, date.max) >= at
    ]
    producer_of = {
        "A1": "COOP1",
        "A2": "COOP1",
        "B1": "COOP2",
        "C1": "ENT1",
        "C2": "ENT1",
        "D1": "ENT2",
        "E1": "HH",
        "F1": "GRP",
    }
    participating = {producer_of[r] for r in live_refs}
    sold_on = {"COOP1": [d(-3)], "HH": [d(-3)], "GRP": [d(-40)], "ENT1": [d(-400)], "ENT2": [d(-35)]}
    y, m = (at.year, at.month - 11) if at.month > 11 else (at.year - 1, at.month + 1)
    window = date(y, m, 1)  # the first day of the 12 calendar months ending with at's month
    selling = {p for p in participating if any(window <= day <= at for day in sold_on.get(p, []))}
    created = {"CL01": d(-400), "CB02": d(-100), "GC03": d(-300), "DT04": T}
    revoked = {"GC03": d(-30)}
    active = {c for c, since in created.items() if since <= at and revoked.get(c, date.max) > at}
    reported = {"CL01": [d(-3), d(-400)], "CB02": [d(-40)], "GC03": [d(-35)]}
    reporting = {c for c in active if any(at - timedelta(days=29) <= day <= at for day in reported.get(c, []))}
    return {
        "products_certified": len(live_refs),
        "products_stars_5": sum(1 for r in live_refs if r == "B1"),
        "producers_selling": len(selling),
        "showrooms_active": len(active),
        "showrooms_reporting": len(reporting),
    }


def test_indicators_match_figures_worked_out_by_hand(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    populate(engine, live, tmp_path)
    with session_factory(engine)() as s:
        p = programme.compute(s, today=T)
    got = {r.indicator.key: r.value.number for r in p.rows}
    assert got == pytest.approx(EXPECTED_TODAY)
    assert {k: p.row(k).met for k in MET_TODAY} == MET_TODAY
    assert (
        p.row("producers_cooperative_share").value.part == 2 and p.row("producers_cooperative_share").value.whole == 5
    )
    assert [x.ref for x in p.expiring] == ["C1"] and p.expiring[0].days_left == 60
    assert {s.code: (s.active, s.reporting) for s in p.showrooms} == {
        "CB02": (True, False),
        "CL01": (True, True),
        "DT04": (True, False),
        "GC03": (False, False),
    }
    assert {x.code: x.selling for x in p.producers} == {
        "COOP1": True,
        "COOP2": False,
        "ENT1": False,
        "HH": True,
        "GRP": True,
    }
    # The trend: one value a month, the last one today's, each as worked out independently.
    ends = month_ends(T)
    assert p.months == [m for m, _ in ends]
    for key in (
        "products_certified",
        "products_stars_5",
        "producers_selling",
        "showrooms_active",
        "showrooms_reporting",
    ):
        trend = dict(p.row(key).trend)
        for label, at in ends:
            assert trend[label].number == expected_trend(at)[key], (key, label)
        assert trend[ends[-1][0]].number == EXPECTED_TODAY[key]


def test_the_indicators_page_shows_them_beside_targets(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    populate(engine, live, tmp_path)
    assert httpx.get(f"{live.url}/programme").status_code == 303  # login first
    add_staff(engine, "minh.tran")
    client = login(live, "minh.tran")
    r = client.get("/programme")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    html = r.text

    def cell(kind: str, key: str) -> str:
        found = re.search(rf'id="{kind}-{key}">(.*?)</td>', html)
        assert found is not None, (kind, key)
        return found.group(1)

    assert cell("value", "products_certified") == "7" and cell("target", "products_certified") == "≥ 200"
    assert cell("value", "producers_cooperative_share") == "40,0 % (2/5)"
    assert cell("target", "producers_cooperative_share") == "≥ 40 %"
    assert "đạt" in cell("verdict", "producers_cooperative_share")
    assert "chưa đạt" in cell("verdict", "producers_sme_share")
    assert cell("value", "producers_selling_share") == "60,0 % (3/5)"
    assert cell("value", "showrooms_active") == "3" and cell("target", "showrooms_active") == "≥ 10"
    assert cell("target", "products_stars_4") == "—" and "đạt" not in cell("verdict", "products_stars_4")
    row = html.split('id="ind-showrooms_reporting"')[1].split("</tr>")[0]
    months = re.findall(r'<td class="m" data-month="([0-9-]+)">([^<]*)</td>', row)
    newest_first = month_ends(T)[::-1]  # the recent months first, no sideways scroll to reach them
    assert [m for m, _ in months] == [m for m, _ in newest_first]
    assert [int(v) for _, v in months] == [expected_trend(at)["showrooms_reporting"] for _, at in newest_first]
    assert "<svg" in row and "<polyline" in row
    assert 'data-ref="C1"' in html.split('id="expiring"')[1]
    assert client.get("/programme", params={"months": 24}).text.count('<th class="m">') == 24 * 4
    assert '<a href="/programme">Chương trình OCOP</a>' in client.get("/dashboard").text  # linked from the dashboard
    assert "docs/PROGRAMME.md" not in html and 'href="/programme/definitions"' in html
    definitions = client.get("/programme/definitions")
    assert definitions.status_code == 200 and definitions.headers["cache-control"] == "no-store"
    for ind in programme.INDICATORS:  # every indicator defined on the site, where its label links to
        assert f'<tr id="{ind.key}">' in definitions.text and f'href="/programme/definitions#{ind.key}"' in html
    assert "Sản phẩm được tính" in definitions.text and "30 ngày" in definitions.text
    assert 'id="exports"' in definitions.text and "<code>price_min</code>" in definitions.text
    assert "docs/EXPORTS.md" not in client.get("/programme/exports").text


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for("sqlite", tmp_path)


def test_cli_show_json(sqlite_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = sqlite_engine
    server = LiveServer(engine).start()
    try:
        populate(engine, server, tmp_path)
    finally:
        server.stop()
    capsys.readouterr()
    assert province_cli.main(["--db", str(engine.url.database), "programme", "show", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    values = {i["key"]: i["value"] for i in out["indicators"]}
    assert values == pytest.approx(EXPECTED_TODAY)
    assert next(i for i in out["indicators"] if i["key"] == "products_stars_5")["target"] == 10


def test_targets_are_seeded_and_edited_by_staff_with_history(engine: Engine, live: LiveServer) -> None:
    with session_factory(engine)() as s:
        seeded = {t.key: (t.target, t.comparison) for t in s.scalars(select(ProgrammeTarget)) if t.target is not None}
    assert seeded == {
        "products_certified": (200, "min"),
        "products_stars_5": (10, "min"),
        "showrooms_active": (10, "min"),
        "producers_cooperative_share": (40, "min"),
        "producers_sme_share": (30, "min"),
        "producers_selling_share": (70, "min"),
    }
    add_staff(engine, "lan.nguyen")
    client = login(live, "lan.nguyen")
    form = client.get("/programme/targets").text
    csrf = page_token(form)
    assert 'name="target__products_stars_5" id="target__products_stars_5" value="10"' in form
    fields = dict(re.findall(r'name="((?:target|deadline|note)__[a-z0-9_]+)"[^>]*value="([^"]*)"', form))
    fields.update({f"comparison__{i.key}": "min" for i in programme.INDICATORS})
    fields["comparison__certificates_expiring_90d"] = "max"
    fields["comparison__certificates_expired"] = "max"
    # One bad value refuses the whole form: nothing is saved.
    bad = {**fields, "csrf": csrf, "target__products_stars_5": "12", "target__producers_sme_share": "150"}
    r = client.post("/programme/targets", data=bad)
    assert r.status_code == 422 and "từ 0 đến 100" in r.text
    with session_factory(engine)() as s:
        assert s.get_one(ProgrammeTarget, "products_stars_5").target == 10
    assert client.post("/programme/targets", data={**fields, "csrf": "forged"}).status_code == 403
    assert httpx.post(f"{live.url}/programme/targets", data=fields).status_code == 303  # not logged in
    good = {
        **fields,
        "csrf": csrf,
        "target__products_stars_5": "12",
        "deadline__products_stars_5": "2027-12-31",
        "note__products_stars_5": "Kế hoạch 2026–2027 <b>mới</b>",
        "target__certificates_expiring_90d": "5",
        "target__showrooms_active": "",
    }
    r = client.post("/programme/targets", data=good)
    assert r.status_code == 200 and "Đã lưu: 3 mục tiêu thay đổi." in r.text
    assert "Kế hoạch 2026–2027 &lt;b&gt;mới&lt;/b&gt;" in r.text
    with session_factory(engine)() as s:
        t = s.get(ProgrammeTarget, "products_stars_5")
        assert t is not None and (t.target, t.deadline, t.updated_by) == (12, date(2027, 12, 31), "lan.nguyen")
        assert s.get_one(ProgrammeTarget, "showrooms_active").target is None
        changes = {c.key: (c.old_target, c.new_target, c.changed_by) for c in s.scalars(select(ProgrammeTargetChange))}
    assert changes == {
        "products_stars_5": (10, 12, "lan.nguyen"),
        "certificates_expiring_90d": (None, 5, "lan.nguyen"),
        "showrooms_active": (10, None, "lan.nguyen"),
    }
    page = client.get("/programme").text
    assert re.search(r'id="target-products_stars_5">≥ 12 \(đến 31/12/2027\)</td>', page)
    assert re.search(r'id="target-certificates_expiring_90d">≤ 5</td>', page)
    assert "đạt" in page.split('id="verdict-certificates_expiring_90d">')[1][:40]
    assert r.text.count("lan.nguyen") >= 3  # the history table
    # Saving the same form again changes nothing.
    again = client.post("/programme/targets", data=good)
    assert "Không có thay đổi nào." in again.text


def test_targets_from_the_cli(sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    engine = sqlite_engine
    db = str(engine.url.database)
    assert (
        province_cli.main(
            [
                "--db",
                db,
                "programme",
                "target",
                "showrooms_active",
                "--target",
                "12",
                "--deadline",
                "2026-12-31",
                "--by",
                "cli-test",
            ]
        )
        == 0
    )
    assert (
        province_cli.main(["--db", db, "programme", "target", "producers_sme_share", "--target", "101", "--by", "x"])
        == 2
    )
    assert province_cli.main(["--db", db, "programme", "target", "no_such", "--clear", "--by", "x"]) == 2
    assert province_cli.main(["--db", db, "programme", "target", "products_stars_3", "--clear", "--by", "x"]) == 0
    assert "unchanged" in capsys.readouterr().out
    with session_factory(engine)() as s:
        t = s.get(ProgrammeTarget, "showrooms_active")
        assert t is not None and (t.target, t.deadline, t.updated_by) == (12, date(2026, 12, 31), "cli-test")
    with session_factory(engine).begin() as s, pytest.raises(programme.TargetError):
        programme.set_target(s, "products_stars_3", target=-1, by="x")


def test_the_migration_matches_the_models_and_goes_down_and_up(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = [
            diff
            for diff in compare_metadata(context, Base.metadata)
            if any(name in str(diff) for name in ("outlet_stock", "catalogue_photo", "programme_target"))
        ]
    assert diffs == []
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "p0001")
    assert "programme_target" not in inspect(engine).get_table_names()
    upgrade(engine, "head")
    with session_factory(engine)() as s:
        assert s.get_one(ProgrammeTarget, "producers_selling_share").target == 70
