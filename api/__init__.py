"""Kith api package."""
