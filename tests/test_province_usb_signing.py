"""USB files are signed with a key derived from the outlet's token that the province keeps only wrapped with a
secret outside its database: what the database holds (the token's hash, the wrapped key) cannot sign a file
that imports. Old-format files (signed with the token's hash) are refused with a message saying what to do;
signatures are compared in constant time; an outlet registered before gets its key at its next online call."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from showroom_pos.core import summary as shapes
from showroom_pos.province import auth, usb, usbkey
from showroom_pos.province.db import session_factory
from showroom_pos.province.models import DailySummaryRow, ProvinceOutlet
from showroom_pos.sync.usb_export import sign
from tests.programme_support import engine_for
from tests.province_support import LiveServer


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for("sqlite", tmp_path)


def payload(day: date = date(2026, 3, 2)) -> str:
    product = shapes.ProductFigures(
        sku="A", name="Trà", qty_sold=1, qty_returned=0, gross=10_000, discounts=0, returns=0, net=10_000, vat=741
    )
    return shapes.build(
        outlet_code="VL04", business_day=day, revision=1, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=1, voided=0, products=[product], payments={"cash": 10_000},
        refunds={}, cash_over_short=0, shifts_closed=1, cash_rounding=0,
    ).to_json()


def register(engine: Engine) -> str:
    with session_factory(engine).begin() as s:
        return auth.add_outlet(s, "VL04", "Điểm OCOP Vĩnh Long")[1]


def document(payloads: list[str], signature: str | None, version: int = 2) -> bytes:
    doc = json.loads(shapes.export_document("VL04", datetime.now(UTC), payloads, signature))
    doc["version"] = version
    return json.dumps(doc).encode()


def import_file(engine: Engine, data: bytes, *, require_signature: bool = True) -> usb.UsbImportResult:
    with session_factory(engine).begin() as s:
        return usb.import_export(s, data, require_signature=require_signature)


def stored_days(engine: Engine) -> int:
    with session_factory(engine)() as s:
        return len(list(s.scalars(select(DailySummaryRow))))


def test_a_file_signed_by_the_outlet_imports(engine: Engine) -> None:
    token = register(engine)
    texts = [payload()]
    result = import_file(engine, document(texts, sign(token, texts)))
    assert result.outlet_code == "VL04" and len(result.acks) == 1 and stored_days(engine) == 1


def test_what_the_database_holds_cannot_sign(engine: Engine) -> None:
    """The old scheme's key (the token's SHA-256, stored in the clear) and the stored, wrapped key: neither
    makes a signature the province accepts."""
    token = register(engine)
    with session_factory(engine)() as s:
        outlet = s.scalars(select(ProvinceOutlet)).one()
        token_hash, stored = outlet.token_hash, outlet.usb_key
    assert token_hash == hashlib.sha256(token.encode()).hexdigest() and stored is not None
    assert bytes.fromhex(stored) != shapes.usb_key(token)  # never the key itself
    texts = [payload()]
    message = shapes.signing_message(texts)
    for key in (token_hash.encode("ascii"), bytes.fromhex(stored), stored.encode("ascii")):
        forged = hmac.new(key, message, hashlib.sha256).hexdigest()
        with pytest.raises(usb.UsbImportRejected) as refused:
            import_file(engine, document(texts, forged))
        assert "signature does not match" in refused.value.problems[0]
    assert stored_days(engine) == 0


def test_a_changed_file_is_refused(engine: Engine) -> None:
    token = register(engine)
    texts = [payload()]
    signature = sign(token, texts)
    changed = [texts[0].replace('"net":10000', '"net":10001')]
    with pytest.raises(usb.UsbImportRejected):
        import_file(engine, document(changed, signature))


def test_an_old_format_file_is_refused_saying_what_to_do(engine: Engine) -> None:
    token = register(engine)
    texts = [payload()]
    old_key = hashlib.sha256(token.encode()).hexdigest().encode("ascii")
    old = document(texts, hmac.new(old_key, shapes.signing_message(texts), hashlib.sha256).hexdigest(), version=1)
    with pytest.raises(usb.UsbImportRejected) as refused:
        import_file(engine, old)
    message = refused.value.problems[0]
    assert "old format (version 1)" in message and "update showroom-pos" in message
    assert stored_days(engine) == 0
    import_file(engine, old, require_signature=False)  # a file whose origin is known (--trust-unsigned)
    assert stored_days(engine) == 1


def test_signatures_are_compared_in_constant_time(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    token = register(engine)
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    texts = [payload()]
    import_file(engine, document(texts, sign(token, texts)))
    assert len(calls) == 1 and calls[0][1] == sign(token, texts).encode()


def test_without_its_secret_the_province_says_it_cannot_check(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = register(engine)
    monkeypatch.setenv(usbkey.ENV_SECRET, str(tmp_path / "elsewhere" / "missing.secret"))
    texts = [payload()]
    with pytest.raises(usb.UsbImportRejected) as refused:
        import_file(engine, document(texts, sign(token, texts)))
    assert "cannot check USB files" in refused.value.problems[0]
    assert not (tmp_path / "elsewhere" / "missing.secret").exists()  # never made up on the spot to check


def test_an_outlet_registered_before_gets_its_key_at_its_next_online_call(engine: Engine) -> None:
    token = register(engine)
    with session_factory(engine).begin() as s:  # as registered before keys were kept
        s.scalars(select(ProvinceOutlet)).one().usb_key = None
    texts = [payload()]
    with pytest.raises(usb.UsbImportRejected) as refused:
        import_file(engine, document(texts, sign(token, texts)))
    assert "no USB key at the province yet" in refused.value.problems[0]
    live = LiveServer(engine).start()
    try:
        r = httpx.get(f"{live.url}/api/v1/whoami", headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert r.status_code == 200
    finally:
        live.stop()
    assert len(import_file(engine, document(texts, sign(token, texts))).acks) == 1


def test_a_new_token_makes_a_new_key(engine: Engine) -> None:
    old_token = register(engine)
    with session_factory(engine).begin() as s:
        auth.revoke_outlet(s, "VL04")
        _o, new_token = auth.add_outlet(s, "VL04")
    texts = [payload()]
    with pytest.raises(usb.UsbImportRejected):
        import_file(engine, document(texts, sign(old_token, texts)))
    assert len(import_file(engine, document(texts, sign(new_token, texts))).acks) == 1
