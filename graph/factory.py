"""Open the configured store: Neo4j when a URI is set, the embedded store otherwise."""

from __future__ import annotations

from graph.settings import Settings, get_settings
from graph.store import GraphStore


def open_store(settings: Settings | None = None) -> GraphStore:
    settings = settings or get_settings()
    if settings.neo4j_uri:
        from graph.neo4j import Neo4jStore

        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        store: GraphStore = Neo4jStore.connect(
            settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database,
        )
    else:
        from graph.embedded import EmbeddedStore

        store = EmbeddedStore(settings.embedded_path)
    store.ensure_schema()
    return store
