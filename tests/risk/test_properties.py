"""Property tests over generated ownership graphs: every company's direct holders sum to at
most 100% (DECISIONS: the loader rejects more), holders may be persons or companies, and
companies may hold each other (cycles)."""

from __future__ import annotations

from itertools import combinations

import hypothesis.strategies as st
import numpy as np
from hypothesis import given, settings

from graph.store import Link
from queries.risk.control import compute_control
from queries.risk.groups import derive
from queries.risk.integrate import direct_matrix, integrate
from queries.risk.profiles import get_profile
from queries.risk.snapshot import RiskGraph

Holding = tuple[int, int, float]  # holder index, company index, share (percent)


def shares(left: float) -> st.SearchStrategy[float]:
    """Any share up to what is left, and often the edge cases 25, 50, 55 and 100 exactly."""
    exact = [v for v in (25.0, 50.0, 55.0, 100.0) if v <= left]
    floats = st.floats(0.5, left, allow_nan=False)
    return st.one_of(st.sampled_from(exact), floats) if exact else floats


@st.composite
def ownership_graphs(draw: st.DrawFn) -> tuple[int, int, list[Holding]]:
    companies = draw(st.integers(2, 7))
    persons = draw(st.integers(1, 3))
    holdings: list[Holding] = []
    for company in range(companies):
        left = 100.0
        holders = draw(st.lists(st.integers(0, companies + persons - 1), max_size=4, unique=True))
        for holder in holders:
            if holder == company or left < 0.5:
                continue
            share = draw(shares(left))
            holdings.append((holder, company, share))
            left -= share
    return companies, persons, holdings


def node(index: int, companies: int) -> str:
    return f"C{index}" if index < companies else f"P{index}"


def graph_of(companies: int, holdings: list[Holding]) -> RiskGraph:
    graph = RiskGraph(None)
    for k, (h, c, share) in enumerate(holdings):
        graph.add_link(Link(f"o{k}", "OWNS", node(h, companies), node(c, companies),
                            {"share_pct": share, "source": "t", "source_record_id": f"r{k}"}))
    return graph


def solved(companies: int, holdings: list[Holding]):  # type: ignore[no-untyped-def]
    links = graph_of(companies, holdings).of_type("OWNS")
    return integrate(*direct_matrix(links))


@settings(max_examples=300, deadline=None)
@given(ownership_graphs())
def test_integrated_shares_between_0_and_100(case: tuple[int, int, list[Holding]]) -> None:
    companies, _, holdings = case
    if not holdings:
        return
    own = solved(companies, holdings)
    assert np.all(own.integrated.data >= -1e-12) and np.all(own.integrated.data <= 1 + 1e-9)


@settings(max_examples=300, deadline=None)
@given(ownership_graphs())
def test_ultimate_holders_of_a_company_hold_at_most_100(case: tuple[int, int, list[Holding]]) -> None:
    companies, _, holdings = case
    if not holdings:
        return
    own = solved(companies, holdings)
    for company in {c for _, c, _ in holdings}:
        cid = node(company, companies)
        total = sum(share for holder, share in own.holders(cid) if own.is_ultimate(holder))
        assert total <= 1 + 1e-9


def control_pairs(graph: RiskGraph) -> set[tuple[str, str]]:
    ctrl = compute_control(graph, 50.0)
    return {pair for members in ctrl.members().values() for pair in combinations(sorted(members), 2)}


def group_pairs(graph: RiskGraph) -> set[tuple[str, str]]:
    found = derive(graph, get_profile("basel"), {}, lambda a, c: a, require_borrower=False)
    return {pair for g in found for pair in combinations(
        sorted(p for p, m in g.members.items() if m.rule in ("control", "family")), 2)}


@settings(max_examples=300, deadline=None)
@given(ownership_graphs(), st.data())
def test_adding_a_link_never_removes_a_control_member(
    case: tuple[int, int, list[Holding]], data: st.DataObject,
) -> None:
    companies, persons, holdings = case
    target = data.draw(st.integers(0, companies - 1))
    holder = data.draw(st.integers(0, companies + persons - 1))
    left = 100.0 - sum(s for _, c, s in holdings if c == target)
    if holder == target or left < 0.5:
        return
    share = data.draw(shares(left))
    before, after = graph_of(companies, holdings), graph_of(companies, [*holdings, (holder, target, share)])
    assert control_pairs(before) <= control_pairs(after)
    assert group_pairs(before) <= group_pairs(after)
