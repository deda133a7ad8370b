"""How an issued invoice reaches the provider (and through it the tax authority): one module per provider.

A provider module in this package defines ``LABEL`` (its name for people) and ``create(config, folder)``
returning an object with the ``Provider`` protocol below. ``einvoice.provider`` names the module; adding a
provider is adding one module here (the settings' choice lists what this package holds).

A provider never touches the database: it gets a ``Submission`` (the frozen XML and the key it must deliver it
under) and answers ``Accepted`` or ``Waiting``, or raises ``Retryable`` (try later: network, timeouts, 429,
5xx), ``Unauthorized`` (the credentials are wrong: nothing is parked, the manager fixes the setting) or
``Refused`` (this document will never be accepted as it is: parked with the provider's reason).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from showroom_pos.core.errors import ValidationError

if TYPE_CHECKING:
    from ..issue import Config


@dataclass(frozen=True)
class Submission:
    """One document to deliver. ``key`` is its idempotency key (the provider's reference), the same on every
    attempt; ``provider_ref`` what the provider said last time (a tracking code), empty at first."""

    key: str
    kind: str  # invoice | adjustment | replacement | cancellation
    xml: str
    form: str
    symbol: str
    number: int | None
    code: str | None
    day: date
    issued_at: datetime
    total: int
    provider_ref: str = ""
    related_key: str | None = None

    @property
    def label(self) -> str:
        """How people name it: ``1C26MAA 00000012`` (a notice: ``TB 1C26MAA …``)."""
        if self.number is None:
            return f"TB-{self.form}{self.symbol}-{self.key[:8]}"
        return f"{self.form}{self.symbol}-{self.number:08d}"


@dataclass(frozen=True)
class Accepted:
    """The provider has it for good. ``number``/``code``/``url``: what it says the invoice is (its number, the
    tax authority's code when it composes it, a page to look the invoice up)."""

    reference: str = ""
    number: str = ""
    code: str = ""
    url: str = ""


@dataclass(frozen=True)
class Waiting:
    """Received and still being processed: ask again (with ``reference``) after ``retry_after`` seconds."""

    reference: str
    retry_after: float = 5.0
    note: str = ""


class ProviderError(Exception):
    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class Retryable(ProviderError):
    def __init__(self, message: str, *, status: int | None = None, code: str = "",
                 retry_after: float | None = None) -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after


class Unauthorized(ProviderError):
    pass


class Refused(ProviderError):
    pass


@dataclass(frozen=True)
class DayRow:
    """One line of a day's summary sheet (what the file-drop provider writes beside the XML files)."""

    label: str
    kind: str
    number: int | None
    code: str
    issued_at: datetime
    buyer: str
    buyer_tax_code: str
    total: int
    vat: int
    status: str
    file: str


@runtime_checkable
class Provider(Protocol):
    name: str

    def submit(self, item: Submission) -> Accepted | Waiting: ...

    def close(self) -> None: ...


@runtime_checkable
class SummarizingProvider(Provider, Protocol):
    """A provider that also wants each day's summary (the file drop writes it as a sheet)."""

    def summarize(self, day: date, rows: list[DayRow]) -> None: ...


@cache
def available() -> tuple[str, ...]:
    """The provider modules of this package, in name order (``file`` first: it needs nothing)."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(sorted(names, key=lambda n: n != "file"))


def label(name: str) -> str:
    return str(getattr(importlib.import_module(f"{__name__}.{name}"), "LABEL", name))


def create(name: str, config: Config, folder: Path) -> Provider:
    """The provider ``einvoice.provider`` names; ``folder`` is where files go when the settings name none."""
    if name not in available():
        raise ValidationError("Unknown e-invoice provider {name}; known: {known}.", name=name,
                              known=", ".join(available()))
    module = importlib.import_module(f"{__name__}.{name}")
    provider: Provider = module.create(config, folder)
    return provider
