"""The web view in real headless Chromium (Debian's chromium, driven by Playwright):
sign in, search a name, open the party, expand a node and a "+N more", open its group,
export the group to Excel. Screenshots go to test-artifacts/. No request leaves the
machine: every asset is served by Kith."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.settings import Settings
from tests.api.bank import build

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None and not Settings().ci, reason="no chromium here (and not in CI)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    import uvicorn

    from api.app import create_app

    tmp = tmp_path_factory.mktemp("web")
    store = EmbeddedStore(tmp / "graph.json.gz")
    ids = build(store)
    port = _free_port()
    app = create_app(Settings(demo_mode=True, jwt_secret=None, data_dir=tmp, port=port), store)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium must be installed in CI"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _click_node(page: Any, node_id: str) -> None:
    point = page.evaluate(
        """(id) => { const n = window.kithNetwork.network;
             const p = n.getPositions([id])[id]; n.moveTo({position: p, scale: 2.0});
             const d = n.canvasToDOM(p); return {x: d.x, y: d.y, hit: n.getNodeAt(d)}; }""", node_id)
    assert point["hit"] == node_id, point
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _count(page: Any) -> int:
    return int(page.evaluate("() => window.kithNetwork.nodes.length"))


def test_search_party_expand_group_export(server: tuple[str, dict[str, str]], browser: Any) -> None:
    base, ids = server
    outside: list[str] = []
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda r: None if r.url.startswith((base, "blob:", "data:")) else outside.append(r.url))
    page.on("pageerror", lambda e: outside.append(f"page error: {e}"))

    page.goto(f"{base}/ui/search")
    page.wait_for_url("**/ui/login**")
    page.select_option("select[name=role]", "risk")
    page.fill("input[name=user]", "rita")
    _shot(page, "01-login")
    page.click("#demo-login button")
    page.wait_for_url("**/ui/search**")

    page.fill("#q", "nguyen")
    page.click("#search button")
    page.wait_for_selector("#results a")
    _shot(page, "02-search")
    assert "Nguyễn Văn An" in page.inner_text("#results")
    page.click("#results a:has-text('Nguyễn Văn An')")
    page.wait_for_url("**/ui/party/p-big")
    page.wait_for_selector("#network[data-ready='1']")
    assert page.evaluate("() => window.kithNetwork.network.physics.options.enabled") is False
    _shot(page, "03-party")

    before = _count(page)
    assert page.evaluate("() => window.kithNetwork.nodes.get('more:c-hoang') !== null")
    _click_node(page, "more:c-hoang")
    page.wait_for_function(f"() => window.kithNetwork.nodes.length > {before}")
    assert page.evaluate("() => window.kithNetwork.nodes.get('more:c-hoang') === null")
    grown = _count(page)
    _click_node(page, "c-sub")
    page.wait_for_function("() => window.kithNetwork.expanded['c-sub'] === true")
    assert _count(page) >= grown
    page.evaluate("() => window.kithNetwork.network.fit()")
    _shot(page, "04-expanded")

    page.click(f"a[href='/ui/group/{ids['group_own']}']")
    page.wait_for_url(f"**/ui/group/{ids['group_own']}")
    page.wait_for_selector("#export-xlsx")
    assert "Hoang Sub" in page.inner_text("#content")
    _shot(page, "05-group")
    with page.expect_download() as info:
        page.click("#export-xlsx")
    target = ARTIFACTS / "group-exposure.xlsx"
    info.value.save_as(str(target))

    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    header = [c.value for c in sheet[1]]
    assert "exposure_reporting" in header and "reason" in header
    assert {r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]} >= {"c-hoang", "c-sub"}
    assert outside == []
    context.close()
