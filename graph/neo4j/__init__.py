"""The Neo4j store: the core contract plus one mixin per feature area.

Each area keeps its store-side code in its own module here and in graph/embedded/,
composed below, so both stores grow together."""

from graph.neo4j.core import Neo4jCore
from graph.neo4j.risk import Neo4jRisk
from graph.neo4j.views import Neo4jViews


class Neo4jStore(Neo4jRisk, Neo4jViews, Neo4jCore):
    pass


__all__ = ["Neo4jStore"]
