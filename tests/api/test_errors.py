"""problem+json for every error; 503 with Retry-After when the store is down; no internals."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import issue_token
from graph.embedded import EmbeddedStore
from graph.errors import ConfigurationError, StoreUnavailableError
from graph.settings import Settings
from graph.store import Counts, Node
from tests.api.conftest import SECRET, auth

PROBLEM = "application/problem+json"


def test_unknown_party_is_404_problem(client: TestClient, tokens: dict[str, str]) -> None:
    answer = client.get("/parties/nobody", headers=auth(tokens["risk"]))
    assert answer.status_code == 404 and answer.headers["content-type"] == PROBLEM
    body = answer.json()
    assert body["status"] == 404 and "nobody" in body["detail"] and body["instance"] == "/parties/nobody"


@pytest.mark.parametrize("url", ["/parties?q=", "/parties?q=x&limit=0", "/parties/p-big/view?depth=9",
                                 "/parties/p-big?as_of=yesterday", "/parties/p-big/view?types=NOPE",
                                 "/parties/c-hoang/intro-paths?as_of=2026-13-45",
                                 "/parties?q=%20%20"])
def test_bad_parameters_are_422_problem(client: TestClient, tokens: dict[str, str], url: str) -> None:
    answer = client.get(url, headers=auth(tokens["risk"]))
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM


def test_unknown_route_and_method(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.get("/nowhere").headers["content-type"] == PROBLEM
    assert client.delete("/parties/p-big", headers=auth(tokens["risk"])).status_code == 405


def test_closed_task_is_409(client: TestClient, tokens: dict[str, str], ids: dict[str, str]) -> None:
    url = f"/tasks/{ids['task_anna']}/close"
    assert client.post(url, json={"outcome": "ok"}, headers=auth(tokens["rm"])).status_code == 200
    again = client.post(url, json={"outcome": "ok"}, headers=auth(tokens["rm"]))
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM


class DownStore(EmbeddedStore):
    """A real embedded store whose reads fail the way an unreachable Neo4j does."""

    def counts(self) -> Counts:
        raise StoreUnavailableError("connection refused")

    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        raise StoreUnavailableError("connection refused")

    def ping(self) -> None:
        raise StoreUnavailableError("connection refused")


class BuggyStore(EmbeddedStore):
    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        raise RuntimeError("secret internal detail /etc/passwd")


def _client(store: EmbeddedStore, tmp_path: Path) -> tuple[TestClient, str]:
    settings = Settings(jwt_secret=SECRET, data_dir=tmp_path)
    return TestClient(create_app(settings, store), raise_server_exceptions=False), issue_token(
        "rita", "risk", settings=settings)


def test_store_down_is_503_with_retry_after(tmp_path: Path) -> None:
    client, token = _client(DownStore(None), tmp_path)
    for url in ("/health", "/parties/p-big"):
        answer = client.get(url, headers=auth(token))
        assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
        assert answer.headers["content-type"] == PROBLEM


def test_genuine_bug_is_500_without_internals(tmp_path: Path) -> None:
    client, token = _client(BuggyStore(None), tmp_path)
    answer = client.get("/parties/p-big", headers=auth(token))
    assert answer.status_code == 500 and answer.headers["content-type"] == PROBLEM
    assert "passwd" not in answer.text and "Traceback" not in answer.text and "reference" in answer.json()["detail"]


def test_no_secret_outside_demo_mode_is_a_startup_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="KITH_JWT_SECRET"):
        create_app(Settings(jwt_secret=None, demo_mode=False, data_dir=tmp_path))
    demo = create_app(Settings(jwt_secret=None, demo_mode=True, data_dir=tmp_path), EmbeddedStore(None))
    assert demo.state.secret and len(demo.state.secret) >= 32


def test_expired_and_foreign_tokens_are_401(client: TestClient, settings: Settings) -> None:
    import time

    import jwt

    now = int(time.time())
    expired = jwt.encode({"sub": "rita", "role": "risk", "iss": "kith", "iat": now - 100, "exp": now - 10},
                         SECRET, algorithm="HS256")
    other = issue_token("rita", "risk", settings=Settings(jwt_secret="x" * 40, data_dir=settings.data_dir))
    for token in (expired, other):
        answer = client.get("/parties/p-big", headers=auth(token))
        assert answer.status_code == 401 and answer.headers["content-type"] == PROBLEM


class FlakyStore(EmbeddedStore):
    """A real embedded store that can be switched off like an unreachable Neo4j."""

    down = False

    pings = 0

    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        if self.down:
            raise StoreUnavailableError("connection refused")
        return super().get_nodes(ids)

    def ping(self) -> None:
        self.pings += 1
        if self.down:
            raise StoreUnavailableError("connection refused")


def test_circuit_answers_503_at_once_then_recovers(tmp_path: Path) -> None:
    import time

    from tests.api.bank import build

    store = FlakyStore(None)
    build(store)
    client, token = _client(store, tmp_path)
    assert client.get("/parties/p-big", headers=auth(token)).status_code == 200
    store.down = True
    assert client.get("/parties/p-big", headers=auth(token)).status_code == 503  # opens the circuit
    time.sleep(0.55)
    probed = client.get("/parties/c-hoang", headers=auth(token))  # pings the store: still down
    assert probed.status_code == 503 and store.pings == 1
    fast = [client.get("/parties/c-hoang", headers=auth(token)) for _ in range(5)]  # refused at once, no ping
    assert {a.status_code for a in fast} == {503} and store.pings == 1
    assert fast[0].headers["retry-after"] == "5" and fast[0].headers["content-type"] == PROBLEM
    store.down = False
    time.sleep(0.55)
    assert client.get("/parties/p-big", headers=auth(token)).status_code == 200  # the ping closes the circuit
    assert store.pings == 2
    assert client.get("/parties/c-hoang", headers=auth(token)).status_code == 200
