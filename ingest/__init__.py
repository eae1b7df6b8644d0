"""Kith ingest package."""
