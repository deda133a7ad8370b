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


def file_slug(text: str) -> str:
    """``Doanh thu theo ngày`` → ``doanh-thu-theo-ngay``: a file name a person can read in any language, that every
    file system, e-mail client and USB stick takes as it is."""
    return "-".join(re.findall("[a-z0-9]+", fold(text)))


def matches(query: str, folded_haystack: str) -> bool:
    """Every word of the query appears in the already-folded text."""
    return all(word in folded_haystack for word in fold(query).split())


# Vietnamese alphabetical order (as dictionaries and Excel's Vietnamese sort): ă and â follow a, đ follows d, ê e,
# ô and ơ o, ư u; tones only break ties (a, à, ả, ã, á, ạ: CLDR's order for Vietnamese). Two translation tables over
# composed (NFC) lower-case letters, so that a key is two ``str.translate`` calls: 50,000 names in ~0.1 s.
_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, grave, hook, tilde, acute, dot below


def _sort_tables() -> tuple[dict[int, str], dict[int, str]]:
    """Each composed letter (with or without a tone) → its place in the alphabet, and → its tone."""
    primary: dict[int, str] = {}
    tones: dict[int, str] = {}
    for rank, letter in enumerate(_ALPHABET):
        for tone, mark in enumerate(_TONE_MARKS):
            composed = unicodedata.normalize("NFC", letter + mark)
            if len(composed) == 1:  # a letter Unicode composes with this tone (all Vietnamese vowels do)
                primary[ord(composed)] = chr(0x4E00 + rank)  # after digits, spaces and punctuation
                tones[ord(composed)] = str(tone)
    return primary, tones


_PRIMARY, _TONE = _sort_tables()


def vietnamese_sort_key(text: str) -> tuple[str, str, str]:
    """A key that sorts names in Vietnamese order: "Dưa hấu" before "Đông trùng hạ thảo" (ignoring the diacritics, as
    ``fold`` does for search, puts Đ among the D's), "Cam" before "Cân"; then tones, then case."""
    lower = unicodedata.normalize("NFC", text).lower()
    return lower.translate(_PRIMARY), lower.translate(_TONE), text


def vietnamese_sort_text(text: str) -> str:
    """``vietnamese_sort_key`` as one string that sorts the same by code point, so that SQLite can keep and order by
    it (``product.name_sort``, migration 0014; UTF-8 bytes compare in code point order): its three parts joined by
    U+0001, below every character a name holds."""
    return "\x01".join(vietnamese_sort_key(text))
