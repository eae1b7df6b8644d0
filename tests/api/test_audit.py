"""Every read of a party, group or path leaves exactly one audit record; nothing else does."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from api import policy
from tests.api.cases import cases
from tests.api.conftest import auth


def _trail(client: TestClient, tokens: dict[str, str]) -> list[dict[str, str]]:
    answer = client.get("/admin/audit?limit=10000", headers=auth(tokens["admin"]))
    assert answer.status_code == 200
    events: list[dict[str, str]] = answer.json()
    return events


@pytest.mark.parametrize("endpoint", sorted(policy.ENDPOINTS))
def test_each_read_is_audited_exactly_once(client: TestClient, tokens: dict[str, str], ids: dict[str, str],
                                           endpoint: str) -> None:
    rule = policy.ENDPOINTS[endpoint]
    role = "risk" if "risk" in rule.roles else "admin"
    before = _trail(client, tokens)
    method, url, body = cases(ids)[endpoint]
    assert client.request(method, url, headers=auth(tokens[role]), json=body).status_code == 200
    new = [e for e in _trail(client, tokens) if e["id"] not in {b["id"] for b in before}]
    if rule.audit is None:
        assert new == []
        return
    assert len(new) == 1, new
    event = new[0]
    assert event["action"] == endpoint and event["subject_type"] == rule.audit
    assert event["user"] == "rita" and event["role"] == "risk" and event["ip"] and event["at"]
    assert event["url"].startswith(url.split("?")[0])


def test_refused_and_failed_reads_are_not_reads(client: TestClient, tokens: dict[str, str]) -> None:
    client.get("/parties/p-big", headers=auth(tokens["admin"]))  # 403
    client.get("/parties/nobody", headers=auth(tokens["risk"]))  # 404
    assert _trail(client, tokens) == []


def test_admin_query_filters_and_csv_export(client: TestClient, tokens: dict[str, str]) -> None:
    client.get("/parties/p-big", headers=auth(tokens["risk"]))
    client.get("/parties/c-hoang", headers=auth(tokens["rm"]))
    client.get("/parties/c-hoang", headers=auth(tokens["marketing"]))
    hits = client.get("/admin/audit?subject_id=c-hoang", headers=auth(tokens["admin"])).json()
    assert [h["user"] for h in hits] == ["mai", "anna"]  # newest first
    assert [h["user"] for h in client.get("/admin/audit?user=rita", headers=auth(tokens["admin"])).json()] == ["rita"]
    text = client.get("/admin/audit.csv", headers=auth(tokens["admin"])).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 and rows[0]["action"] == "party.get" and rows[0]["role"] == "marketing"
    who = client.get("/admin/users", headers=auth(tokens["admin"])).json()
    assert [(u["user"], u["roles"], u["reads"]) for u in who] == [("anna", ["rm"], 1), ("mai", ["marketing"], 1),
                                                                   ("rita", ["risk"], 1)]


def test_trail_is_append_only_jsonl(client: TestClient, tokens: dict[str, str], settings: object) -> None:
    from graph.settings import Settings

    assert isinstance(settings, Settings)
    path = settings.data_dir / "audit" / "audit.jsonl"
    client.get("/parties/p-big", headers=auth(tokens["risk"]))
    first = path.read_bytes()
    client.get("/parties/c-hoang", headers=auth(tokens["risk"]))
    second = path.read_bytes()
    assert second.startswith(first) and second.count(b"\n") == 2
