"""Pure domain: money, VAT, carts, barcodes, Vietnamese text, VietQR, receipt and summary shapes."""
