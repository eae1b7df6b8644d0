"""The full role x endpoint matrix, and the fields each role must never see."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import policy
from api.auth import ROLES
from api.masking import present
from tests.api.cases import cases
from tests.api.conftest import auth

SENSITIVE = policy.SENSITIVE


def call(client: TestClient, token: str, case: tuple[str, str, dict[str, Any] | None]) -> Any:
    method, url, body = case
    return client.request(method, url, headers=auth(token), json=body)


def test_every_endpoint_has_a_case_and_a_route(client: TestClient, ids: dict[str, str]) -> None:
    assert set(cases(ids)) == set(policy.ENDPOINTS)
    documented = set(client.get("/openapi.json").json()["paths"])
    for _, url, _ in cases(ids).values():
        path = url.split("?")[0]
        assert any(_matches(template, path) for template in documented), path


def _matches(template: str, path: str) -> bool:
    t, p = template.strip("/").split("/"), path.strip("/").split("/")
    return len(t) == len(p) and all(a == b or "{" in a for a, b in zip(t, p, strict=True))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(policy.ENDPOINTS))
def test_role_matrix(client: TestClient, tokens: dict[str, str], ids: dict[str, str], role: str, endpoint: str) -> None:
    answer = call(client, tokens[role], cases(ids)[endpoint])
    if policy.allowed(endpoint, role):
        assert answer.status_code == 200, (role, endpoint, answer.text)
    else:
        assert answer.status_code == 403, (role, endpoint, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("endpoint", sorted(policy.ENDPOINTS))
def test_no_token_is_401(client: TestClient, ids: dict[str, str], endpoint: str) -> None:
    method, url, body = cases(ids)[endpoint]
    answer = client.request(method, url, json=body)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    bad = client.request(method, url, json=body, headers=auth("not.a.token"))
    assert bad.status_code == 401


def test_risk_sees_everything(client: TestClient, tokens: dict[str, str], ids: dict[str, str]) -> None:
    p = client.get("/parties/p-x", headers=auth(tokens["risk"])).json()
    assert {"national_id", "date_of_birth", "phone"} <= set(p["profile"])
    x = client.get(f"/groups/{ids['group_other']}/exposure", headers=auth(tokens["risk"])).json()
    assert x["total_exposure"] > 0 and present(x, frozenset({"limit_amount", "drawn_amount", "exposure"}))


def test_marketing_never_sees_identity_or_exposure(client: TestClient, tokens: dict[str, str]) -> None:
    headers = auth(tokens["marketing"])
    p = client.get("/parties/p-big", headers=headers).json()
    assert not present(p, policy.IDENTITY | policy.EXPOSURE)
    assert p["profile"]["phone"]  # contact points stay for marketing
    company = client.get("/parties/c-hoang", headers=headers).json()
    assert company["referrals"][0]["value"] == 50000.0  # referrer figures stay
    assert all(set(f) == {"id", "facility_type", "currency"} for f in company["facilities"])


def test_rm_full_detail_for_own_customers_only(client: TestClient, tokens: dict[str, str], ids: dict[str, str]) -> None:
    headers = auth(tokens["rm"])
    own = client.get("/parties/p-big", headers=headers).json()
    assert set(own["profile"]) >= SENSITIVE
    other = client.get("/parties/p-x", headers=headers).json()
    assert not present(other, SENSITIVE)
    foreign = client.get("/parties/c-other", headers=headers).json()
    assert not present(foreign, policy.EXPOSURE) and foreign["facilities"]
    mine = client.get(f"/groups/{ids['group_own']}/exposure", headers=headers).json()
    assert mine["total_exposure"] > 0
    theirs = client.get(f"/groups/{ids['group_other']}/exposure", headers=headers).json()
    assert not present(theirs, policy.EXPOSURE) and theirs["members"]


def test_exports_are_masked_too(client: TestClient, tokens: dict[str, str], ids: dict[str, str]) -> None:
    url = f"/groups/{ids['group_other']}/exposure.csv"
    header_rm = client.get(url, headers=auth(tokens["rm"])).text.splitlines()[0].split(",")
    header_risk = client.get(url, headers=auth(tokens["risk"])).text.splitlines()[0].split(",")
    assert "limit_amount" in header_risk and "exposure_reporting" in header_risk
    assert not set(header_rm) & policy.EXPOSURE and "party_name" in header_rm
    html = client.get("/parties/p-x/view.html", headers=auth(tokens["marketing"])).text
    assert "001080000999" not in html and "1980-01-02" not in html


def test_rm_sees_own_book_only(client: TestClient, tokens: dict[str, str], ids: dict[str, str]) -> None:
    headers = auth(tokens["rm"])
    assert client.get("/rms/rm-bao/portfolio", headers=headers).status_code == 403
    assert client.get("/tasks?rm_id=rm-bao", headers=headers).status_code == 403
    assert [t["id"] for t in client.get("/tasks", headers=headers).json()] == [ids["task_anna"]]
    closing = client.post(f"/tasks/{ids['task_bao']}/close", headers=headers, json={"outcome": "x"})
    assert closing.status_code == 403


def test_prospect_duplicate_check_finds_the_stored_party(client: TestClient, tokens: dict[str, str]) -> None:
    body = {"type": "Person", "name": "NGUYEN VAN AN", "national_id": "079-070-000-123"}
    found = client.post("/prospects/check", json=body, headers=auth(tokens["rm"])).json()
    assert found[0]["id"] == "p-big" and found[0]["outcome"] == "same"
    other = client.post("/prospects/check", json={"type": "Company", "name": "Zzyzx Holdings"},
                        headers=auth(tokens["rm"])).json()
    assert other == []
