"""OCOP Showroom POS: point of sale for OCOP showrooms."""

__version__ = "0.1.0"
