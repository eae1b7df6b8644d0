"""The risk mixin answers like the contract on both stores (graph/*/risk.py)."""

from __future__ import annotations

import pytest

from graph.neo4j import Neo4jStore
from graph.neo4j import risk as neo4j_risk
from graph.settings import Settings
from graph.store import GraphStore, LinkRow, NodeRow, content_checksum
from queries.risk import derive
from queries.risk.derive import derive_groups
from queries.risk.fx import RateTable
from queries.risk.snapshot import RiskStore
from tests.risk.builders import Bank


def test_risk_mixin_matches_the_contract(store: GraphStore) -> None:
    bank = Bank(store)
    bank.person("P")
    bank.company("A", "B")
    bank.owns("P", "A", 60, valid_to="2020-12-31")
    bank.owns("P", "B", 30)
    bank.link("CONTROLS", "A", "B", basis="board_majority")
    bank.facility("f-old", "A", 10, 10, valid_to="2020-12-31")
    bank.facility("f-new", "B", 10, 10)
    assert isinstance(store, RiskStore)
    for as_of in (None, "2025-01-01"):
        bulk = sorted((ln.id, ln.type, ln.source, ln.target, dict(ln.props))
                      for ln in store.risk_links(["OWNS", "CONTROLS"], as_of))
        plain = sorted((ln.id, ln.type, ln.source, ln.target, dict(ln.props))
                       for ln in store.iter_links(["OWNS", "CONTROLS"], as_of))
        assert bulk == plain
        # bare types come with their ends only; the others still as the contract has them
        ends = sorted((ln.id, ln.source, ln.target) for ln in store.risk_links(["OWNS", "BORROWS"], as_of,
                                                                            bare=["BORROWS"]))
        assert ends == sorted((ln.id, ln.source, ln.target) for ln in store.iter_links(["OWNS", "BORROWS"], as_of))
        owns = {ln.id: dict(ln.props) for ln in store.risk_links(["OWNS", "BORROWS"], as_of, bare=["BORROWS"])
                if ln.type == "OWNS"}
        assert owns == {ln.id: dict(ln.props) for ln in store.iter_links(["OWNS"], as_of)}
    assert [n.id for n in store.risk_nodes("Facility", "2025-01-01")] == ["f-new"]
    props = {"name": "G", "kind": "derived", "source": "kith"}
    store.risk_set_nodes("Group", [NodeRow("grp-x", props, content_checksum(props))])
    link = {"rule": "control", "source": "kith", "source_record_id": "grp-x"}
    store.risk_create_links("MEMBER_OF", [LinkRow("mo-x", "A", "grp-x", link, content_checksum(link))])
    assert store.checksums("MEMBER_OF", ["mo-x"]) == {"mo-x": content_checksum(link)}
    assert store.get_nodes(["grp-x"])[0].props == props
    assert store.risk_checksums("MEMBER_OF", "mo-") == {"mo-x": content_checksum(link)}
    assert store.risk_checksums("MEMBER_OF", "mo-y") == {}
    assert store.risk_checksums("Group", "grp-") == {"grp-x": content_checksum(props)}
    # names of parties only: a Group id asked as a Party is not one
    assert store.risk_names("Party", ["A", "P", "grp-x", "nobody"], "name") == {"A": "Company A", "P": "Person P"}


@pytest.mark.neo4j
def test_neo4j_reads_chunks_as_they_come_and_stops_cleanly(neo4j_store: Neo4jStore,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small chunks over two reader threads: every link once, and a caller that stops
    after the first link leaves no reader blocked (the next read answers)."""
    monkeypatch.setattr(neo4j_risk, "CHUNK", 2)
    bank = Bank(neo4j_store)
    bank.person("P")
    companies = [f"C{i:02d}" for i in range(12)]
    bank.company(*companies)
    for i, company in enumerate(companies):
        bank.owns("P", company, 10 + i)
        bank.link("SUPPLIES", company, "P", share_of_receipts=60)
    types = ["OWNS", "SUPPLIES"]
    read = sorted(ln.id for ln in neo4j_store.risk_links(types, None, bare=["SUPPLIES"]))
    assert read == sorted(ln.id for ln in neo4j_store.iter_links(types)) and len(read) == 24
    first = next(iter(neo4j_store.risk_links(types, None, bare=["SUPPLIES"])))
    assert first.type in types
    stopped = neo4j_store.risk_links(types, None, bare=["SUPPLIES"])
    next(stopped)
    stopped.close()  # what a caller breaking out of its loop does
    assert len(list(neo4j_store.risk_links(["OWNS"], None, bare=["SUPPLIES"]))) == 12


@pytest.mark.neo4j
def test_neo4j_group_job_writes_many_small_transactions_at_once(neo4j_store: Neo4jStore,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups and memberships in transactions of two rows on the writer threads: each is
    written once, with its group, and a second run writes nothing."""
    monkeypatch.setattr(neo4j_risk, "WRITE_CHUNK", 2)
    monkeypatch.setattr(derive, "WRITE_BATCH", 3)
    bank = Bank(neo4j_store)
    parents = [f"P{i}" for i in range(7)]
    bank.person(*parents)
    for parent in parents:  # each parent controls two companies: 7 groups of 3
        bank.company(f"{parent}-a", f"{parent}-b")
        bank.owns(parent, f"{parent}-a", 60)
        bank.owns(parent, f"{parent}-b", 80)
        bank.facility(f"f-{parent}", f"{parent}-a", 100, 50)  # groups are kept for borrowers
    settings = Settings(eligible_capital=10_000.0, reporting_currency="USD")
    first = derive_groups(neo4j_store, "basel", rates=RateTable("USD"), settings=settings)
    assert (first.groups, first.memberships, first.groups_written, first.memberships_written) == (7, 21, 7, 21)
    for parent in parents:
        members = {ln.source for ln in neo4j_store.links_of([f"grp-basel-{parent}"], ["MEMBER_OF"], "in")}
        assert members == {parent, f"{parent}-a", f"{parent}-b"}
    again = derive_groups(neo4j_store, "basel", rates=RateTable("USD"), settings=settings)
    assert (again.groups_written, again.memberships_written) == (0, 0)
