"""The store contract (graph.store.GraphStore), run on both stores through the `store`
fixture (ids "embedded" and "neo4j"). Tests that compare the two stores take both."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.embedded import EmbeddedStore
from graph.errors import MissingEndpointError, NodeTypeConflictError, StoreUnavailableError
from graph.neo4j import Neo4jStore
from graph.schema import UnknownTypeError
from graph.store import GraphStore, Link, LinkRow, NodeRow, content_checksum


def node(node_id: str, **props: Any) -> NodeRow:
    return NodeRow(id=node_id, props=props, checksum=content_checksum(props))


def link(link_id: str, source: str, target: str, **props: Any) -> LinkRow:
    props = {"source": "test", "source_record_id": link_id, **props}
    return LinkRow(id=link_id, source=source, target=target, props=props,
                   checksum=content_checksum({**props, "source_id": source, "target_id": target}))


def person(node_id: str, name: str, **props: Any) -> NodeRow:
    return node(node_id, **{"name": name, "name_folded": name.lower(), "source": "test", **props})


def company(node_id: str, name: str, **props: Any) -> NodeRow:
    return node(node_id, **{"name": name, "name_folded": name.lower(), "source": "test", **props})


def load_small_bank(store: GraphStore) -> None:
    """Two persons, three companies, a facility, a referrer, an RM and some links."""
    store.write_nodes("Person", [
        person("p1", "Anna Nguyen", national_id="AB123", date_of_birth="1970-01-02", do_not_contact=False),
        person("p2", "Bao Tran", national_id="CD456"),
    ])
    store.write_nodes("Company", [
        company("c1", "Alpha Holdings", tax_id="111", employees=120, annual_revenue=1.5e6),
        company("c2", "Beta Trading", tax_id="222"),
        company("c3", "Gamma Alpha", tax_id="333"),
    ])
    store.write_nodes("Facility", [node("f1", facility_type="term_loan", limit_amount=100.0, drawn_amount=50.0,
                                        currency="USD", source="test")])
    store.write_nodes("RelationshipManager", [node("rm1", name="Rita M", name_folded="rita m", source="test")])
    store.write_nodes("Referrer", [node("r1", name="Alpha Agent", name_folded="alpha agent",
                                        referrer_kind="agent", source="test")])
    store.write_links("OWNS", [
        link("o1", "p1", "c1", share_pct=60.0),
        link("o2", "c1", "c2", share_pct=51.0, valid_from="2020-01-01", valid_to="2020-12-31"),
        link("o3", "p2", "c2", share_pct=10.0, valid_from="2021-01-01"),
    ])
    store.write_links("DIRECTOR_OF", [link("d1", "p2", "c1", role="chair")])
    store.write_links("FAMILY", [link("fa1", "p1", "p2", kind="spouse")])
    store.write_links("BORROWS", [link("b1", "c1", "f1")])
    store.write_links("MANAGES", [link("m1", "rm1", "c1")])
    store.write_links("REFERRED", [link("rf1", "r1", "c3", date="2022-05-01", channel="referrer", outcome="open")])


def ids(items: Sequence[Any]) -> list[str]:
    return [item.id for item in items]


# -- the protocol ---------------------------------------------------------------------
def test_is_a_graph_store(store: GraphStore) -> None:
    assert isinstance(store, GraphStore)
    assert store.kind in ("embedded", "neo4j")


def test_ensure_schema_is_idempotent(store: GraphStore) -> None:
    store.ensure_schema()
    store.ensure_schema()
    load_small_bank(store)
    assert store.counts().total_nodes == 8


# -- nodes ----------------------------------------------------------------------------
def test_written_node_reads_back_equal(store: GraphStore) -> None:
    props = {"name": "Nguyễn Văn An", "name_folded": "nguyen van an", "source": "core", "employees": 7,
             "annual_revenue": 2.5, "do_not_contact": True, "status": "customer", "lei": None}
    store.write_nodes("Company", [NodeRow(id="c9", props=props, checksum="abc")])
    [got] = store.get_nodes(["c9"])
    assert got.id == "c9"
    assert got.type == "Company"
    assert dict(got.props) == {k: v for k, v in props.items() if v is not None}
    assert isinstance(got.props["employees"], int)
    assert isinstance(got.props["annual_revenue"], float)
    assert got.props["do_not_contact"] is True


def test_id_and_checksum_are_not_props(store: GraphStore) -> None:
    store.write_nodes("Person", [NodeRow(id="p1", props={"name": "A", "id": "zz", "checksum": "x"}, checksum="c1")])
    [got] = store.get_nodes(["p1"])
    assert dict(got.props) == {"name": "A"}
    assert store.checksums("Person") == {"p1": "c1"}


def test_write_replaces_props(store: GraphStore) -> None:
    store.write_nodes("Person", [person("p1", "Anna", national_id="AB1", passport="P1")])
    store.write_nodes("Person", [person("p1", "Anna B")])
    [got] = store.get_nodes(["p1"])
    assert dict(got.props) == {"name": "Anna B", "name_folded": "anna b", "source": "test"}
    assert store.checksums("Person", ["p1"]) == {"p1": person("p1", "Anna B").checksum}
    assert store.counts().nodes == {"Person": 1}


def test_last_row_of_an_id_wins_within_a_batch(store: GraphStore) -> None:
    store.write_nodes("Person", [person("p1", "First"), person("p1", "Second")])
    assert [n.props["name"] for n in store.get_nodes(["p1"])] == ["Second"]
    assert store.counts().nodes == {"Person": 1}


def test_node_type_conflict_raises(store: GraphStore) -> None:
    store.write_nodes("Person", [person("x1", "Anna")])
    with pytest.raises(NodeTypeConflictError) as caught:
        store.write_nodes("Company", [company("x2", "Fine"), company("x1", "Clash")])
    assert isinstance(caught.value, ValueError)
    assert "x1" in str(caught.value)
    [got] = store.get_nodes(["x1"])
    assert got.type == "Person"
    assert got.props["name"] == "Anna"


def test_unknown_type_raises(store: GraphStore) -> None:
    with pytest.raises(UnknownTypeError):
        store.write_nodes("Dragon", [node("d1", name="x")])
    with pytest.raises(UnknownTypeError):
        store.write_links("LOVES", [])
    with pytest.raises(UnknownTypeError):
        store.existing_ids("Dragon", ["d1"])
    with pytest.raises(UnknownTypeError):
        store.links_of(["p1"], ["LOVES"])
    with pytest.raises(UnknownTypeError):
        list(store.iter_links(["LOVES"]))
    with pytest.raises(UnknownTypeError):
        store.delete_links("LOVES", ["x"])
    with pytest.raises(UnknownTypeError):
        store.checksums("LOVES")
    with pytest.raises(UnknownTypeError):
        store.search("x", ["Dragon"], 5)


def test_get_nodes_follows_the_order_of_ids(store: GraphStore) -> None:
    load_small_bank(store)
    got = store.get_nodes(["f1", "nope", "c2", "p1", "rm1"])
    assert ids(got) == ["f1", "c2", "p1", "rm1"]
    assert [n.type for n in got] == ["Facility", "Company", "Person", "RelationshipManager"]
    assert store.get_nodes([]) == []


def test_existing_ids(store: GraphStore) -> None:
    load_small_bank(store)
    wanted = ["p1", "c1", "f1", "ghost"]
    assert store.existing_ids("Party", wanted) == {"p1", "c1"}
    assert store.existing_ids("Person", wanted) == {"p1"}
    assert store.existing_ids("Company", wanted) == {"c1"}
    assert store.existing_ids("Facility", wanted) == {"f1"}
    assert store.existing_ids("Party", []) == set()


def test_find_nodes(store: GraphStore) -> None:
    load_small_bank(store)
    assert sorted(ids(store.find_nodes("Company", "tax_id", ["111", "333", "999"]))) == ["c1", "c3"]
    assert ids(store.find_nodes("Person", "national_id", ["CD456"])) == ["p2"]
    assert sorted(ids(store.find_nodes("Party", "source", ["test"]))) == ["c1", "c2", "c3", "p1", "p2"]
    assert ids(store.find_nodes("Company", "employees", [120])) == ["c1"]
    assert ids(store.find_nodes("Party", "tax_id", ["111"])) == ["c1"]  # only companies have a tax id
    assert ids(store.find_nodes("Party", "national_id", ["AB123"])) == ["p1"]
    assert store.find_nodes("Company", "no_such_property", ["x"]) == []
    assert store.find_nodes("Company", "tax_id", []) == []


def test_iter_nodes(store: GraphStore) -> None:
    load_small_bank(store)
    assert sorted(ids(list(store.iter_nodes("Party")))) == ["c1", "c2", "c3", "p1", "p2"]
    assert sorted(ids(list(store.iter_nodes("Company")))) == ["c1", "c2", "c3"]
    assert {n.type for n in store.iter_nodes("Party")} == {"Person", "Company"}
    assert list(store.iter_nodes("Group")) == []


# -- search ---------------------------------------------------------------------------
def test_search_prefix_hits_first_then_name_then_id(store: GraphStore) -> None:
    store.write_nodes("Company", [
        company("c4", "Zeta Alpha"), company("c3", "Alpha Beta"), company("c2", "alpha beta"),
        company("c1", "Beta Alphabet"), company("c5", "Omega"),
    ])
    store.write_nodes("Person", [person("p1", "Alpha Person")])
    got = store.search("alpha", ["Party"], 10)
    # prefix hits (by name, then id), then the rest by name
    assert ids(got) == ["c2", "c3", "p1", "c1", "c4"]
    assert ids(store.search("alpha", ["Company"], 10)) == ["c2", "c3", "c1", "c4"]
    assert ids(store.search("alpha", ["Party"], 2)) == ["c2", "c3"]
    assert store.search("alpha", ["Party"], 0) == []
    assert store.search("nothing", ["Party"], 10) == []


def test_search_across_labels(store: GraphStore) -> None:
    load_small_bank(store)
    got = store.search("alpha", ["Party", "Referrer", "RelationshipManager"], 10)
    assert ids(got) == ["r1", "c1", "c3"]
    assert ids(store.search("rita", ["Party", "RelationshipManager"], 10)) == ["rm1"]
    assert store.search("alpha", ["Facility"], 10) == []


def test_search_matches_the_original_script(store: GraphStore) -> None:
    store.write_nodes("Company", [company("c1", "Chen Ltd", name_folded="chen you xian gong si 陈有限公司")])
    assert ids(store.search("陈有限", ["Company"], 5)) == ["c1"]


# -- links ----------------------------------------------------------------------------
def test_links_of_directions_and_types(store: GraphStore) -> None:
    load_small_bank(store)
    assert ids(store.links_of(["c1"])) == ["b1", "d1", "m1", "o1", "o2"]
    assert ids(store.links_of(["c1"], direction="out")) == ["b1", "o2"]
    assert ids(store.links_of(["c1"], direction="in")) == ["d1", "m1", "o1"]
    assert ids(store.links_of(["c1"], ["OWNS"])) == ["o1", "o2"]
    assert ids(store.links_of(["c1", "p1"], ["OWNS", "FAMILY"])) == ["fa1", "o1", "o2"]
    assert ids(store.links_of(["p2"], ["FAMILY"], direction="both")) == ["fa1"]
    assert store.links_of(["ghost"]) == []
    assert store.links_of([]) == []
    assert store.links_of(["c1"], []) == []
    [owns] = store.links_of(["p1"], ["OWNS"])
    assert owns == Link(id="o1", type="OWNS", source="p1", target="c1",
                        props={"source": "test", "source_record_id": "o1", "share_pct": 60.0})


def test_links_of_as_of(store: GraphStore) -> None:
    load_small_bank(store)
    assert ids(store.links_of(["c2"], ["OWNS"])) == ["o2", "o3"]
    assert ids(store.links_of(["c2"], ["OWNS"], as_of="2019-12-31")) == []
    assert ids(store.links_of(["c2"], ["OWNS"], as_of="2020-01-01")) == ["o2"]  # bounds are inclusive
    assert ids(store.links_of(["c2"], ["OWNS"], as_of="2020-12-31")) == ["o2"]
    assert ids(store.links_of(["c2"], ["OWNS"], as_of="2021-01-01")) == ["o3"]
    assert ids(store.links_of(["c1"], ["OWNS"], as_of="1900-01-01")) == ["o1"]  # open-ended link


def test_iter_links(store: GraphStore) -> None:
    load_small_bank(store)
    assert sorted(ids(list(store.iter_links(["OWNS"])))) == ["o1", "o2", "o3"]
    assert sorted(ids(list(store.iter_links(["OWNS", "BORROWS"], as_of="2020-06-30")))) == ["b1", "o1", "o2"]
    assert list(store.iter_links([])) == []
    [borrows] = store.iter_links(["BORROWS"])
    assert (borrows.type, borrows.source, borrows.target) == ("BORROWS", "c1", "f1")


def test_link_write_replaces_props(store: GraphStore) -> None:
    load_small_bank(store)
    store.write_links("OWNS", [link("o1", "p1", "c1", share_pct=70.0, voting_pct=80.0)])
    store.write_links("OWNS", [link("o1", "p1", "c1", share_pct=75.0)])
    [got] = store.links_of(["p1"], ["OWNS"])
    assert dict(got.props) == {"source": "test", "source_record_id": "o1", "share_pct": 75.0}
    assert store.checksums("OWNS", ["o1"]) == {"o1": link("o1", "p1", "c1", share_pct=75.0).checksum}
    assert store.counts().links["OWNS"] == 3


def test_link_with_new_endpoints_moves(store: GraphStore) -> None:
    load_small_bank(store)
    store.write_links("OWNS", [link("o1", "p1", "c3", share_pct=60.0)])
    assert ids(store.links_of(["c1"], ["OWNS"])) == ["o2"]
    [moved] = store.links_of(["c3"], ["OWNS"])
    assert (moved.id, moved.source, moved.target) == ("o1", "p1", "c3")
    assert store.counts().links["OWNS"] == 3


@pytest.mark.parametrize(("rel_type", "source", "target"), [
    ("OWNS", "ghost", "c1"),  # no such source
    ("OWNS", "p1", "ghost"),  # no such target
    ("OWNS", "p1", "p2"),  # target is a Person, not a Company
    ("DIRECTOR_OF", "c2", "c1"),  # source is a Company, not a Person
    ("BORROWS", "c1", "c2"),  # target is not a Facility
])
def test_link_to_a_missing_endpoint_raises(store: GraphStore, rel_type: str, source: str, target: str) -> None:
    load_small_bank(store)
    before = store.store_checksum()
    with pytest.raises(MissingEndpointError) as caught:
        store.write_links(rel_type, [link("new", source, target, share_pct=1.0)])
    assert isinstance(caught.value, KeyError)
    assert caught.value.status == 422
    assert str(caught.value).startswith("no ")
    assert store.store_checksum() == before


def test_delete_nodes_removes_their_links(store: GraphStore) -> None:
    load_small_bank(store)
    store.delete_nodes(["c1", "ghost"])
    assert store.get_nodes(["c1"]) == []
    counts = store.counts()
    assert counts.nodes == {"Person": 2, "Company": 2, "Facility": 1, "RelationshipManager": 1, "Referrer": 1}
    assert counts.links == {"OWNS": 1, "FAMILY": 1, "REFERRED": 1}
    assert ids(store.links_of(["p1"])) == ["fa1"]
    assert "o1" not in store.checksums("OWNS")
    store.delete_nodes([])


def test_delete_nodes_of_a_type_leaves_other_types(store: GraphStore) -> None:
    load_small_bank(store)
    store.delete_nodes(["c1", "p1", "f1", "ghost"], "Company")
    assert sorted(ids(store.get_nodes(["c1", "p1", "f1"]))) == ["f1", "p1"]
    store.delete_nodes(["p1", "c2", "f1"], "Party")  # an abstract type: its concrete types
    assert ids(store.get_nodes(["p1", "c2", "f1"])) == ["f1"]
    with pytest.raises(UnknownTypeError):
        store.delete_nodes(["f1"], "Nothing")
    assert ids(store.get_nodes(["f1"])) == ["f1"]


def test_delete_links_by_type(store: GraphStore) -> None:
    load_small_bank(store)
    store.delete_links("DIRECTOR_OF", ["o1", "d1", "ghost"])  # o1 is an OWNS link: kept
    assert sorted(store.checksums("OWNS")) == ["o1", "o2", "o3"]
    assert store.checksums("DIRECTOR_OF") == {}
    assert store.counts().total_links == 7
    assert store.counts().total_nodes == 8


def test_clear(store: GraphStore) -> None:
    load_small_bank(store)
    store.clear()
    assert store.counts().total_nodes == 0
    assert store.counts().total_links == 0
    assert store.store_checksum() == "0:0000000000000000"
    load_small_bank(store)  # usable again after a clear
    assert store.counts().total_nodes == 8


# -- checksums and counts ---------------------------------------------------------------
def test_checksums(store: GraphStore) -> None:
    load_small_bank(store)
    assert store.checksums("Person") == {"p1": person("p1", "Anna Nguyen", national_id="AB123",
                                                      date_of_birth="1970-01-02", do_not_contact=False).checksum,
                                         "p2": person("p2", "Bao Tran", national_id="CD456").checksum}
    assert sorted(store.checksums("Party")) == ["c1", "c2", "c3", "p1", "p2"]
    assert sorted(store.checksums("Party", ["p1", "c2", "f1", "ghost"])) == ["c2", "p1"]
    assert store.checksums("Company", []) == {}
    assert store.checksums("OWNS", ["o2", "d1"]) == {"o2": link("o2", "c1", "c2", share_pct=51.0,
                                                               valid_from="2020-01-01",
                                                               valid_to="2020-12-31").checksum}
    assert sorted(store.checksums("OWNS")) == ["o1", "o2", "o3"]


def test_counts(store: GraphStore) -> None:
    assert store.counts().nodes == {}
    load_small_bank(store)
    counts = store.counts()
    assert counts.nodes == {"Person": 2, "Company": 3, "Facility": 1, "RelationshipManager": 1, "Referrer": 1}
    assert counts.links == {"OWNS": 3, "DIRECTOR_OF": 1, "FAMILY": 1, "BORROWS": 1, "MANAGES": 1, "REFERRED": 1}
    assert (counts.total_nodes, counts.total_links) == (8, 8)


def test_store_checksum_follows_content(store: GraphStore) -> None:
    empty = store.store_checksum()
    load_small_bank(store)
    loaded = store.store_checksum()
    assert loaded != empty
    load_small_bank(store)  # the identical re-load changes nothing
    assert store.store_checksum() == loaded
    store.write_links("OWNS", [link("o1", "p1", "c1", share_pct=61.0)])
    assert store.store_checksum() != loaded


@pytest.mark.neo4j
def test_both_stores_hold_the_same_content(embedded_store: EmbeddedStore, neo4j_store: Neo4jStore) -> None:
    for each in (embedded_store, neo4j_store):
        load_small_bank(each)
        each.write_links("OWNS", [link("o1", "p1", "c3", share_pct=60.0)])
        each.delete_nodes(["c2"])
    assert embedded_store.store_checksum() == neo4j_store.store_checksum()
    assert embedded_store.counts() == neo4j_store.counts()
    for type_name in ("Party", "Facility", "Referrer", "RelationshipManager"):
        assert sorted(embedded_store.iter_nodes(type_name), key=lambda n: n.id) == \
            sorted(neo4j_store.iter_nodes(type_name), key=lambda n: n.id)
    every = sorted(load_schema_relationships())
    assert embedded_store.links_of(["p1", "p2", "c1", "c3"]) == neo4j_store.links_of(["p1", "p2", "c1", "c3"])
    assert sorted(embedded_store.iter_links(every), key=lambda x: x.id) == \
        sorted(neo4j_store.iter_links(every), key=lambda x: x.id)
    assert embedded_store.search("a", ["Party", "Referrer"], 10) == neo4j_store.search("a", ["Party", "Referrer"], 10)


def load_schema_relationships() -> list[str]:
    from graph.schema import load_schema

    return list(load_schema().relationships)


# -- store specifics ----------------------------------------------------------------------
def test_embedded_store_persists(tmp_path: Any) -> None:
    path = tmp_path / "kith" / "graph.json.gz"
    first = EmbeddedStore(path)
    load_small_bank(first)
    first.flush()
    checksum, counts = first.store_checksum(), first.counts()
    first.close()
    again = EmbeddedStore(path)
    assert again.store_checksum() == checksum
    assert again.counts() == counts
    assert again.links_of(["c1"]) == first.links_of(["c1"])
    assert again.get_nodes(["p1"]) == first.get_nodes(["p1"])
    again.write_links("OWNS", [link("o1", "p1", "c3", share_pct=60.0)])  # link ends survive the reload
    assert ids(again.links_of(["c1"], ["OWNS"])) == ["o2"]
    again.close()
    assert EmbeddedStore(path).store_checksum() == again.store_checksum()


@pytest.mark.neo4j
def test_neo4j_writes_in_batches(neo4j_store: Neo4jStore) -> None:
    saved = neo4j_store.batch_size
    neo4j_store.batch_size = 2
    try:
        neo4j_store.write_nodes("Person", [person(f"p{i}", f"P {i}") for i in range(5)])
        neo4j_store.write_links("FAMILY", [link(f"f{i}", f"p{i}", f"p{i + 1}", kind="sibling") for i in range(4)])
        with pytest.raises(MissingEndpointError):
            neo4j_store.write_links("FAMILY", [
                link("f7", "p0", "p2", kind="other"), link("f8", "p0", "p3", kind="other"),
                link("f9", "p0", "ghost", kind="other"),
            ])
    finally:
        neo4j_store.batch_size = saved
    assert neo4j_store.counts().nodes == {"Person": 5}
    assert sorted(neo4j_store.checksums("FAMILY")) == ["f0", "f1", "f2", "f3", "f7", "f8"]  # batch 1 committed


@pytest.mark.neo4j
def test_neo4j_schema_has_constraints_and_indexes(neo4j_store: Neo4jStore) -> None:
    records, _, _ = neo4j_store.driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN *")
    constraints = {(tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in records}
    assert (("Party",), ("id",)) in constraints
    assert (("Facility",), ("id",)) in constraints
    assert (("OWNS",), ("id",)) in constraints
    records, _, _ = neo4j_store.driver.execute_query("SHOW INDEXES YIELD type, labelsOrTypes, properties RETURN *")
    indexes = {(r["type"], tuple(r["labelsOrTypes"] or ()), tuple(r["properties"] or ())) for r in records}
    assert ("TEXT", ("Party",), ("name_folded",)) in indexes
    assert ("RANGE", ("Party",), ("name_folded",)) in indexes
    assert ("RANGE", ("Person",), ("national_id",)) in indexes
    assert ("RANGE", ("Company",), ("tax_id",)) in indexes


@pytest.mark.neo4j
def test_neo4j_person_carries_party_label(neo4j_store: Neo4jStore) -> None:
    neo4j_store.write_nodes("Person", [person("p1", "Anna")])
    [record] = neo4j_store._read("MATCH (n {id: $id}) RETURN labels(n) AS labels", id="p1")
    assert sorted(record["labels"]) == ["Party", "Person"]


def test_ping_answers(store: GraphStore) -> None:
    store.ping()  # raises StoreUnavailableError when the store does not answer


@pytest.mark.neo4j
def test_unreachable_neo4j_raises_store_unavailable() -> None:
    from graph.neo4j_server import free_port

    with pytest.raises(StoreUnavailableError):
        Neo4jStore.connect(f"bolt://127.0.0.1:{free_port()}", "neo4j", "password", "neo4j")


@pytest.mark.neo4j
def test_neo4j_checksums_streamed_for_large_types(neo4j_store: Neo4jStore, embedded_store: EmbeddedStore,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.neo4j.core

    for each in (neo4j_store, embedded_store):
        load_small_bank(each)
    chunked = neo4j_store.store_checksum()
    monkeypatch.setattr(graph.neo4j.core, "COLLECT_LIMIT", 1)  # every type above it: one record per item
    assert neo4j_store.store_checksum() == chunked == embedded_store.store_checksum()
    assert neo4j_store.checksums("OWNS") == embedded_store.checksums("OWNS")


# -- both stores agree on random histories ----------------------------------------------
POOL = ["a", "b", "c", "d"]
_op = st.one_of(
    st.tuples(st.just("person"), st.sampled_from(POOL), st.sampled_from(["Ann", "Bao", "Chi"])),
    st.tuples(st.just("company"), st.sampled_from(POOL), st.sampled_from(["Alpha", "Beta"])),
    st.tuples(st.just("owns"), st.sampled_from(["o1", "o2", "o3"]), st.sampled_from(POOL), st.sampled_from(POOL),
              st.sampled_from([10.0, 60.0])),
    st.tuples(st.just("delete_node"), st.sampled_from(POOL)),
    st.tuples(st.just("delete_link"), st.sampled_from(["o1", "o2", "o3"])),
)


def _apply(store: GraphStore, op: tuple[Any, ...]) -> str:
    """Apply one operation; the name of the error it raised, if any."""
    try:
        if op[0] == "person":
            store.write_nodes("Person", [person(op[1], op[2])])
        elif op[0] == "company":
            store.write_nodes("Company", [company(op[1], op[2])])
        elif op[0] == "owns":
            store.write_links("OWNS", [link(op[1], op[2], op[3], share_pct=op[4])])
        elif op[0] == "delete_node":
            store.delete_nodes([op[1]])
        else:
            store.delete_links("OWNS", [op[1]])
    except (MissingEndpointError, NodeTypeConflictError) as exc:
        return type(exc).__name__
    return ""


@pytest.mark.neo4j
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(_op, min_size=1, max_size=12))
def test_both_stores_agree_on_random_histories(neo4j_store: Neo4jStore, ops: list[tuple[Any, ...]]) -> None:
    neo4j_store.clear()
    embedded = EmbeddedStore()
    assert [_apply(embedded, op) for op in ops] == [_apply(neo4j_store, op) for op in ops]
    assert neo4j_store.store_checksum() == embedded.store_checksum()
    assert neo4j_store.counts() == embedded.counts()
    assert neo4j_store.get_nodes(POOL) == embedded.get_nodes(POOL)
    assert neo4j_store.links_of(POOL) == embedded.links_of(POOL)
    assert neo4j_store.search("a", ["Party"], 10) == embedded.search("a", ["Party"], 10)
