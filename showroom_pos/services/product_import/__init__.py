"""Importing the province's OCOP product list (CSV or XLSX) into the catalogue: all rows or none.

A file is read whole, every row checked against the catalogue and against the other rows, and
only a file without a single rejected row is written, inside a savepoint. A dry run does
everything but the writing. Rows update the product with the same SKU, else the one carrying one
of the row's barcodes; other rows create products (and, when named for the first time, their
producers). Empty cells keep what the catalogue has; barcodes are only ever added. Importing the
same file twice changes nothing the second time.

Columns are recognised by their header, Vietnamese or English, with or without diacritics, in any
order; a header row may follow a few title rows. ``columns.COLUMNS`` documents them (the README lists
them too). CSV may be UTF-8 with or without a byte-order mark, or UTF-16 ("Unicode text" from
Excel); comma, semicolon or tab separated.

The stages, one module each, in the order a file goes through them:

- ``reading``: the bytes to a header and rows (CSV encodings and separators, XLSX sheets, merged cells);
- ``columns``: which column each header names;
- ``checking``: each cell read as what its column holds (amounts, dates, stars, mojibake), footer rows,
  text a spreadsheet would run;
- ``planning``: what each row would do, against the catalogue and the rows before it (conflicts, matches);
- ``applying``: the writes, once every row is fine;
- ``report``: what the person is shown (``ImportReport``, one ``RowResult`` per row);
- ``pipeline``: the entry points, ``import_products`` and ``import_file``, which run the stages.

Callers import names from the module that defines them; this file re-exports nothing.
"""
