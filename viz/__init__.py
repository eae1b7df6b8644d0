"""Kith viz package."""
