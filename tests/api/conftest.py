"""The service over a real embedded store holding the small bank; a token per role."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import issue_token
from graph.embedded import EmbeddedStore
from graph.settings import Settings
from ingest.summary import LoadSummary
from tests.api.bank import build

SECRET = "test-secret-for-the-service-tests-0123456789"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    runs = tmp_path / "runs"
    summary = LoadSummary(run_id="run-1", started_at="2026-11-25T04:00:00+00:00", store="embedded")
    summary.counts("Company").loaded = 3
    summary.counts("Company").rejected = 1
    summary.rejects_path = str(runs / "run-1.rejects.jsonl")
    summary.write_run_record(runs)
    reject = {"file": "companies.csv", "line": 4, "field": "share_pct", "reason": "share outside 0-100"}
    (runs / "run-1.rejects.jsonl").write_text(json.dumps(reject) + "\n", encoding="utf-8")
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
