"""Vietnamese text folding, so that ``mam tom``, ``MAM TOM`` and ``mắm tôm`` all find ``Mắm tôm chà``."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ð": "d"})


def is_ascii_digits(text: str) -> bool:
    """Only 0–9: ``str.isdigit`` also accepts ``²``, full-width and Arabic-Indic digits, which ``int`` mishandles."""
    return text.isascii() and text.isdigit()


# The combining marks of U+0300–U+036F, every one of which has a combining class, except U+034F: all the
# marks Vietnamese letters decompose into.
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def strip_diacritics(text: str) -> str:
    """``Mắm tôm Đông`` → ``Mam tom Dong``: for ASCII-only fields such as a VietQR purpose."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = _MARKS.sub("", decomposed)
    if stripped.isascii():  # Vietnamese (and Latin) text: the marks were all combining, and all are gone
        return stripped
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d), collapse whitespace."""
    return " ".join(strip_diacritics(text).lower().split())


def nfc(text: str) -> str:
    """Composed form: the one we store and print, whatever the keyboard or import produced."""
    return unicodedata.normalize("NFC", text)


def matches(query: str, folded_haystack: str) -> bool:
    """Every word of the query appears in the already-folded text."""
    return all(word in folded_haystack for word in fold(query).split())


# Vietnamese alphabetical order (as dictionaries and Excel's Vietnamese sort): ă and â follow a, đ follows d, ê e,
# ô and ơ o, ư u; tones only break ties (a, à, ả, ã, á, ạ: CLDR's order for Vietnamese).
_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: chr(0x4E00 + rank) for rank, letter in enumerate(_ALPHABET)}  # after digits and spaces
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def vietnamese_sort_key(text: str) -> tuple[str, str, str]:
    """A key that sorts names in Vietnamese order: "Dưa hấu" before "Đông trùng hạ thảo" (ignoring the diacritics, as
    ``fold`` does for search, puts Đ among the D's), "Cam" before "Cân"; letters before case, case before nothing."""
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if unicodedata.combining(char) and letters:  # breve, circumflex, horn: part of the letter
            letter = unicodedata.normalize("NFC", letters[-1] + char)
            if letter in _LETTER_RANK:
                letters[-1] = letter
            continue
        letters.append(char)
        tones.append("0")
    return "".join(_LETTER_RANK.get(c, c) for c in letters), "".join(tones), text
