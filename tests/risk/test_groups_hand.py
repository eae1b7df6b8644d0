"""Hand-worked groups: each test states the arithmetic the rule must reproduce."""

from __future__ import annotations

from graph.store import GraphStore
from queries.risk.derive import compute
from queries.risk.fx import RateTable
from queries.risk.groups import DerivedGroup
from queries.risk.profiles import get_profile
from tests.risk.builders import Bank


def groups(store: GraphStore, profile: str = "basel", as_of: str | None = None) -> list[DerivedGroup]:
    rates = RateTable("USD")
    rates.add("EUR", 1.10, "2024-01-01")
    return compute(store, get_profile(profile), as_of, rates).groups


def members(found: list[DerivedGroup]) -> list[set[str]]:
    return [set(g.members) for g in found]


def test_control_through_a_controlled_subsidiary(bank: Bank) -> None:
    # P holds 25% of C directly and 55% of S; S holds 30% of C.
    # S is controlled by P (55% > 50%), so S's votes count as P's:
    # P's votes in C = 25% + 30% = 55% > 50% -> P controls C, and P, S, C are one group.
    bank.person("P")
    bank.company("S", "C")
    bank.owns("P", "S", 55)
    bank.owns("P", "C", 25)
    bank.owns("S", "C", 30)
    bank.facility("f1", "C", 100, 100)
    (group,) = groups(bank.store)
    assert set(group.members) == {"P", "S", "C"}
    assert group.anchor_id == "P" and group.id == "grp-basel-P"
    c = group.members["C"]
    assert c.rule == "control" and "55%" in c.reason
    assert {link.source for link in c.path} == {"P", "S"}  # P->C, S->C and P->S, with their records
    assert all(link.props["source_record_id"] for link in c.path)


def test_no_control_without_the_subsidiary_being_controlled(bank: Bank) -> None:
    # Same as above but P holds only 45% of S: S is not controlled, so P has 25% of C
    # and S has 30% -> nobody above 50%; no group at all.
    bank.person("P")
    bank.company("S", "C")
    bank.owns("P", "S", 45)
    bank.owns("P", "C", 25)
    bank.owns("S", "C", 30)
    bank.facility("f1", "C", 100, 100)
    assert groups(bank.store) == []


def test_voting_rights_not_capital_decide_control(bank: Bank) -> None:
    # P has 40% of the capital of C but 60% of the votes: 60% > 50% -> control.
    bank.person("P")
    bank.company("C")
    bank.owns("P", "C", 40, voting_pct=60)
    bank.facility("f1", "C", 10, 0)
    assert members(groups(bank.store)) == [{"P", "C"}]


def test_controls_link_and_common_parent(bank: Bank) -> None:
    # H controls A by board majority and owns 70% of B: the common parent H joins A and B.
    bank.company("H", "A", "B")
    bank.link("CONTROLS", "H", "A", basis="board_majority")
    bank.owns("H", "B", 70)
    bank.facility("f1", "A", 10, 5)
    (group,) = groups(bank.store)
    assert set(group.members) == {"H", "A", "B"}
    assert "board_majority" in group.members["A"].reason


def test_group_joined_only_by_a_guarantee(bank: Bank) -> None:
    # D borrows 1,000. G guarantees D for 600 and has 1,000 of exposure of its own:
    # 600 / 1,000 = 60% >= 50% (basel guarantee_share_pct) -> G joins D's group.
    # H guarantees D for 100 against 1,000 of its own: 10% < 50% -> H does not join.
    bank.company("D", "G", "H")
    bank.facility("fd", "D", 1000, 1000)
    bank.facility("fg", "G", 1000, 1000)
    bank.facility("fh", "H", 1000, 1000)
    bank.link("GUARANTEES", "G", "D", amount=600, currency="USD")
    bank.link("GUARANTEES", "H", "D", amount=100, currency="USD")
    (group,) = groups(bank.store)
    assert set(group.members) == {"D", "G"}
    assert group.members["G"].rule == "guarantee" and "60%" in group.members["G"].reason


def test_guarantee_in_another_currency_is_converted(bank: Bank) -> None:
    # G guarantees 500 EUR = 550 USD at 1.10; its own exposure is 1,000 USD: 55% >= 50% -> joins.
    bank.company("D", "G")
    bank.facility("fd", "D", 1000, 1000)
    bank.facility("fg", "G", 1000, 1000)
    bank.link("GUARANTEES", "G", "D", amount=500, currency="EUR")
    assert members(groups(bank.store)) == [{"D", "G"}]


def test_group_joined_by_economic_dependence_without_chaining(bank: Bank) -> None:
    # P owns 80% of B (a control group {P, B}). S gets 60% of its receipts from B (>= 50%):
    # S joins B's group. T gets 70% of its receipts from S: T joins a group around S,
    # not B's group (dependence does not chain). U gets 40% from B: below 50%, no join.
    bank.person("P")
    bank.company("B", "S", "T", "U")
    bank.owns("P", "B", 80)
    bank.link("SUPPLIES", "S", "B", share_of_receipts=60)
    bank.link("SUPPLIES", "T", "S", share_of_receipts=70)
    bank.link("SUPPLIES", "U", "B", share_of_receipts=40)
    bank.facility("f1", "S", 10, 10)
    found = {g.anchor_id: g for g in groups(bank.store)}
    assert set(found["P"].members) == {"P", "B", "S"}
    assert found["P"].members["S"].rule == "economic_dependence"
    assert set(found["S"].members) == {"S", "T"}  # S counts in both groups


def test_membership_ends_when_the_link_ends(bank: Bank) -> None:
    # P owns 60% of C from 2020-01-01 to 2024-12-31. On 2024-06-30: 60% > 50% -> group {P, C}.
    # On 2025-01-01 the link no longer holds: no group.
    bank.person("P")
    bank.company("C")
    bank.owns("P", "C", 60, valid_from="2020-01-01", valid_to="2024-12-31")
    bank.facility("f1", "C", 10, 10)
    assert members(groups(bank.store, as_of="2024-06-30")) == [{"P", "C"}]
    assert groups(bank.store, as_of="2025-01-01") == []


def test_family_joins_only_under_the_china_profile(bank: Bank) -> None:
    # Spouses X and Y each control a company (60% each). Under basel: two groups.
    # Under china (family_joins): one group {X, Y, A, B}, B's reason names the FAMILY link.
    bank.person("X", "Y")
    bank.company("A", "B")
    bank.owns("X", "A", 60)
    bank.owns("Y", "B", 60)
    bank.link("FAMILY", "X", "Y", kind="spouse")
    bank.facility("fa", "A", 10, 10)
    bank.facility("fb", "B", 10, 10)
    assert sorted(map(sorted, members(groups(bank.store)))) == [["A", "X"], ["B", "Y"]]
    (china,) = groups(bank.store, "china")
    assert set(china.members) == {"X", "Y", "A", "B"}
    assert china.anchor_id == "X" and china.members["B"].rule == "family"
    assert any(link.type == "FAMILY" for link in china.members["B"].path)


def test_a_group_without_a_borrower_is_not_a_group_of_clients(bank: Bank) -> None:
    bank.person("P")
    bank.company("C")
    bank.owns("P", "C", 100)
    assert groups(bank.store) == []
