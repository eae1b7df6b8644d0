"""Exposure, limits, portfolio, what-if, the group job and contagion on small hand-built banks."""

from __future__ import annotations

import pytest

from graph.errors import InvalidRequestError
from graph.settings import Settings
from queries.risk.contagion import record_risk_event
from queries.risk.derive import compare_declared, derive_groups
from queries.risk.fx import RateTable
from queries.risk.portfolio import exposure_of, group_exposure, portfolio
from queries.risk.whatif import whatif_facility, whatif_link
from queries.tasks import open_tasks
from tests.risk.builders import Bank

SETTINGS = Settings(eligible_capital=10_000.0, reporting_currency="USD")


def rates() -> RateTable:
    table = RateTable("USD")
    table.add("EUR", 1.10, "2024-01-01")
    table.add("EUR", 1.20, "2025-01-01")
    table.add("VND", 0.00004, "2024-01-01")
    return table


@pytest.fixture
def group_bank(bank: Bank) -> Bank:
    # P owns 70% of A and 60% of B. Facilities (USD unless said):
    #   A: term loan limit 1,000 drawn 800                 -> 800 + 1.0 x 200 = 1,000
    #   A: letter of credit 1,000 EUR, drawn 0, CCF 20%    -> 200 EUR x 1.10 (2024 rate) = 220
    #   B: revolving 1,500, drawn 500                      -> 1,500
    #   B: term loan that matured 2023-12-31               -> not counted on 2024-06-30
    # Group {P, A, B} = 1,000 + 220 + 1,500 = 2,720 = 27.2% of capital 10,000:
    # large (>= 10%), above basel's 25% limit: breach, headroom 2,500 - 2,720 = -220.
    bank.person("P")
    bank.company("A", "B")
    bank.owns("P", "A", 70)
    bank.owns("P", "B", 60)
    bank.facility("fa1", "A", 1000, 800)
    bank.facility("fa2", "A", 1000, 0, currency="EUR", facility_type="letter_of_credit")
    bank.facility("fb1", "B", 1500, 500, facility_type="revolving")
    bank.facility("fb2", "B", 9000, 9000, valid_to="2023-12-31")
    return bank


def test_group_exposure_against_the_basel_limit(group_bank: Bank) -> None:
    found = exposure_of(group_bank.store, "A", "basel", "2024-06-30", rates().on("2024-06-30"), SETTINGS)
    (group,) = found.groups
    assert group.total == pytest.approx(2720.0)
    assert group.share_pct == pytest.approx(27.2) and group.large and group.breach
    assert group.headroom == pytest.approx(-220.0)
    lc = next(f for m in group.members for f in m.facilities if f.facility_id == "fa2")
    assert lc.ccf == 0.2 and lc.rate == pytest.approx(1.10) and lc.rate_date == "2024-01-01"
    # A alone: 1,220 = 12.2%, below basel's 25% single limit.
    assert found.client.total == pytest.approx(1220.0) and not found.client.breach


def test_rate_date_and_limit_schedule(group_bank: Bank) -> None:
    # On 2025-06-30 the 2025 EUR rate applies: 200 x 1.20 = 240 -> group 2,740 = 27.4%.
    # Vietnam's limit for a customer and related persons on 2025-06-30 is 23%, from 2029 15%.
    found = exposure_of(group_bank.store, "A", "vietnam", "2025-06-30", rates().on("2025-06-30"), SETTINGS)
    assert found.groups[0].total == pytest.approx(2740.0) and found.groups[0].limit_pct == 23
    later = exposure_of(group_bank.store, "A", "vietnam", "2029-06-30", rates().on("2029-06-30"), SETTINGS)
    assert later.groups[0].limit_pct == 15 and later.client.limit_pct == 10


def test_portfolio_sorted_with_large_exposures(group_bank: Bank) -> None:
    # A second, smaller group: Q owns 100% of C, C borrows 300 (3%): not large.
    group_bank.person("Q")
    group_bank.company("C")
    group_bank.owns("Q", "C", 100)
    group_bank.facility("fc", "C", 300, 300)
    book = portfolio(group_bank.store, "basel", "2024-06-30", rates().on("2024-06-30"), settings=SETTINGS)
    assert [g.anchor_id for g in book.groups] == ["P", "Q"]
    assert [e.group_id for e in book.large] == ["grp-basel-P"]
    assert [e.group_id for e in book.breaches] == ["grp-basel-P"]


def test_whatif_facility_writes_nothing(group_bank: Bank) -> None:
    # A new 500 USD term loan to B: group 2,720 + 500 = 3,220 = 32.2%; headroom -720.
    before = group_bank.store.store_checksum()
    result = whatif_facility(group_bank.store, "B", {"facility_type": "term_loan", "limit_amount": 500,
                                                     "drawn_amount": 0, "currency": "USD"},
                             "basel", "2024-06-30", rates().on("2024-06-30"), SETTINGS)
    assert result.before.groups[0].total == pytest.approx(2720.0)
    assert result.after.groups[0].total == pytest.approx(3220.0)
    assert result.after.groups[0].headroom == pytest.approx(-720.0) and result.warnings
    assert group_bank.store.store_checksum() == before


def test_whatif_acquisition_joins_a_group(group_bank: Bank) -> None:
    # B proposes to buy 60% of D (D borrows 100): D joins P's group -> 2,820.
    group_bank.company("D")
    group_bank.facility("fd", "D", 100, 100)
    result = whatif_link(group_bank.store, "OWNS", "B", "D", {"share_pct": 60}, profile="basel", as_of="2024-06-30",
                         rates=rates().on("2024-06-30"), settings=SETTINGS)
    assert result.before.groups == []
    assert result.after.groups[0].group_id == "grp-basel-P" and result.after.groups[0].total == pytest.approx(2820.0)
    assert result.joined == {"grp-basel-P": ["D"]}
    with pytest.raises(InvalidRequestError):
        whatif_link(group_bank.store, "OWNS", "B", "D", {"share_pct": 160}, settings=SETTINGS)


def test_group_job_is_idempotent_and_replaces(group_bank: Bank) -> None:
    store = group_bank.store
    first = derive_groups(store, "basel", "2024-06-30", rates().on("2024-06-30"), SETTINGS)
    assert (first.groups, first.memberships, first.groups_written) == (1, 3, 1)
    (node,) = store.get_nodes(["grp-basel-P"])
    assert node.props["kind"] == "derived" and node.props["exposure"] == pytest.approx(2720.0)
    again = derive_groups(store, "basel", "2024-06-30", rates().on("2024-06-30"), SETTINGS)
    assert (again.groups_written, again.memberships_written, again.groups_deleted) == (0, 0, 0)
    # P sells B down to 40%: B leaves the group; its membership is deleted.
    (owns_b,) = [ln for ln in store.links_of(["B"], ["OWNS"], "in")]
    store.delete_links("OWNS", [owns_b.id])
    group_bank.owns("P", "B", 40)
    third = derive_groups(store, "basel", "2024-06-30", rates().on("2024-06-30"), SETTINGS)
    assert third.memberships_deleted == 1
    assert {ln.source for ln in store.links_of(["grp-basel-P"], ["MEMBER_OF"], "in")} == {"P", "A"}


def test_compare_declared(group_bank: Bank) -> None:
    # The bank declared {A, B, X}; the rules derive {P, A, B}: X only declared, P only derived.
    group_bank.company("X")
    group_bank.node("Group", "decl-1", name="Declared A", kind="declared")
    for party in ("A", "B", "X"):
        group_bank.link("MEMBER_OF", party, "decl-1", rule="declared")
    (diff,) = compare_declared(group_bank.store, "basel", "2024-06-30", rates().on("2024-06-30"), SETTINGS)
    assert (diff.declared_id, diff.derived_id) == ("decl-1", "grp-basel-P")
    assert diff.only_declared == ["X"] and diff.only_derived == ["P"] and "70%" in diff.derived_reasons["P"]


def test_contagion_reaches_customers_and_raises_one_task_per_rm(bank: Bank) -> None:
    # H owns 60% of A; A owns 30% of B; G guarantees H. C is unconnected.
    # Default on A reaches H (up), B (down) and G (through H's guarantee, upward): 3 customers
    # plus A itself. RM1 manages A and B, RM2 manages G, RM3 manages C (not affected).
    bank.company("H", "A", "B", "G", "C")
    bank.owns("H", "A", 60)
    bank.owns("A", "B", 30)
    bank.link("GUARANTEES", "G", "H", amount=10, currency="USD")
    for rm, parties in (("RM1", ["A", "B"]), ("RM2", ["G"]), ("RM3", ["C"])):
        bank.node("RelationshipManager", rm, name=rm)
        for party in parties:
            bank.link("MANAGES", rm, party)
    result = record_risk_event(bank.store, "A", "default", "2024-05-01")
    assert [a.party_id for a in result.affected] == ["A", "B", "G", "H"]
    assert next(a for a in result.affected if a.party_id == "G").hops == 2
    assert sorted(result.rms) == ["RM1", "RM2"] and len(result.task_ids) == 2
    assert [t.props["rm_id"] for t in open_tasks(bank.store, "RM1")] == ["RM1"]
    assert bank.store.get_nodes([result.event_id])[0].props["affected_count"] == 4
    again = record_risk_event(bank.store, "A", "default", "2024-05-01")  # the same event: no second task
    assert again.event_id == result.event_id and again.task_ids == []


def test_default_as_of_is_today_not_every_link(bank: Bank) -> None:
    # P owned 60% of C until 2020-12-31. Asked without a date, the job answers as of today:
    # the holding has ended, so there is no group (the store's "no date" would read it).
    bank.person("P")
    bank.company("C")
    bank.owns("P", "C", 60, valid_to="2020-12-31")
    bank.facility("f1", "C", 10, 10)
    assert derive_groups(bank.store, "basel", rates=rates(), settings=SETTINGS).groups == 0
    assert exposure_of(bank.store, "C", "basel", rates=rates(), settings=SETTINGS).groups == []


def test_group_exposure_by_stored_id_uses_the_groups_profile(group_bank: Bank) -> None:
    # The job stores grp-vietnam-P; asked by id, the exposure is recomputed live under vietnam
    # (23% limit on 2025-06-30) whatever the default profile is.
    derive_groups(group_bank.store, "vietnam", "2025-06-30", rates().on("2025-06-30"), SETTINGS)
    found = group_exposure(group_bank.store, "grp-vietnam-P", as_of="2025-06-30", rates=rates().on("2025-06-30"),
                           settings=SETTINGS)
    assert found is not None and found.profile == "vietnam" and found.limit_pct == 23
    assert found.total == pytest.approx(2740.0)
    assert group_exposure(group_bank.store, "grp-vietnam-nobody", settings=SETTINGS) is None
