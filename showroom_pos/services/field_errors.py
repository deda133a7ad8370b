"""Errors that name the input field they are about, so that a form can mark each field that is wrong.

The catalogue and stock use cases (and the product import) collect every problem of an input in a list
before they write anything, then ``raise_if`` it: one ``FieldError``, or ``InvalidFields`` naming them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from showroom_pos.core.errors import ValidationError


class FieldError(ValidationError):
    """One invalid field. ``field`` is the input's attribute name (``price``, ``barcodes``…); the
    message names the field in words, so it reads on its own in any language."""

    def __init__(self, message: str, *, field: str, **params: Any) -> None:
        self.field = field
        super().__init__(message, **params)


class InvalidFields(ValidationError):
    """Several fields are wrong at once: ``errors`` lists them all, so a form can mark each."""

    message = "Please correct: {details}"

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__(details=" ".join(e.text() for e in self.errors))


def raise_if(errors: list[FieldError]) -> None:
    """Raise the one error, or all of them together; nothing when the list is empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InvalidFields(errors)


def check_length(errors: list[FieldError], value: str | None, limit: int, field: str, label: str) -> None:
    """Add an error when ``value`` is longer than its column allows (``label`` names the field in words)."""
    if value and len(value) > limit:
        errors.append(FieldError("{label}: at most {limit} characters.", field=field, label=label, limit=limit))
