"""Pages and assets are served by the app itself: no external URL anywhere."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import auth

EXTERNAL = re.compile(r"""(src|href)=["']?(https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("url", ["/ui/login", "/ui/search?q=nguyen", "/ui/party/p-big", "/ui/group/g-1",
                                 "/ui/paths/c-other", "/ui/leads", "/ui/workbench"])
def test_pages_are_served_with_local_assets_only(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert not EXTERNAL.search(answer.text)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', answer.text):
        assert client.get(asset).status_code == 200, asset


def test_root_redirects_to_search(client: TestClient) -> None:
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code in (302, 307) and answer.headers["location"] == "/ui/search"


def test_standalone_network_inlines_everything(client: TestClient, tokens: dict[str, str]) -> None:
    html = client.get("/parties/c-hoang/view.html", headers=auth(tokens["risk"])).text
    assert "vis.Network" in html and "/static/" not in html and not EXTERNAL.search(html)
    assert "+" in html and "more" in html  # the hub's "+N more" placeholder


def test_demo_login_only_in_demo_mode(client: TestClient) -> None:
    assert client.post("/auth/demo-token", json={"user": "x", "role": "risk"}).status_code == 404
