"""Routers: each calls queries/ (or api's own composition of store-contract reads)."""
