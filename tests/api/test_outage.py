"""The service over a real Neo4j that is stopped and started again: 503 with Retry-After
(never 500, never a hung request) while it is down, 200 again soon after it is back.

Uses its own throwaway server (graph.neo4j_server), since stopping the session's shared
server would take it from every other test."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.auth import issue_token
from graph.neo4j_server import LocalNeo4j
from graph.settings import Settings
from tests.api.conftest import SECRET, auth

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalNeo4j]:
    local = LocalNeo4j(home=tmp_path / "neo4j", heap="256m", pagecache="64m")
    local.start()
    try:
        yield local
    finally:
        local.cleanup()


def _status_within(client: TestClient, url: str, token: str, want: int, seconds: float) -> tuple[int, float]:
    """Ask until the answer is `want` or the time is up; the last status and the time taken."""
    started = time.monotonic()
    status = 0
    while time.monotonic() - started < seconds:
        status = client.get(url, headers=auth(token)).status_code
        assert status in (200, 404, 503), f"{url} answered {status} during a Neo4j restart"
        if status == want:
            break
        time.sleep(0.2)
    return status, time.monotonic() - started


def test_neo4j_restart_gives_503_then_recovers(server: LocalNeo4j, tmp_path: Path) -> None:
    settings = Settings(jwt_secret=SECRET, data_dir=tmp_path / "data", neo4j_uri=server.uri,
                        neo4j_user=server.user, neo4j_password=SecretStr(server.password))
    token = issue_token("rita", "risk", settings=settings)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/health", headers=auth(token)).status_code == 200
        server.stop()
        started = time.monotonic()
        down = client.get("/parties/p-anyone", headers=auth(token))
        assert down.status_code == 503 and down.headers["retry-after"]
        assert down.headers["content-type"] == "application/problem+json"
        assert time.monotonic() - started < 10  # the service's short retry, not the driver's 30 s
        refused = client.get("/parties/p-anyone", headers=auth(token))  # the open circuit: at once
        assert refused.status_code == 503
        server.start()
        status, seconds = _status_within(client, "/parties/p-anyone", token, 404, 10.0)
        assert status == 404, f"still {status} {seconds:.1f} s after Neo4j was back"  # no such party: answered
