"""Officer logins: an unknown user name costs the same scrypt work as a real one (its answer's time does
not tell which names exist), a user name that keeps failing is locked with an escalating wait, and every
429 says how long to wait (``Retry-After``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from showroom_pos.province import auth
from showroom_pos.province.db import session_factory
from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import PASSWORD, add_staff, engine_for, form_token, post_login
from tests.province_support import LiveServer


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for("sqlite", tmp_path)


def test_unknown_and_known_users_cost_the_same_scrypt_work(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    add_staff(engine, "lan.nguyen")
    calls: list[dict[str, Any]] = []
    real = hashlib.scrypt

    def recording(password: bytes, **kwargs: Any) -> bytes:
        calls.append({k: kwargs[k] for k in ("n", "r", "p")})
        return real(password, **kwargs)

    auth._dummy_hash()  # made once, beforehand (at the first login in the server)
    monkeypatch.setattr(hashlib, "scrypt", recording)
    with session_factory(engine)() as s:
        assert auth.check_password(s, "lan.nguyen", "wrong password!") is None
        assert auth.check_password(s, "nobody.here", "wrong password!") is None
        assert auth.check_password(s, "lan.nguyen", PASSWORD) is not None
    assert len(calls) == 3 and calls[0] == calls[1] == calls[2], calls


def test_the_throttle_locks_a_name_with_an_escalating_wait() -> None:
    throttle = auth.LoginThrottle(free=3, base=30, cap=100)
    assert [throttle.failed("Lan.Nguyen", now=0) for _ in range(3)] == [0, 0, 0]
    assert throttle.wait("lan.nguyen", now=0) == 0
    assert throttle.failed("lan.nguyen ", now=0) == 30  # case and spaces do not make another name
    assert throttle.wait("LAN.NGUYEN", now=10) == 20
    assert throttle.failed("lan.nguyen", now=31) == 60
    assert throttle.failed("lan.nguyen", now=100) == 100  # capped
    assert throttle.wait("minh", now=100) == 0  # other names are not affected
    throttle.succeeded("lan.nguyen")
    assert throttle.wait("lan.nguyen", now=100) == 0


def test_a_name_that_keeps_failing_is_locked_with_retry_after(engine: Engine) -> None:
    add_staff(engine, "lan.nguyen")
    add_staff(engine, "minh.tran")
    live = LiveServer(engine, ServerConfig(login_free_failures=2, login_lock_base=60)).start()
    try:

        def attempt(user: str, password: str) -> httpx.Response:
            with httpx.Client(base_url=live.url, timeout=30) as client:
                return post_login(client, user, password)

        for name in ("lan.nguyen", "ghost.user"):  # a real name and one that does not exist: the same answers
            answers = [attempt(name, "wrong password!").status_code for _ in range(3)]
            assert answers == [401, 401, 401], (name, answers)
            locked = attempt(name, PASSWORD)
            assert locked.status_code == 429, name
            assert 1 <= int(locked.headers["Retry-After"]) <= 60
            assert "Thử quá nhiều lần" in locked.text
        assert attempt("minh.tran", PASSWORD).status_code == 303  # another officer is not locked out
    finally:
        live.stop()


def test_the_address_limit_says_when_to_come_back(engine: Engine) -> None:
    live = LiveServer(engine, ServerConfig(auth_fail_rate=0.01, auth_fail_burst=2)).start()
    try:
        with httpx.Client(base_url=live.url, timeout=30) as client:
            codes = [post_login(client, f"u{i}", "x") for i in range(3)]
        assert [c.status_code for c in codes] == [401, 401, 429]
        assert int(codes[2].headers["Retry-After"]) >= 1
    finally:
        live.stop()


def test_the_login_form_needs_its_own_csrf_token(engine: Engine) -> None:
    """A login posted without the form's token (another site's form: SameSite=Strict keeps the cookie back, and
    it cannot read the page), with a token but no cookie, or with another form's token, is refused before any
    password is checked; the form's own token and cookie log in."""
    add_staff(engine, "lan.nguyen")
    live = LiveServer(engine).start()
    try:
        good = {"username": "lan.nguyen", "password": PASSWORD}
        with httpx.Client(base_url=live.url, timeout=30) as client:
            form = client.get("/login")
            cookie = form.headers["set-cookie"].lower()
            assert "ocop_login=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
            token = form_token(client)
            no_token = client.post("/login", data=good)
            assert no_token.status_code == 403 and "ocop_session" not in no_token.headers.get("set-cookie", "")
            assert "hết hạn hoặc không gửi từ trang này" in no_token.text
            other = client.post("/login", data={**good, "csrf": token + "x"})
            assert other.status_code == 403
        with httpx.Client(base_url=live.url, timeout=30) as cross_site:  # the token, but no cookie with it
            assert cross_site.post("/login", data={**good, "csrf": token}).status_code == 403
        with httpx.Client(base_url=live.url, timeout=30, follow_redirects=False) as client:
            r = post_login(client, "lan.nguyen")
            assert r.status_code == 303 and "ocop_session=" in r.headers.get("set-cookie", "")
    finally:
        live.stop()


def test_refused_forms_do_not_count_as_failed_passwords(engine: Engine) -> None:
    add_staff(engine, "lan.nguyen")
    live = LiveServer(engine, ServerConfig(login_free_failures=2)).start()
    try:
        with httpx.Client(base_url=live.url, timeout=30, follow_redirects=False) as client:
            for _ in range(5):
                assert client.post("/login", data={"username": "lan.nguyen", "password": "x"}).status_code == 403
            assert post_login(client, "lan.nguyen").status_code == 303
    finally:
        live.stop()
