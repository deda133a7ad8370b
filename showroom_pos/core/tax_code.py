"""Vietnamese tax codes (mã số thuế, 10 or 13 digits with a check digit), checked by python-stdnum.

python-stdnum (and the ``pydoc`` it imports) is loaded when a code is first checked, not with every module
that might check one: the till's start and the commands that never see a tax code do not pay for it."""

from __future__ import annotations


def is_valid(code: str) -> bool:
    from stdnum.vn import mst

    return bool(mst.is_valid(code))


def compact(code: str) -> str:
    """The code without spaces and separators, as it is stored."""
    from stdnum.vn import mst

    return str(mst.compact(code))
