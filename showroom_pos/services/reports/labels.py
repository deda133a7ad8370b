"""The English labels reports show, translated by the caller in context "Reports": the titles of the groupings
a report can be by, and the names of enumeration values (producer kinds, OCOP groups, payment methods…)."""

from __future__ import annotations

from showroom_pos.core.errors import N_

DIMENSION_TITLES = {
    "day": N_("Day"), "week": N_("Week"), "month": N_("Month"), "hour": N_("Hour of day"), "product": N_("Product"),
    "producer": N_("Producer"), "producer_kind": N_("Producer kind"), "stars": N_("OCOP stars"),
    "group": N_("Product group"),
    "payment": N_("Payment method"), "cashier": N_("Cashier"),
}
PRODUCER_KIND_LABELS = {"enterprise": N_("Enterprise"), "cooperative": N_("Cooperative"),
                        "coop_group": N_("Cooperative group"), "household": N_("Household business")}
GROUP_LABELS = {"food": N_("Food"), "beverage": N_("Beverages"), "herbal": N_("Herbal products"),
                "handicraft": N_("Handicrafts"),
                "ornamental": N_("Ornamental plants and animals"), "tourism": N_("Rural tourism services")}
METHOD_LABELS = {"cash": N_("Cash"), "card": N_("Card"), "transfer": N_("Bank transfer"), "ewallet": N_("E-wallet")}
PAID_LABELS = {"cash": N_("Paid in cash"), "card": N_("Paid by card"), "transfer": N_("Paid by bank transfer"),
               "ewallet": N_("Paid by e-wallet")}
REFUND_LABELS = {"cash": N_("Refunded in cash"), "card": N_("Refunded to card"), "transfer": N_("Refunded by transfer"),
                 "ewallet": N_("Refunded to e-wallet")}
STARS_LABELS = {3: N_("3 stars"), 4: N_("4 stars"), 5: N_("5 stars")}
NONE_LABEL = N_("(none)")
