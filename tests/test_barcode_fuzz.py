"""Property tests of the barcode parser (``core/barcode.py``): whatever a scanner or a person types, the
answer is a symbology, a decoded price/weight code, or a clean ``BarcodeError`` (a ``UserError`` naming
the code), never another exception; and the check digit catches the errors it is meant to catch."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from showroom_pos.core.barcode import (
    BarcodeError,
    EmbeddedCode,
    EmbeddedLayout,
    Symbology,
    classify,
    gtin_check_digit,
    has_valid_check_digit,
    normalize_gtin,
    parse_embedded,
    with_check_digit,
)
from showroom_pos.core.errors import UserError

GTIN_LENGTHS = {Symbology.EAN8: 8, Symbology.UPCA: 12, Symbology.EAN13: 13}
ascii_digits = st.text(alphabet=string.digits, min_size=1, max_size=16)
# A known bug in core/barcode.py (reported to its owner): it takes str.isdigit() for "made of 0-9", so a
# superscript digit ("²") reaches int() and raises a plain ValueError, and full-width or Arabic-Indic digits
# pass as a valid EAN-13 (and could be stored as a product's barcode). The exact cases are strict xfails
# below, so they turn into failures the day the bug is fixed; the random inputs leave those characters out
# until then so the suite stays green.
KNOWN_BUG = "core/barcode.py: str.isdigit() accepts non-ASCII digits ('²' crashes int(); '８' passes as EAN-13)"


def _without_known_bug(text: str) -> bool:
    return True  # the bug below is fixed: non-ASCII digits are refused like any other non-digit


# What a keyboard-wedge scanner or a person may send: digits, letters, spaces, control characters,
# Vietnamese, and very long strings.
scanned = st.one_of(st.text(max_size=80), ascii_digits, st.text(alphabet=string.printable, max_size=60),
                    st.text(alphabet=st.characters(categories=["Nd", "No", "Zs", "Cc"]), max_size=16),
                    ).filter(_without_known_bug)


def gtin_body(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.digits, min_size=length - 1, max_size=length - 1)


@st.composite
def layouts(draw: st.DrawFn) -> EmbeddedLayout:
    item = draw(st.integers(1, 9))
    value = draw(st.integers(1, 10 - item))
    prefixes = tuple(sorted(draw(st.sets(st.sampled_from([f"2{d}" for d in range(10)]), min_size=1))))
    kind = draw(st.sampled_from(["weight", "price"]))
    return EmbeddedLayout(prefixes, item, value, draw(st.integers(0, value)), kind)


def _clean(call: object) -> object:
    """The result of ``call()``, or the BarcodeError it raised; any other exception fails the test."""
    assert callable(call)
    try:
        return call()
    except BarcodeError as exc:
        assert isinstance(exc, UserError) and isinstance(exc, ValueError)
        assert exc.text() and exc.code is not None
        return exc


@settings(max_examples=400)
@given(scanned)
@example("\x00" * 13)
@example(" 8938000000019\r\n")
def test_classify_gives_a_symbology_or_a_clean_error(code: str) -> None:
    result = _clean(lambda: classify(code))
    if isinstance(result, BarcodeError):
        return
    assert isinstance(result, Symbology)
    stripped = code.strip()
    if result in GTIN_LENGTHS:
        assert stripped.isascii() and stripped.isdigit() and len(stripped) == GTIN_LENGTHS[result]
        assert has_valid_check_digit(stripped)
    else:
        assert result is Symbology.CODE128
        assert 1 <= len(stripped) <= 48 and all(" " <= ch <= "~" for ch in stripped)


@given(st.text(max_size=30))
def test_check_digit_helpers_never_raise_on_text(code: str) -> None:
    assert isinstance(has_valid_check_digit(code), bool)
    assert isinstance(normalize_gtin(code), str)


@given(st.sampled_from([8, 12, 13]).flatmap(gtin_body))
def test_a_code_with_its_check_digit_is_valid_and_classified_by_length(body: str) -> None:
    code = with_check_digit(body)
    assert 0 <= gtin_check_digit(body) <= 9
    symbology = classify(code)
    assert GTIN_LENGTHS[symbology] == len(code)
    gtin = normalize_gtin(code)
    assert has_valid_check_digit(gtin) and gtin.endswith(code)
    assert len(gtin) == (13 if len(code) in (12, 13) else 8)


@given(gtin_body(13), st.integers(0, 12), st.integers(1, 9))
def test_every_single_digit_error_is_caught(body: str, position: int, shift: int) -> None:
    code = with_check_digit(body)
    wrong = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1:]
    assert isinstance(_clean(lambda: classify(wrong)), BarcodeError)


@given(gtin_body(13), st.integers(0, 11))
def test_adjacent_transpositions_are_caught_unless_the_digits_differ_by_five(body: str, position: int) -> None:
    code = with_check_digit(body)
    a, b = code[position], code[position + 1]
    assume(a != b)
    swapped = code[:position] + b + a + code[position + 2:]
    result = _clean(lambda: classify(swapped))
    if abs(int(a) - int(b)) == 5:
        assert isinstance(result, Symbology | BarcodeError)  # GS1's weights cannot see this one
    else:
        assert isinstance(result, BarcodeError)


@settings(max_examples=300)
@given(scanned, layouts())
def test_parse_embedded_gives_none_a_code_or_a_clean_error(code: str, layout: EmbeddedLayout) -> None:
    result = _clean(lambda: parse_embedded(code, layout))
    if isinstance(result, EmbeddedCode):
        assert code.isascii() and len(code) == 13 and code[:2] in layout.prefixes
        assert result.item_code == code[:2 + layout.item_digits]
        assert (result.grams is None) != (result.price is None)
        assert (result.grams or 0) >= 0 and (result.price or 0) >= 0
    else:
        assert result is None or isinstance(result, BarcodeError)


@given(layouts(), st.data())
def test_an_embedded_code_decodes_to_what_was_encoded(layout: EmbeddedLayout, data: st.DataObject) -> None:
    prefix = data.draw(st.sampled_from(layout.prefixes))
    item = data.draw(st.text(alphabet=string.digits, min_size=layout.item_digits, max_size=layout.item_digits))
    value = data.draw(st.integers(0, 10**layout.value_digits - 1))
    filler = "0" * (10 - layout.item_digits - layout.value_digits)
    code = with_check_digit(f"{prefix}{item}{value:0{layout.value_digits}d}{filler}")
    decoded = parse_embedded(code, layout)
    assert decoded is not None and decoded.item_code == prefix + item
    if layout.kind == "weight":
        assert decoded.grams == value * 1000 // 10**layout.decimals and decoded.price is None
    else:
        assert decoded.price == value // 10**layout.decimals and decoded.grams is None
    assert classify(code) is Symbology.EAN13


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=40), st.lists(st.text(alphabet="0123456789,:wehigtpric-", max_size=6),
                                                   min_size=1, max_size=6).map(":".join)))
@example("weight:5:5:3")
@example("price:99999999999999999999:5:0")
@example("weight:5:5:3:")
def test_a_layout_setting_parses_or_is_refused_with_value_error(text: str) -> None:
    try:
        layout = EmbeddedLayout.from_setting(text)
    except ValueError:
        return
    assert EmbeddedLayout.from_setting(layout.to_setting()) == layout
    assert 2 + layout.item_digits + layout.value_digits <= 12


@given(layouts())
def test_a_layout_survives_its_setting_text(layout: EmbeddedLayout) -> None:
    assert EmbeddedLayout.from_setting(layout.to_setting()) == layout


FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in "8938000000015")
ARABIC_INDIC = "".join("٠١٢٣٤٥٦٧٨٩"[int(c)] for c in "8938000000015")


@pytest.mark.parametrize("code", ["²" * 13, "893800000001²", FULL_WIDTH, ARABIC_INDIC])
def test_non_ascii_digits_are_refused_cleanly(code: str) -> None:
    assert isinstance(_clean(lambda: classify(code)), BarcodeError)


def test_non_ascii_digits_in_a_scale_code_are_refused_cleanly() -> None:
    result = _clean(lambda: parse_embedded("20" + "²" * 11, EmbeddedLayout()))
    assert result is None or isinstance(result, BarcodeError)
