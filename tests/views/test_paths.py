"""Warm-introduction paths on a hand-built bank (tests/views/build.py), on both stores."""

from __future__ import annotations

from typing import Any

import pytest

from queries.paths import intro_paths
from tests.views.build import Builder, small_bank

AS_OF = "2026-01-01"


def test_paths_to_target_in_order_with_scores(store: Any) -> None:
    small_bank(store)
    paths = intro_paths(store, "x-target", as_of=AS_OF)
    got = [(p.via, p.ask.id if p.ask else None, [n.id for n in p.nodes], p.score) for p in paths]
    # By hand: owner 60% -> 0.3 + 0.7 x 0.6 = 0.72; director 0.7; 100 x 0.72 x 0.7 = 50.4.
    # Director of An Trading 0.7 x director of Target 0.7 = 49.0.
    # Agent One: 1 converted, 1 lost -> (1+1)/(2+2) = 0.5 -> 0.3 + 0.35 = 0.65; referred 579 days
    # before 2026-01-01 -> 0.5 ** (579/730) = 0.5771; 100 x 0.65 x 0.5771 = 37.51.
    # Small owner 5% -> 0.335 x 0.7 = 23.45.
    assert got == [
        ("rm", "rm-anna", ["rm-anna", "c-hoang", "p-big", "x-target"], 50.4),
        ("rm", "rm-anna", ["rm-anna", "c-an", "p-big", "x-target"], 49.0),
        ("referrer", "rm-bao", ["r-one", "x-target"], 37.51),
        ("rm", "rm-bao", ["rm-bao", "c-minh", "p-small", "x-target"], 23.45),
    ]
    assert paths[0].sentence == (
        "Ask Anna Tran (RM of Hoang Ltd) for an introduction to Target Co: "
        "Big Owner owns 60% of Hoang Ltd; Big Owner is director of Target Co."
    )


def test_sixty_percent_owner_ranks_above_five_percent_owner(store: Any) -> None:
    small_bank(store)
    order = [p.nodes[2].id for p in intro_paths(store, "x-target", as_of=AS_OF) if p.via == "rm"]
    assert order.index("p-big") < order.index("p-small")


def test_hub_director_is_never_a_step(store: Any) -> None:
    small_bank(store)
    paths = intro_paths(store, "x-target", as_of=AS_OF, limit=50)
    assert all("p-nominee" not in [n.id for n in p.nodes] for p in paths)
    assert all(p.ask is None or p.ask.id != "rm-chi" for p in paths)  # c-hub is reached only through the hub


@pytest.mark.parametrize(("companies", "is_hub"), [(49, False), (50, True)])
def test_hub_threshold_is_fifty_companies(embedded_store: Any, companies: int, is_hub: bool) -> None:
    b = Builder(embedded_store)
    b.rm("rm-x")
    b.company("cust", status="customer")
    b.company("pros", status="prospect")
    b.person("dir")
    b.link("MANAGES", "rm-x", "cust")
    b.link("DIRECTOR_OF", "dir", "cust")
    b.link("DIRECTOR_OF", "dir", "pros")
    for i in range(companies - 2):
        b.company(f"other-{i}")
        b.link("DIRECTOR_OF", "dir", f"other-{i}")
    assert (intro_paths(embedded_store, "pros") == []) is is_hub


def test_family_path_and_depth_bound(store: Any) -> None:
    small_bank(store)
    paths = intro_paths(store, "y-family", as_of=AS_OF)
    assert [[n.id for n in p.nodes] for p in paths] == [
        ["rm-anna", "c-hoang", "p-big", "p-spouse", "y-family"],
        ["rm-anna", "c-an", "p-big", "p-spouse", "y-family"],
    ]
    assert [p.score for p in paths] == [51.84, 50.4]  # 0.72 x 0.9 x 0.8; 0.7 x 0.9 x 0.8
    assert intro_paths(store, "y-family", as_of=AS_OF, max_depth=3) == []


def test_ended_links_are_not_paths_as_of_a_later_date(store: Any) -> None:
    b = small_bank(store)
    b.link("DIRECTOR_OF", "p-small", "z-lost", role="chair", valid_to="2025-01-01")
    assert [p.nodes[1].id for p in intro_paths(store, "z-lost", as_of="2024-06-01") if p.via == "rm"] == ["c-minh"]
    assert [p for p in intro_paths(store, "z-lost", as_of="2025-06-01") if p.via == "rm"] == []


def test_stored_referrer_records_give_the_same_paths(store: Any) -> None:
    from queries.referrals import refresh_referrer_records

    small_bank(store)
    live = intro_paths(store, "x-target", as_of=AS_OF)
    assert refresh_referrer_records(store, AS_OF) == 1
    assert intro_paths(store, "x-target", as_of=AS_OF) == live


def test_co_director_path_to_a_person_prospect(store: Any) -> None:
    b = small_bank(store)
    b.person("y-person", name="Young Person", status="prospect")
    b.company("x-board", name="Board Co")
    b.link("DIRECTOR_OF", "p-small", "x-board", role="chair")
    b.link("DIRECTOR_OF", "y-person", "x-board", role="director")
    (path,) = intro_paths(store, "y-person", as_of=AS_OF)
    assert [n.id for n in path.nodes] == ["rm-bao", "c-minh", "p-small", "x-board", "y-person"]
    assert path.score == 18.76  # 0.335 (5% owner) x 0.8 (chair) x 0.7 (director) = 0.1876
    assert path.sentence.endswith("Small Owner is chair of Board Co; Young Person is director of Board Co.")
