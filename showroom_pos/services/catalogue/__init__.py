"""The catalogue: products, producers and their commission, as the till and the managers need them.

- ``product_fields``: ``ProductInput`` and ``check_product``, the one check every product passes however it
  comes in (the product form, the import, the demo, the simulation, test fixtures), and the columns it becomes.
- ``products``: creating, editing, (de)activating and removing a product; its photo.
- ``product_list``: the catalogue as the screens list it, and the customer display's showcase.
- ``certificates``: when a product's OCOP certificate expires.
- ``producers``: ``ProducerInput`` and ``check_producer``; creating, editing, removing and listing producers.
- ``commission``: a producer's commission rates over time, and the last day settled with them.
- ``lookup``: a product or producer by id, a product by code, what a scanned code stands for.
- ``vat_rates``: the VAT rates in force.

Every function takes the caller's ``Session`` and writes nothing on error: all checks run before the first
write, and a ``UserError`` is raised so that the caller rolls back. Permissions come from ``permissions``; an
``actor`` of ``None`` is the command line, run by whoever holds the database file (like ``config set``).
"""
