"""A connected-party view as a vis-network graph: colours and shapes by type, edge
labels with shares and roles, "+N more" placeholders, and a layout computed once on
the server (physics stays off in the browser)."""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from api.masking import mask
from queries.views import ConnectedView

STATIC = Path(__file__).parent / "static"
SCALE = 420.0

STYLE: dict[str, dict[str, str]] = {
    "Person": {"shape": "dot", "color": "#4e79a7", "label": "Person"},
    "Company": {"shape": "box", "color": "#f28e2b", "label": "Company"},
    "Referrer": {"shape": "diamond", "color": "#59a14f", "label": "Referrer"},
    "RelationshipManager": {"shape": "star", "color": "#b07aa1", "label": "Relationship manager"},
    "Group": {"shape": "hexagon", "color": "#e15759", "label": "Group"},
    "Facility": {"shape": "triangle", "color": "#76b7b2", "label": "Facility"},
    "more": {"shape": "ellipse", "color": "#d3d3d3", "label": "+N more"},
}


class VisGraph(BaseModel):
    center: str = Field(examples=["P-000123"])
    nodes: list[dict[str, Any]] = Field(description="vis-network nodes with x, y, shape, color, kind, more.")
    edges: list[dict[str, Any]] = Field(description="vis-network edges with labels (shares, roles).")
    legend: list[dict[str, str]]


def layout(node_ids: list[str], edges: list[tuple[str, str]], center: str) -> dict[str, tuple[float, float]]:
    """Positions computed once (seeded spring layout, centre pinned at the origin)."""
    graph = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from((a, b) for a, b in edges if a in graph and b in graph)
    if len(node_ids) == 1:
        return {node_ids[0]: (0.0, 0.0)}
    n = len(node_ids)
    pos = nx.spring_layout(graph, k=2.5 / math.sqrt(n), seed=7, iterations=100, center=(0.0, 0.0))
    cx, cy = pos.get(center, (0.0, 0.0))
    scale = SCALE * max(1.0, math.sqrt(n) / 4)  # room for the labels as the view grows
    return {v: (float(x - cx) * scale, float(y - cy) * scale) for v, (x, y) in pos.items()}


def to_vis(view: ConnectedView) -> dict[str, Any]:
    """Nodes and edges in vis-network's format, with fixed positions."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for node in view.nodes:
        style = STYLE.get(node.type, STYLE["Person"])
        nodes.append({
            "id": node.id, "label": node.name, "group": node.type, "shape": style["shape"], "color": style["color"],
            "title": f"{node.type}: {node.name} ({', '.join(node.roles) or 'no role'})",
            "kind": node.type, "roles": node.roles, "more": node.more, "depth": node.depth,
        })
        if node.more:
            more_id = f"more:{node.id}"
            nodes.append({"id": more_id, "label": f"+{node.more} more", "shape": "ellipse",
                          "color": STYLE["more"]["color"], "kind": "more", "parent": node.id, "more": node.more})
            edges.append({"id": f"e-{more_id}", "from": node.id, "to": more_id, "dashes": True})
    for link in view.links:
        edges.append({"id": link.id, "from": link.source, "to": link.target, "label": link.label,
                      "kind": link.type, "arrows": "to"})
    pos = layout([n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges], view.center)
    for n in nodes:
        n["x"], n["y"] = pos.get(n["id"], (0.0, 0.0))
    legend = [{"type": t, **s} for t, s in STYLE.items()]
    return {"center": view.center, "nodes": nodes, "edges": edges, "legend": legend}


def _inline(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8").replace("</script", "<\\/script")


def standalone_html(view: ConnectedView, hidden: frozenset[str]) -> str:
    """One HTML file with vis-network, the page script and the data inlined: no network needed."""
    data = mask(to_vis(view), hidden)
    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    title = html.escape(next((n.name for n in view.nodes if n.id == view.center), view.center))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kith network: {title}</title>
<style>{(STATIC / "kith.css").read_text(encoding="utf-8")}</style>
<script>{_inline("vis-network.min.js")}</script></head>
<body><header><h1>Network of {title}</h1><p>Exported from Kith; as of {html.escape(view.as_of or "today")}.</p></header>
<div id="legend"></div><div id="network" class="network"></div>
<script>{_inline("network.js")}</script>
<script>KithNetwork.draw(document.getElementById("network"), document.getElementById("legend"), {blob}, null);</script>
</body></html>
"""
