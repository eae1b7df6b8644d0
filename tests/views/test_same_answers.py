"""The same answers from the embedded store and from Neo4j, on the same graph."""

from __future__ import annotations

from typing import Any

import pytest

from queries.leads import key_person_leads
from queries.paths import intro_paths
from queries.referrals import referral_report
from queries.views import connected_view, portfolio_view
from tests.views.build import small_bank

pytestmark = pytest.mark.neo4j
CENTRES = ["c-hoang", "p-big", "p-nominee", "x-target", "rm-anna", "r-one"]


def _answers(store: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for centre in CENTRES:
        for depth, cap in ((1, 20), (2, 3), (3, 20)):
            out[f"view:{centre}:{depth}:{cap}"] = connected_view(store, centre, depth=depth, cap=cap).model_dump()
        out[f"view-asof:{centre}"] = connected_view(store, centre, as_of="2025-06-01").model_dump()
    for prospect in ("x-target", "x-second", "y-family", "z-lost", "p-spouse"):
        out[f"paths:{prospect}"] = [p.model_dump() for p in intro_paths(store, prospect, as_of="2026-01-01")]
    for rm in ("rm-anna", "rm-bao", "rm-chi"):
        out[f"portfolio:{rm}"] = portfolio_view(store, rm).model_dump()
    out["leads"] = [x.model_dump() for x in key_person_leads(store)]
    out["referrals"] = [r.model_dump() for r in referral_report(store, by="channel", period="week")]
    return out


def test_embedded_and_neo4j_agree(embedded_store: Any, neo4j_store: Any) -> None:
    small_bank(embedded_store)
    small_bank(neo4j_store)
    left, right = _answers(embedded_store), _answers(neo4j_store)
    assert left.keys() == right.keys()
    for key in left:
        assert left[key] == right[key], key
    assert len(left["paths:x-target"]) == 4 and left["view:p-nominee:1:20"]["nodes"][0]["more"] == 35
