"""Reports for managers: sales, stock and cash, as plain data the screen, the exports and the CLI share.

Every report is a ``table.Report``: typed columns and rows of plain values (money in whole đồng, dates as
``date``, percentages in basis points), so that exports keep numbers as numbers and tests can compare to
the đồng. Titles and enumeration labels are English source text; the caller translates them.

Definitions (also in the README):
- A sale counts on its business day, a return on the return's business day; voided sales never count.
- *Gross* is price × quantity, *discounts* are line + cart discounts, *sales* = gross − discounts (what the
  customer paid, VAT included), *returns* are refunded line amounts, *net sales* = sales − returns.
- *Cost* is the unit cost copied onto the sale line at the time of sale (quantity in grams for goods sold by
  weight: cost × grams / 1000, rounded half up per line). Lines without a cost are left out of the margin:
  *margin* = (sales − VAT − cost) over lines whose cost is known, less the same for their returns; a
  returned line put back on the shelf gives its cost back, a written-off one does not.
- *Receipts* are completed sales; the *average basket* is sales ÷ receipts, rounded half up.

The modules, one subject each:

- ``table``: what a report is (``Report``, ``Column``, the column kinds), who may read reports, a valid period;
- ``labels``: the English labels of groupings and enumeration values (translated in context "Reports");
- ``sales_report``: sales by day, week, month, hour, product, producer, producer kind, stars, group, cashier;
- ``payments_report``: sales by payment method, and the cash rounding of a period;
- ``period_summary``: a period at a glance (the report screen's header, the dashboard, the day's printout);
- ``sales_lists``: best and worst sellers, discounted receipts, returns;
- ``stock_report``: stock value, stock cover, slow movers;
- ``cash_report``: shifts and their Z reports, over/short per cashier.

Callers import names from the module that defines them; this file re-exports nothing.
"""
