"""The total in words (TgTTTBChu) against a table of known Vietnamese phrases."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showroom_pos.services.einvoice.rules import for_day
from showroom_pos.services.einvoice.words import Spelling, amount_in_words, number_words

KNOWN = [
    (0, "Không đồng"),
    (1_000, "Một nghìn đồng"),
    (10_000, "Mười nghìn đồng"),
    (11_000, "Mười một nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (25_000, "Hai mươi lăm nghìn đồng"),
    (55_000, "Năm mươi lăm nghìn đồng"),
    (65_000, "Sáu mươi lăm nghìn đồng"),
    (100_000, "Một trăm nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),  # DOMAIN.md's own example
    (110_000, "Một trăm mười nghìn đồng"),
    (115_500, "Một trăm mười lăm nghìn năm trăm đồng"),
    (125_000, "Một trăm hai mươi lăm nghìn đồng"),  # the example
    (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),  # DOMAIN.md's own example
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_000_500, "Một triệu năm trăm đồng"),
    (2_000_050, "Hai triệu không trăm năm mươi đồng"),
    (10_000_000, "Mười triệu đồng"),
    (21_500_000, "Hai mươi mốt triệu năm trăm nghìn đồng"),
    (101_101_101, "Một trăm linh một triệu một trăm linh một nghìn một trăm linh một đồng"),
    (226_750, "Hai trăm hai mươi sáu nghìn bảy trăm năm mươi đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (-53_353, "Âm năm mươi ba nghìn ba trăm năm mươi ba đồng"),
]


@pytest.mark.parametrize(("amount", "words"), KNOWN)
def test_known_phrases(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_the_choices_usage_leaves_open_come_from_the_rules() -> None:
    lẻ_tư = Spelling(zero_tens="lẻ", four_after_tens="tư", thousand="ngàn")
    assert amount_in_words(104_000, lẻ_tư) == "Một trăm lẻ bốn ngàn đồng"
    assert amount_in_words(24_000, lẻ_tư) == "Hai mươi tư ngàn đồng"
    assert amount_in_words(14_000, lẻ_tư) == "Mười bốn ngàn đồng"  # "tư" only after tens of twenty and more
    shipped = for_day(date(2026, 1, 28)).spelling
    assert amount_in_words(104_000, shipped) == "Một trăm linh bốn nghìn đồng"


DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
         "bảy": 7, "tám": 8, "chín": 9}


def read_back(words: str) -> int:
    """A small reader of the phrases (not the writer run backwards): hundreds, tens, units per group."""
    total = group = 0
    tokens = words.split()
    i = 0
    current = 0
    while i < len(tokens):
        t = tokens[i]
        if t in DIGIT:
            current = DIGIT[t]
        elif t == "trăm":
            group += current * 100
            current = 0
        elif t == "mươi":
            group += current * 10
            current = 0
        elif t == "mười":
            group += 10
        elif t == "linh":
            pass
        elif t in ("nghìn", "triệu", "tỷ"):
            group += current
            current = 0
            scale = {"nghìn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000}[t]
            if t == "tỷ":
                total = (total + group) * scale
            else:
                total += group * scale
            group = 0
        i += 1
    return total + group + current


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_words_read_back_to_the_amount(n: int) -> None:
    words = number_words(n)
    assert read_back(words) == n, words
    assert "  " not in words and not words.startswith(" ")
