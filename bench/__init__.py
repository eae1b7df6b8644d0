"""Kith bench package."""
