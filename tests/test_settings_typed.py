"""Settings are read typed in one place: numbers and yes/no flags parsed and checked by the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.errors import ValidationError
from showroom_pos.services import settings
from showroom_pos.storage.models import Setting

from .conftest import Outlet

PACKAGE = Path(__file__).resolve().parents[1] / "showroom_pos"


def test_numbers_and_flags_come_typed(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as session:
        settings.set(session, "checkout.cash_rounding", "500")
        assert settings.number(session, "checkout.cash_rounding") == 500
        assert settings.flag(session, "stock.allow_negative") is False
        settings.set(session, "stock.allow_negative", "yes")
        settings.set(session, "backup.keep", "12")
        assert settings.flag(session, "stock.allow_negative") is True
        values = settings.get_many(session, "")
        assert values.number("backup.keep") == 12 and values.flag("stock.allow_negative") is True
        assert values["backup.keep"] == "12"  # still the stored text for forms


def test_a_stored_value_the_rule_refuses_is_a_clear_error_naming_the_key(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        session.add(Setting(key="security.auto_lock_minutes", value="ten"))  # edited outside the app
        session.flush()
        with pytest.raises(ValidationError) as caught:
            settings.number(session, "security.auto_lock_minutes")
        assert caught.value.params == {"key": "security.auto_lock_minutes", "value": "ten"}


def test_reading_a_key_as_the_wrong_kind_is_a_programming_error(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session, pytest.raises(TypeError):
        settings.number(session, "receipt.footer")


def test_every_number_and_flag_key_declares_its_kind() -> None:
    for key, spec in settings.KEYS.items():
        default = spec.default
        if spec.kind == "number":
            assert int(spec.validate(default)) >= 0, key
        elif spec.kind == "flag":
            assert default in ("yes", "no"), key
        else:
            assert default not in ("yes", "no"), key


def test_no_caller_casts_a_setting_itself() -> None:
    cast = re.compile(r"int\(\s*(settings\.get\(|values\[|v\[|settings\.default_of\()|(\)|\])\s*== [\"']yes[\"']")
    offending = [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
                 if path.name != "settings.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if cast.search(line)]
    assert offending == []
