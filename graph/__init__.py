"""Kith graph package."""
