"""Ids of derived groups and memberships: stable, unique per pair, within the schema's id
pattern, and a group's memberships side by side in the id index."""

from __future__ import annotations

import re

from graph.models import ID_PATTERN
from queries.risk.explain import group_id, member_link_id, member_prefix


def test_memberships_of_a_group_share_its_part_and_differ_by_party() -> None:
    group = group_id("basel", "C0101619")
    a, b = member_link_id("basel", group, "C1"), member_link_id("basel", group, "C2")
    assert a.startswith(f"{member_prefix('basel')}C0101619:") and b.startswith(f"{member_prefix('basel')}C0101619:")
    assert a != b and a == member_link_id("basel", group, "C1")


def test_separator_in_ids_gives_no_collision() -> None:
    # "A:B" + "C" and "A" + "B:C" read alike once joined; the digest of the pair tells them apart.
    joined_one_way = member_link_id("basel", group_id("basel", "A:B"), "C")
    assert joined_one_way != member_link_id("basel", group_id("basel", "A"), "B:C")


def test_long_ids_fall_back_to_the_digest_within_the_pattern() -> None:
    long_anchor = "X" * 120
    group = group_id("china", long_anchor)
    for party in ("P1", "Q" * 128):
        link_id = member_link_id("china", group, party)
        assert re.fullmatch(ID_PATTERN, link_id), link_id
        assert link_id.startswith(member_prefix("china"))
    assert len(member_link_id("china", group_id("china", "Y" * 110), "P")) <= 128
