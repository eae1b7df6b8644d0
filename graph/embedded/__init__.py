"""The embedded store: the core contract plus one mixin per feature area.

Each area (views, risk, resolution, service) keeps its store-side code in its own
module here and in graph/neo4j/, so both stores grow together."""

from graph.embedded.core import EmbeddedCore
from graph.embedded.risk import EmbeddedRisk
from graph.embedded.views import EmbeddedViews


class EmbeddedStore(EmbeddedRisk, EmbeddedViews, EmbeddedCore):
    pass


__all__ = ["EmbeddedStore"]
