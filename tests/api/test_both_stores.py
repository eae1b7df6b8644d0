"""The service answers the same on both stores (the `store` fixture runs each test on the
embedded store and on a real Neo4j)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import issue_token
from graph.settings import Settings
from graph.store import GraphStore
from tests.api.bank import build
from tests.api.conftest import SECRET, auth


def _answers(store: GraphStore, tmp_path: Path) -> dict[str, Any]:
    ids = build(store)
    settings = Settings(jwt_secret=SECRET, data_dir=tmp_path)
    risk = auth(issue_token("rita", "risk", settings=settings))
    rm = auth(issue_token("anna", "rm", rm_id="rm-anna", settings=settings))
    with TestClient(create_app(settings, store), raise_server_exceptions=False) as client:
        out = {
            "health": client.get("/health").json(),
            "search": client.get("/parties?q=NGUYEN", headers=risk).json(),
            "party": client.get("/parties/p-big", headers=risk).json(),
            "masked": client.get("/parties/p-x", headers=rm).json(),
            "view": client.get("/parties/c-hoang/view?depth=2", headers=risk).json(),
            "group": client.get(f"/groups/{ids['group_own']}", headers=risk).json(),
            "exposure": client.get(f"/groups/{ids['group_own']}/exposure", headers=risk).json(),
            "missing": client.get("/parties/nobody", headers=risk).status_code,
        }
    out["health"].pop("store")
    return out


def test_same_answers_on_both_stores(store: GraphStore, tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    got = _answers(store, tmp_path / "a")
    expected = _answers(EmbeddedStore(None), tmp_path / "b")
    assert got["search"]["hits"][0]["name"] == "Nguyễn Văn An"
    assert "national_id" not in got["masked"]["profile"] and got["missing"] == 404
    for key in expected:
        assert got[key] == expected[key], key
