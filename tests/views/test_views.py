"""Connected-party and portfolio views on a hand-built bank, on both stores."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import InvalidRequestError, NotFoundError
from queries.roles import party_roles
from queries.views import connected_view, portfolio_view
from tests.views.build import small_bank


def test_hub_shows_twenty_and_counts_the_rest(store: Any) -> None:
    small_bank(store)
    view = connected_view(store, "p-nominee", depth=1)
    centre = next(n for n in view.nodes if n.id == "p-nominee")
    assert len(view.nodes) == 21 and centre.more == 35  # 55 companies: 20 shown, +35 more
    shown = sorted(n.id for n in view.nodes if n.depth == 1)
    # all links are nominee directorships (same strength), so the cut is by id
    assert shown == ["c-hub", *[f"shell-{i:02d}" for i in range(19)]]


def test_cap_is_per_expansion_and_deterministic(store: Any) -> None:
    small_bank(store)
    first = connected_view(store, "x-target", depth=2, cap=2)
    again = connected_view(store, "x-target", depth=2, cap=2)
    assert first == again
    by_id = {n.id: n for n in first.nodes}
    # x-target: p-big and p-small (director 0.7) beat r-one (referral 0.5) and p-nominee (0.2)
    assert {n.id for n in first.nodes if n.depth == 1} == {"p-big", "p-small"}
    assert by_id["x-target"].more == 2
    # p-big's new neighbours: p-spouse 0.9, c-hoang 0.72, c-an 0.7, x-dnc 0.7, x-noconsent 0.6, x-owned 0.51
    # p-small's: x-second 0.8, c-minh 0.335 (both shown)
    assert [(n.id, n.depth) for n in first.nodes if n.depth == 2] == [
        ("p-spouse", 2), ("c-hoang", 2), ("x-second", 2), ("c-minh", 2),
    ]
    assert (by_id["p-big"].more, by_id["p-small"].more, by_id["c-hoang"].more) == (4, 0, None)


def test_roles_groups_and_rms(store: Any) -> None:
    small_bank(store)
    view = connected_view(store, "c-hoang", depth=1)
    by_id = {n.id: n for n in view.nodes}
    assert by_id["c-hoang"].roles == ["customer"]
    assert [g.id for g in by_id["c-hoang"].groups] == ["g-hoang"]
    assert [r.name for r in by_id["c-hoang"].rms] == ["Anna Tran"]
    assert by_id["p-big"].roles == ["key person"]
    assert by_id["rm-anna"].roles == ["RM"]
    assert party_roles(store, ["x-target", "r-one", "c-minh"]) == {
        "x-target": ["prospect"], "r-one": ["referrer"], "c-minh": ["customer"],
    }


def test_types_and_as_of_filter(store: Any) -> None:
    b = small_bank(store)
    b.link("FAMILY", "p-small", "p-big", kind="sibling", valid_from="2025-01-01")
    only_family = connected_view(store, "p-big", depth=1, types=["FAMILY"])
    assert {n.id for n in only_family.nodes} == {"p-big", "p-spouse", "p-small"}
    before = connected_view(store, "p-big", depth=1, types=["FAMILY"], as_of="2024-12-31")
    assert {n.id for n in before.nodes} == {"p-big", "p-spouse"}


def test_bad_requests(store: Any) -> None:
    small_bank(store)
    with pytest.raises(InvalidRequestError):
        connected_view(store, "c-hoang", depth=4)
    with pytest.raises(InvalidRequestError):
        connected_view(store, "c-hoang", types=["NOT_A_TYPE"])
    with pytest.raises(NotFoundError):
        connected_view(store, "nobody")


def test_portfolio_links_customers_to_each_other_and_other_rms(store: Any) -> None:
    small_bank(store)
    view = portfolio_view(store, "rm-anna")
    assert [c.id for c in view.customers] == ["c-an", "c-hoang"]
    got = [(c.customer.id, c.other.id, [v.id for v in c.via], c.strength, c.other_rm) for c in view.connections]
    assert got == [
        ("c-hoang", "c-minh", [], 0.6, True),        # c-minh guarantees c-hoang (Bao's customer)
        ("c-an", "c-hoang", ["p-big"], 0.504, False),  # p-big directs c-an (0.7), owns 60% of c-hoang (0.72)
        ("c-an", "c-minh", [], 0.5, True),           # c-an supplies c-minh
    ]
    assert [r.id for r in view.connections[0].other_rms] == ["rm-bao"]


def test_rms_and_referrers_are_shown_but_not_walked_through(store: Any) -> None:
    small_bank(store)
    by_id = {n.id: n for n in connected_view(store, "c-minh", depth=2).nodes}
    assert by_id["rm-bao"].depth == 1 and by_id["rm-bao"].more is None  # not expanded: x-owned is not shown
    assert by_id["r-one"].depth == 1 and by_id["r-one"].more is None    # z-lost is not shown
    assert "x-owned" not in by_id and "z-lost" not in by_id
    centre = connected_view(store, "rm-bao", depth=1)
    assert {n.id for n in centre.nodes} == {"rm-bao", "c-minh", "x-owned"}  # an RM at the centre is expanded
