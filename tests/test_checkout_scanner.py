"""The scanner burst detector: a fast burst ending in Enter is a scan; anything else is typing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from showroom_pos.hardware.scanner import BurstDetector


def feed(det: BurstDetector, keys: str, start: float, gap: float) -> list[str]:
    """Feed printable keys ``gap`` ms apart; returns the text replayed as typing."""
    typed: list[str] = []
    t = start
    for ch in keys:
        d = det.printable(ch, t)
        assert d.consume
        typed += [k.text for k in d.replay]
        t += gap
    return typed


def test_fast_burst_ending_in_enter_is_a_scan() -> None:
    det = BurstDetector(max_key_interval_ms=30, min_length=6)
    assert feed(det, "8938000000019", 1000, 8) == []
    d = det.enter(1000 + 13 * 8)
    assert d.scan == "8938000000019"
    assert d.consume and d.replay == ()
    assert not det.holding


def test_slow_typing_is_replayed_not_scanned() -> None:
    det = BurstDetector(max_key_interval_ms=30, min_length=6)
    typed = feed(det, "mam tom", 0, 120)
    # every key but the last comes back as soon as the next one shows it was typing
    assert "".join(typed) == "mam to"
    assert [k.text for k in det.timeout().replay] == ["m"]


def test_enter_after_a_slow_burst_passes_through_with_the_text() -> None:
    det = BurstDetector(max_key_interval_ms=30, min_length=6)
    feed(det, "12", 0, 10)
    d = det.enter(500)
    assert d.scan is None and not d.consume
    assert [k.text for k in d.replay] == ["1", "2"]


def test_short_fast_burst_is_not_a_scan() -> None:
    det = BurstDetector(max_key_interval_ms=30, min_length=6)
    feed(det, "12345", 0, 5)
    d = det.enter(30)
    assert d.scan is None
    assert "".join(k.text for k in d.replay) == "12345"


def test_enter_alone_passes() -> None:
    det = BurstDetector()
    d = det.enter(0)
    assert d.scan is None and not d.consume and d.replay == ()


def test_other_key_releases_what_is_held() -> None:
    det = BurstDetector()
    feed(det, "ab", 0, 5)
    assert [k.text for k in det.other().replay] == ["a", "b"]
    assert det.other().replay == ()


def test_typing_then_a_scan_keeps_both_apart() -> None:
    det = BurstDetector(max_key_interval_ms=30, min_length=6)
    typed = feed(det, "3", 0, 0)
    typed += feed(det, "8938000000026", 400, 10)
    assert typed == ["3"]
    assert det.enter(400 + 130).scan == "8938000000026"


def test_timing_is_configurable() -> None:
    slow_scanner = BurstDetector(max_key_interval_ms=60, min_length=4)
    feed(slow_scanner, "ABCD", 0, 50)
    assert slow_scanner.enter(200).scan == "ABCD"
    strict = BurstDetector(max_key_interval_ms=20, min_length=4)
    feed(strict, "ABCD", 0, 50)
    assert strict.enter(200).scan is None


@given(
    st.text(alphabet="0123456789ABCDEFXYZ-", min_size=6, max_size=30),
    st.lists(st.integers(min_value=0, max_value=30), min_size=31, max_size=31),
)
def test_any_fast_burst_is_scanned_whole(code: str, gaps: list[int]) -> None:
    det = BurstDetector(max_key_interval_ms=30, min_length=6)
    t = 0.0
    for ch, gap in zip(code, gaps, strict=False):
        assert det.printable(ch, t).replay == ()
        t += gap
    assert det.enter(t).scan == code


@given(st.lists(st.tuples(st.sampled_from("ab1 "), st.floats(min_value=31, max_value=500)), max_size=40))
def test_typing_is_never_lost(keys: list[tuple[str, float]]) -> None:
    det = BurstDetector(max_key_interval_ms=30, min_length=6)
    out: list[str] = []
    t = 0.0
    for ch, gap in keys:
        t += gap
        out += [k.text for k in det.printable(ch, t).replay]
    out += [k.text for k in det.timeout().replay]
    assert "".join(out) == "".join(ch for ch, _ in keys)
