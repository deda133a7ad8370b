"""Stock: what the showroom holds of each product, as a ledger of movements.

- ``movements``: ``post_movements``, the only writer of the ledger; it keeps ``product.on_hand`` equal to the
  sum of the product's movements, in the caller's transaction.
- ``receiving``: goods receipts from producers (consigned or bought), their printed note and their list.
- ``counts``: stock counts, saved line by line and approved by a manager.
- ``adjustments``: stock taken out (damaged, expired, tasting, returned to the producer) or put in, with a reason.
- ``negative_stock``: the guard that refuses to take stock below zero unless the outlet allows it.
- ``ledger``: every movement of a product with its running balance.
- ``alerts``: what a manager must act on (negative and low stock, certificates, best-before dates).
- ``valuation``: what a quantity is worth at a unit price (goods by weight: per kilogram, counted in grams).

Every function takes the caller's ``Session`` and writes nothing on error: all checks run before the first
write, and a ``UserError`` is raised so that the caller rolls back. Permissions come from ``permissions``; an
``actor`` of ``None`` is the command line, run by whoever holds the database file (like ``config set``).
"""
