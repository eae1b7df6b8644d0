"""The web pages: one HTML shell per page; the page script (static/kith.js) fetches
the API with the bearer token kept in sessionStorage. Every asset is served locally."""

from __future__ import annotations

import html
import json

PAGES = {
    "login": "Sign in", "search": "Search", "party": "Party", "group": "Group", "path": "Introduction path",
    "leads": "Leads", "workbench": "RM workbench",
}
NAV = (("search", "/ui/search"), ("workbench", "/ui/workbench"), ("leads", "/ui/leads"))


def render(page: str, args: dict[str, str | None] | None = None) -> str:
    title = html.escape(PAGES[page])
    nav = " ".join(f'<a href="{href}">{html.escape(PAGES[name])}</a>' for name, href in NAV)
    blob = json.dumps(args or {}, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kith · {title}</title>
<link rel="stylesheet" href="/static/kith.css">
<script src="/static/vis-network.min.js"></script>
<script src="/static/network.js"></script>
<script src="/static/kith.js"></script></head>
<body><header><a class="brand" href="/ui/search">Kith</a><nav>{nav}</nav>
<span id="who"></span> <a href="#" id="logout">Sign out</a></header>
<main id="app" data-page="{html.escape(page)}"><h1>{title}</h1><div id="content"></div></main>
<script>Kith.start({json.dumps(page)}, {blob});</script>
</body></html>
"""
