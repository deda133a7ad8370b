"""The e-invoice business settings, added to the one settings registry (``services.settings.KEYS``) so that the
Settings screen, ``showroom-pos config`` and the audit log treat them like every other setting.

Imported by ``services.settings`` at its end: this module may use the registry's validators but must not import
anything that imports ``settings`` at load time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from showroom_pos.core.errors import N_, ValidationError

from ..settings import SettingKey, _choice, _url


def _provider(value: str) -> str:
    """One of the provider modules (``services/einvoice/providers``): adding a provider is adding a module."""
    from .providers import available

    value = value.strip()
    if value not in available():
        raise ValidationError("{key} must be one of: {options}.", options=", ".join(available()))
    return value

DEFAULT_SEPAY_URL = "https://einvoice-api.sepay.vn"


def _symbol(value: str) -> str:
    """The registered symbol: 6 characters, C or K, two year digits, M (cash register), two letters."""
    value = value.strip().upper()
    if value and not re.fullmatch(r"[CK][0-9]{2}M[A-Z]{2}", value):
        raise ValidationError("{key} must be 6 characters like C26MAA: C, two digits of the year, M, two letters.")
    return value


def _seller_code(value: str) -> str:
    value = value.strip().upper()
    if value and not re.fullmatch(r"[A-Z0-9]{5}", value):
        raise ValidationError("{key} must be the 5 letters or digits the tax authority gave the showroom.")
    return value


def _folder(value: str) -> str:
    return value.strip()


def _optional(check: Callable[[str], str]) -> Callable[[str], str]:
    def run(value: str) -> str:
        return check(value) if value.strip() else ""

    return run


KEYS: tuple[SettingKey, ...] = (
    SettingKey("einvoice.enabled", N_("Issue an e-invoice from the cash register for every sale"), "no",
               _choice("no", "yes"), kind="flag"),
    SettingKey("einvoice.form", N_("Invoice form (1 = VAT invoice, 2 = sales invoice)"), "1", _choice("1", "2")),
    SettingKey("einvoice.symbol", N_("Invoice symbol as registered, e.g. C26MAA (the year follows the calendar)"),
               validate=_symbol),
    SettingKey("einvoice.seller_code", N_("The 5 characters of the tax authority's code assigned to the showroom"),
               validate=_seller_code),
    SettingKey("einvoice.code_mode", N_("Who composes the tax authority's code: the till, or the provider"),
               "seller", _choice("seller", "provider")),
    SettingKey("einvoice.seller_name", N_("Seller's legal name on invoices (empty: the showroom name)")),
    SettingKey("einvoice.provider", N_("How invoices reach the provider"), "file", _provider),
    SettingKey("einvoice.export_folder", N_("Folder for the provider's import tool (empty: the data folder)"),
               validate=_folder),
    SettingKey("einvoice.provider_url", N_("Provider API address"), DEFAULT_SEPAY_URL, _optional(_url)),
    SettingKey("einvoice.provider_client_id", N_("Provider API client id")),
    SettingKey("einvoice.provider_client_secret", N_("Provider API client secret"), secret=True),
    SettingKey("einvoice.provider_account", N_("Provider account id (SePay: provider_account_id)")),
    SettingKey("einvoice.lookup_url", N_("Invoice lookup address printed as a QR code (empty: the rules' own)"),
               validate=_optional(_url)),
    SettingKey("einvoice.rules_version", N_("E-invoice rule set (empty: the newest in force)")),
    SettingKey("einvoice.rules_file", N_("A newer e-invoice rules file (empty: the shipped one)"), validate=_folder),
)
