"""The till's use cases, one module each (import the module you need; this package re-exports nothing):

- ``product_lookup``: a scanned or typed code, or a search, to a cart line (``ProductIndex``, ``line_for_scan``).
- ``saved_carts``: the cart in progress kept in the database, parked carts, the hand-over at a login.
- ``cart_saver``: the thread that saves the cart in progress after every change.
- ``cart_approvals``: which price changes and discounts need a manager, and the sale's re-check of them.
- ``checkout_sale``: completing a checkout (approvals, the sale, the saved cart dropped), the next receipt number,
  the VietQR for a transfer.
- ``sale_writer``: the one transaction that writes a sale (also used by the demo and the simulator), payments.
- ``voids``: voiding the last sale of the till.
- ``sale_returns``: goods back against a sale, and their refund.
- ``cash_drawer``: cash in/out and opening the drawer without a sale.
- ``quick_keys``: the products on the quick keys.

The cart itself (lines, discounts, approvals, its JSON form) is pure and lives in ``core.cart_state``.
"""
