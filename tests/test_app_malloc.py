"""The till asks glibc for two malloc arenas (see ``runtime.malloc``); an environment setting wins."""

from __future__ import annotations

import platform
import sys

import pytest

from showroom_pos.runtime.malloc import limit_malloc_arenas

glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not glibc, reason="glibc only: elsewhere limit_malloc_arenas does nothing")
def test_glibc_takes_the_arena_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True


def test_an_arena_setting_in_the_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False
