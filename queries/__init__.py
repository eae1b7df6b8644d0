"""Kith queries package."""
