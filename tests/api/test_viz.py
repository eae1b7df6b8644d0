"""The network drawing data: laid out once, styled by type, "+N more" placeholders,
edge labels with shares and roles; exports keep only what the caller may see."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from graph.embedded import EmbeddedStore
from queries.views import connected_view
from tests.api.bank import build
from viz.exports import to_csv, to_xlsx
from viz.network import STYLE, to_vis


def test_vis_graph_is_laid_out_styled_and_capped() -> None:
    store = EmbeddedStore(None)
    build(store)
    data = to_vis(connected_view(store, "c-hoang", depth=1, cap=10))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert nodes["c-hoang"]["x"] == 0.0 and nodes["c-hoang"]["y"] == 0.0  # the centre at the origin
    assert nodes["c-hoang"]["shape"] == STYLE["Company"]["shape"]
    assert nodes["p-big"]["shape"] == STYLE["Person"]["shape"]
    more = nodes["more:c-hoang"]
    assert more["kind"] == "more" and more["label"] == f"+{more['more']} more" and more["more"] > 0
    labels = {e["label"] for e in data["edges"] if "label" in e}
    assert "owns 60% of" in labels and any("independent director" in x for x in labels)
    assert {item["type"] for item in data["legend"]} >= {"Person", "Company", "more"}


def test_exports_drop_columns_nobody_carries() -> None:
    rows = [{"party_id": "a", "reason": "r", "exposure": 1.5}, {"party_id": "b", "reason": "s"}]
    masked = [{k: v for k, v in r.items() if k != "exposure"} for r in rows]
    assert to_csv(masked, ("party_id", "exposure", "reason")).splitlines()[0] == "party_id,reason"
    sheet = load_workbook(io.BytesIO(to_xlsx("t", rows, ("party_id", "exposure", "reason")))).active
    assert [c.value for c in sheet[1]] == ["party_id", "exposure", "reason"] and sheet["B2"].value == 1.5
