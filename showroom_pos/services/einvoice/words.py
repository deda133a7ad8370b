"""An amount of đồng in Vietnamese words, as an invoice's "Số tiền viết bằng chữ" (``TgTTTBChu``).

Read by groups of three digits (đơn vị, nghìn, triệu, tỷ, then nghìn tỷ, triệu tỷ…). Inside a group:
"linh" (or "lẻ") for a zero tens digit before a unit ("một trăm linh năm"), "mười" for ten, "mốt" for 1 after
tens of twenty and more, "lăm" for 5 after any tens, "tư" for 4 after tens of twenty and more when asked for (the
default says "bốn"). A group after a higher one is read in full, "không trăm" included ("một triệu không trăm linh
năm nghìn"); a group of zeros is left out. The spellings are the rule set's (``words`` in the rules data).

Pure: no database, no Qt. ``tests/test_einvoice_words.py`` holds a table of known phrases.
"""

from __future__ import annotations

from dataclasses import dataclass

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


@dataclass(frozen=True)
class Spelling:
    """The choices Vietnamese usage leaves open, from the rule set's ``words``."""

    zero_tens: str = "linh"  # or "lẻ"
    four_after_tens: str = "bốn"  # or "tư"
    thousand: str = "nghìn"  # or "ngàn"
    billion: str = "tỷ"  # or "tỉ"
    currency: str = "đồng"
    negative: str = "Âm"

    @classmethod
    def from_rules(cls, words: dict[str, str] | None) -> Spelling:
        known = {k: v for k, v in (words or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)


def _group(n: int, full: bool, s: Spelling) -> list[str]:
    """Words of 0 < n < 1000; ``full``: a lower group, read with its hundreds even when they are 0."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(s.zero_tens)
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else s.four_after_tens)
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def number_words(n: int, spelling: Spelling | None = None) -> str:
    """``n`` (≥ 0) in lower-case words: 1_250_000 → "một triệu hai trăm năm mươi nghìn"."""
    s = spelling or Spelling()
    if n < 0:
        raise ValueError("number_words takes n ≥ 0")
    if n == 0:
        return DIGITS[0]
    groups: list[int] = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    # Scale words by the group's place: "", nghìn, triệu, tỷ, then nghìn tỷ, triệu tỷ, tỷ tỷ…
    words: list[str] = []
    top = len(groups) - 1
    for place in range(top, -1, -1):
        g = groups[place]
        if g:
            words += _group(g, full=place != top, s=s)
            words += _scale(place, s)  # each group carries its whole scale: "năm nghìn tỷ", never a lone "tỷ"
    return " ".join(words)


def _scale(place: int, s: Spelling) -> list[str]:
    """The unit words after group number ``place`` (0 = units): nghìn, triệu, tỷ, nghìn tỷ, triệu tỷ, tỷ tỷ…"""
    small = ("", s.thousand, "triệu")[place % 3]
    return ([small] if small else []) + [s.billion] * (place // 3)


def amount_in_words(amount: int, spelling: Spelling | None = None) -> str:
    """The amount as an invoice writes it: capitalised, with the currency, "Âm …" when negative (an adjusting
    invoice that lowers the original): 125_000 → "Một trăm hai mươi lăm nghìn đồng"."""
    s = spelling or Spelling()
    text = number_words(abs(amount), s)
    if amount < 0:
        text = f"{s.negative} {text}"
    text = f"{text} {s.currency}".strip()
    return text[:1].upper() + text[1:]
