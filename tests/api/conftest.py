"""The service over a real embedded store holding the small bank; a token per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import issue_token
from graph.embedded import EmbeddedStore
from graph.settings import Settings
from tests.api.bank import build

SECRET = "test-secret-for-the-service-tests-0123456789"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(jwt_secret=SECRET, data_dir=tmp_path, neo4j_uri=None)


@pytest.fixture
def bank_store(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, dict[str, str]]]:
    store = EmbeddedStore(tmp_path / "graph.json.gz")
    ids = build(store)
    yield store, ids
    store.close()


@pytest.fixture
def ids(bank_store: tuple[EmbeddedStore, dict[str, str]]) -> dict[str, str]:
    return bank_store[1]


@pytest.fixture
def client(settings: Settings, bank_store: tuple[EmbeddedStore, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(settings, bank_store[0]), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def tokens(settings: Settings) -> dict[str, str]:
    return {
        "rm": issue_token("anna", "rm", rm_id="rm-anna", settings=settings),
        "risk": issue_token("rita", "risk", settings=settings),
        "marketing": issue_token("mai", "marketing", settings=settings),
        "admin": issue_token("adam", "admin", settings=settings),
    }


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
