"""Open the configured store: Neo4j when a URI is set, the embedded store otherwise."""

from __future__ import annotations

from graph.settings import Settings, get_settings
from graph.store import GraphStore


def open_store(settings: Settings | None = None, *, serving: bool = False) -> GraphStore:
    """`serving`: for the HTTP service, which must fail fast (503) while Neo4j is down
    rather than hold a request for the driver's full retry time."""
    settings = settings or get_settings()
    if settings.neo4j_uri:
        from graph.neo4j import Neo4jStore

        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        store: GraphStore = Neo4jStore.connect(
            settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database,
            **_driver_config(settings, serving),
        )
    else:
        from graph.embedded import EmbeddedStore

        store = EmbeddedStore(settings.embedded_path)
    store.ensure_schema()
    return store


def _driver_config(settings: Settings, serving: bool) -> dict[str, float]:
    if not serving:
        return {"max_transaction_retry_time": settings.neo4j_retry_seconds}
    timeout = settings.service_connect_timeout_seconds
    return {"max_transaction_retry_time": settings.service_retry_seconds, "connection_timeout": timeout,
            "connection_acquisition_timeout": 2 * timeout}
