from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showroom_pos.core.money import allocate, format_vnd, parse_vnd, percent_of, vat_included
from showroom_pos.core.security import hash_pin, validate_pin, verify_pin
from showroom_pos.core.text import file_slug, fold, matches, nfc, vietnamese_sort_key


def test_vnd_is_written_with_dots_and_the_dong_sign() -> None:
    assert format_vnd(125_000) == "125.000 ₫"
    assert format_vnd(0) == "0 ₫"
    assert format_vnd(1_234_567) == "1.234.567 ₫"
    assert format_vnd(-5_000) == "-5.000 ₫"
    assert format_vnd(-999) == "-999 ₫" and format_vnd(-1_000_000, symbol=False) == "-1.000.000"


@pytest.mark.parametrize("typed,value", [("125.000", 125_000), ("125000", 125_000), ("125.000 ₫", 125_000),
                                         ("50k", 50_000), (" 1.000.000 ", 1_000_000)])
def test_parse_what_people_type(typed: str, value: int) -> None:
    assert parse_vnd(typed) == value


@pytest.mark.parametrize("bad", ["", "abc", "12,5a", "₫"])
def test_parse_refuses_garbage(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_vnd(bad)


@given(st.integers(min_value=0, max_value=10**12))
def test_format_and_parse_round_trip(amount: int) -> None:
    assert parse_vnd(format_vnd(amount)) == amount


def test_vat_included_in_price_rounds_half_up() -> None:
    assert vat_included(108_000, 800) == 8_000
    assert vat_included(110_000, 1000) == 10_000
    assert vat_included(55_000, 0) == 0
    assert percent_of(15, 5000) == 8  # 7.5 rounds up


@given(st.integers(min_value=0, max_value=10**9), st.lists(st.integers(min_value=0, max_value=10**7), min_size=1,
                                                           max_size=30))
def test_allocate_shares_sum_exactly(total: int, weights: list[int]) -> None:
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert all(s >= 0 for s in shares)


def test_folding_ignores_diacritics_and_case() -> None:
    name = fold("Mắm tôm chà Gò Công")
    for query in ("mam tom", "MAM TOM", "mắm tôm", "Mắm Tôm chà"):
        assert matches(query, name)
    assert fold("Đông trùng hạ thảo") == "dong trung ha thao"
    assert matches("d", fold("đ"))
    assert not matches("mam ca", name)


def test_file_names_read_as_the_title_without_marks() -> None:
    assert file_slug("Doanh thu theo ngày") == "doanh-thu-theo-ngay"
    assert file_slug("Đơn vị / nhà sản xuất (OCOP 4★)") == "don-vi-nha-san-xuat-ocop-4"
    assert file_slug("Sales by OCOP stars") == "sales-by-ocop-stars"


def test_names_sort_in_vietnamese_order() -> None:
    """As a Vietnamese dictionary (and Excel's Vietnamese sort): ă â after a, đ after d, ê after e, ô ơ after o, ư after
    u, tones only to break ties (a à ả ã á ạ); case ignored. Folded as search folds them, "Đông trùng…" came between
    "Củ kiệu" and "Dưa hấu"; by code point, after "Xoài"."""
    expected = ["2 món", "An", "Ăn", "Âm", "Bánh phồng", "Cà phê", "Cải chua", "Cam", "Cân", "Cây mai", "Dừa",
                "Dưa hấu", "dưa leo", "Đậu phộng", "Đông trùng hạ thảo", "Em", "Êm", "Ô mai", "Ốc", "Ơn", "Uống", "Ưa",
                "Xoài"]
    assert sorted(reversed(expected), key=vietnamese_sort_key) == expected
    assert sorted(["Má", "Mạ", "Mà", "Ma", "Mả", "Mã"], key=vietnamese_sort_key) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    decomposed = unicodedata.normalize("NFD", "Đặc sản")  # the same name typed decomposed sorts the same
    assert decomposed != nfc(decomposed) and vietnamese_sort_key(nfc(decomposed))[:2] == vietnamese_sort_key(
        decomposed)[:2]


@given(st.lists(st.text(alphabet="aăâbcdđeêoôơuưyàáảãạằắẳẵặầấẩẫậềếểễệồốổỗộờớởỡợừứửữựAĂÂĐ ", max_size=8), max_size=12))
def test_the_vietnamese_order_is_total_and_stable(names: list[str]) -> None:
    ordered = sorted(names, key=vietnamese_sort_key)
    assert sorted(ordered, key=vietnamese_sort_key) == ordered
    assert sorted(names) == sorted(ordered)  # nothing lost or added


def test_pin_hash_verifies_only_the_right_pin() -> None:
    stored = hash_pin("2468", n=2**10)
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("2468", "garbage")
    assert stored != hash_pin("2468", n=2**10)  # salted


def test_short_or_non_numeric_pins_are_refused() -> None:
    assert validate_pin("123") is not None
    assert validate_pin("12a4") is not None
    assert validate_pin("1357") is None and validate_pin("2468") is None and validate_pin("7319") is None


def test_the_pins_tried_first_are_refused() -> None:
    """A cashier's PIN of 1111 or 1234 is the first a thief tries: refused when set (existing ones still log in)."""
    for pin in ("0000", "1111", "9999", "1234", "4321", "0123", "6789", "7890", "3210", "123456", "98765"):
        assert validate_pin(pin) is not None and "easy to guess" in str(validate_pin(pin)), pin
    for pin in ("1357", "2468", "1212", "1243", "9990", "2580", "12345670"):
        assert validate_pin(pin) is None, pin


def test_digit_strings_are_checked_in_one_place() -> None:
    """``'²'.isdigit()`` is True and ``int('²')`` fails: every module asks ``core.text.is_ascii_digits``."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "showroom_pos"
    bare = re.compile(r"\.isdigit\(\)")
    offending = [f"{path.relative_to(package)}:{n}" for path in sorted(package.rglob("*.py"))
                 if path.name != "text.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if bare.search(line) and "isascii()" not in line]
    assert offending == []
