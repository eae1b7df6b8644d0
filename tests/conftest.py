"""Shared fixtures: a real Neo4j server per test session, and both stores.

Fixtures any test may take:
- `embedded_store`: a fresh, empty EmbeddedStore (persisting to a temp file) per test;
- `neo4j_store`: the session's Neo4jStore, cleared before each test (marker `neo4j`);
- `store`: parametrized over both, ids "embedded" and "neo4j", so a test written once
  runs on both stores;
- `neo4j_server`: the session's connection details (uri, user, password, database).

Neo4j is found in this order: a configured KITH_NEO4J_URI (Settings); testcontainers'
Neo4j module when a Docker engine actually answers; the local launcher
(graph.neo4j_server, Neo4j 5.26 Community from Maven Central on Java 17). When none can
be had the tests that need it FAIL; they are never skipped.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j import Neo4jStore
from graph.settings import Settings


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str
    database: str
    how: str  # configured | testcontainers | local


def _docker_answers() -> bool:
    try:
        import docker  # type: ignore[import-untyped]

        client = docker.from_env(timeout=3)
        client.ping()
        client.close()
        return True
    except Exception:
        return False


def _testcontainers_neo4j(stack: contextlib.ExitStack) -> Neo4jServer | None:
    """A Neo4j container, when testcontainers is installed and a Docker engine answers."""
    try:
        from testcontainers.neo4j import Neo4jContainer  # type: ignore[import-not-found]
    except ImportError:
        return None
    if not _docker_answers():
        return None
    try:
        container = stack.enter_context(Neo4jContainer("neo4j:5.26-community"))
    except Exception as exc:  # Docker answers but cannot run the image: fall back to the launcher
        warnings.warn(f"testcontainers could not start Neo4j ({exc}); using the local launcher", stacklevel=1)
        return None
    return Neo4jServer(container.get_connection_url(), getattr(container, "username", "neo4j"),
                       container.password, "neo4j", "testcontainers")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    settings = Settings()
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        yield Neo4jServer(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database, "configured")
        return
    with contextlib.ExitStack() as stack:
        server = _testcontainers_neo4j(stack)
        if server is not None:
            yield server
            return
    from graph.neo4j_server import LocalNeo4j

    local = LocalNeo4j(settings=settings, heap="512m", pagecache="256m")
    try:
        local.start()
    except Exception as exc:  # never skip: CI must run the Neo4j tests
        local.cleanup()
        pytest.fail(f"no Neo4j for the tests (no KITH_NEO4J_URI, no Docker, local launcher failed): {exc}",
                    pytrace=False)
    try:
        yield Neo4jServer(local.uri, local.user, local.password, "neo4j", "local")
    finally:
        local.cleanup()


@pytest.fixture(scope="session")
def _neo4j_session_store(neo4j_server: Neo4jServer) -> Iterator[Neo4jStore]:
    store = Neo4jStore.connect(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture
def neo4j_store(_neo4j_session_store: Neo4jStore) -> Neo4jStore:
    _neo4j_session_store.clear()
    return _neo4j_session_store


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "graph.json.gz")
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture(params=[pytest.param("embedded"), pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Any:
    """Both stores, one at a time: a test taking `store` runs on each."""
    return request.getfixturevalue(f"{request.param}_store")
