"""The same risk answers from the embedded store and from Neo4j, on a small demo bank.

The demo bank is generated once (ingest.demo) and loaded by the loader into a reference
EmbeddedStore and into the store under test (`store`: embedded and Neo4j); every answer is
then computed from both and compared: groups with their reasons and paths (basel, china),
the portfolio, integrated ownership of every company, point ownership queries with paths,
beneficial owners, the persisted derived groups, and contagion.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.settings import Settings
from graph.store import GraphStore
from ingest.demo import generate
from ingest.loader import load_files
from queries.risk.contagion import record_risk_event
from queries.risk.derive import compare_declared, compute, derive_groups
from queries.risk.explain import path_json
from queries.risk.fx import RateTable, read_rates
from queries.risk.ownership import beneficial_owners, integrated_all, ownership_of
from queries.risk.portfolio import build_portfolio
from queries.risk.profiles import get_profile
from queries.risk.snapshot import load_all

AS_OF = "2025-06-30"
PARTIES = 400


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("risk-demo")
    generate(out, PARTIES, seed=11)
    return out


@pytest.fixture(scope="module")
def reference(demo_dir: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    load_files(store, [demo_dir], progress=False)
    return store


def answers(store: GraphStore, rates: RateTable) -> dict[str, Any]:
    settings = Settings(eligible_capital=2_000_000_000.0)
    out: dict[str, Any] = {}
    graph = load_all(store, AS_OF)
    for name in ("basel", "china"):
        prof = get_profile(name)
        result = compute(store, prof, AS_OF, rates, graph)
        out[f"groups-{name}"] = {g.id: {p: (m.rule, m.reason, path_json(m.path)) for p, m in g.members.items()}
                                 for g in result.groups}
        book = build_portfolio(result, prof, AS_OF, rates, settings)
        out[f"portfolio-{name}"] = [(g.group_id, round(g.total, 2), g.large, g.breach) for g in book.groups]
    own = integrated_all(graph)
    coo = own.integrated.tocoo()
    out["integrated"] = sorted((own.ids[r], own.ids[c], round(float(v), 9)) for r, c, v in
                               zip(coo.row, coo.col, coo.data, strict=True))
    companies = sorted({c for _, c, _ in out["integrated"]})[:25]
    out["ownership_of"] = {c: json.dumps(ownership_of(store, c, AS_OF).__dict__, default=repr, sort_keys=True)
                           for c in companies}
    out["bo"] = {c: [(h.holder_id, round(h.integrated_pct, 9)) for h in beneficial_owners(
        store, c, AS_OF, threshold_pct=10, inclusive=True).owners] for c in companies}
    out["declared"] = [(d.declared_id, d.derived_id, d.only_declared, d.only_derived)
                       for d in compare_declared(store, "basel", AS_OF, rates, settings)]
    return out


@pytest.mark.slow
def test_same_answers_on_both_stores(store: GraphStore, reference: EmbeddedStore, demo_dir: Path) -> None:
    load_files(store, [demo_dir], progress=False)
    rates = read_rates([demo_dir / "fx_rates.csv"], "USD", AS_OF)
    expected, got = answers(reference, rates), answers(store, rates)
    assert expected["groups-basel"], "the demo bank should have groups"
    assert any(m[0] == "family" for g in expected["groups-china"].values() for m in g.values())
    for key in expected:
        assert got[key] == expected[key], key
    # The job writes the same groups and memberships to either store.
    settings = Settings(eligible_capital=2_000_000_000.0)
    for target in (reference, store):
        derive_groups(target, "basel", AS_OF, rates, settings)
    stored = [sorted((ln.source, ln.target, ln.props["rule"], ln.props["path"]) for ln in s.iter_links(["MEMBER_OF"])
                     if ln.target.startswith("grp-")) for s in (reference, store)]
    assert stored[0] == stored[1] and stored[0]
    # Contagion from the holder with the largest integrated share reaches the same customers and RMs.
    busiest = max(sorted(expected["integrated"]), key=lambda row: row[2])[0]
    events = [record_risk_event(s, busiest, "watch_list", AS_OF) for s in (reference, store)]
    assert [(a.party_id, a.hops, a.rm_ids) for a in events[0].affected] == \
        [(a.party_id, a.hops, a.rm_ids) for a in events[1].affected]
