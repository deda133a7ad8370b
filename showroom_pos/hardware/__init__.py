"""Printers, receipt and label rendering, scanner burst detection."""
