"""De-duplication in the graph, on both stores: the hard cases of issue 3."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import InvalidRequestError, NotFoundError
from graph.store import GraphStore, LinkRow, NodeRow, content_checksum
from ingest.resolution import KithResolver, candidates, compare, judge, judgements, resolve, unmerge
from ingest.resolution.merge import link_checksum


def person(store: GraphStore, pid: str, name: str, **props: Any) -> None:
    row = {"name": name, "source": "core", **props}
    store.write_nodes("Person", [NodeRow(pid, row, content_checksum(row))])


def company(store: GraphStore, cid: str, name: str, **props: Any) -> None:
    row = {"name": name, "source": "registry", **props}
    store.write_nodes("Company", [NodeRow(cid, row, content_checksum(row))])


def link(store: GraphStore, type_name: str, lid: str, source: str, target: str, **props: Any) -> None:
    row = {"source": "core", "source_record_id": lid, **props}
    store.write_links(type_name, [LinkRow(lid, source, target, row, link_checksum(row, source, target))])


def record(store: GraphStore, party: str, rid: str) -> None:
    row = {"source": "core", "file": "Person.csv", "line": 1, "record_type": "Person", "content_hash": rid,
           "content": "{}"}
    store.write_nodes("SourceRecord", [NodeRow(rid, row, content_checksum(row))])
    link(store, "HAS_RECORD", "hr-" + rid, party, rid)


def ids(store: GraphStore, type_name: str = "Person") -> set[str]:
    return {n.id for n in store.iter_nodes(type_name)}


def test_vietnamese_with_and_without_diacritics_is_same(store: GraphStore) -> None:
    person(store, "p1", "Nguyễn Văn An", date_of_birth="1980-01-02", status="customer")
    person(store, "p2", "Nguyen Van An", date_of_birth="1980-01-02")
    resolve(store)
    assert ids(store) == {"p1"}


def test_ukrainian_cyrillic_and_latin_transliteration_is_same(store: GraphStore) -> None:
    person(store, "p1", "Коваленко Олександр", date_of_birth="1975-03-04")
    person(store, "p2", "Kovalenko Oleksandr", date_of_birth="1975-03-04")
    person(store, "p3", "Aleksandr Kovalenko", date_of_birth="1975-03-04")
    resolve(store)
    assert ids(store) == {"p1"}


def test_han_and_pinyin_with_same_birth_date_at_least_possibly_same(store: GraphStore) -> None:
    person(store, "p1", "王伟", date_of_birth="1990-05-06")
    person(store, "p2", "Wang Wei", date_of_birth="1990-05-06")
    resolve(store)
    merged = ids(store) == {"p1"}
    assert merged or [(c["a"], c["b"]) for c in candidates(store)] == [("p1", "p2")]


def test_two_different_wang_weis_never_merged(store: GraphStore) -> None:
    person(store, "p1", "Wang Wei", date_of_birth="1990-05-06", address="12 Nanjing Road, Shanghai")
    person(store, "p2", "王伟", date_of_birth="1971-11-23", address="12 Nanjing Road, Shanghai")
    resolve(store)
    assert ids(store) == {"p1", "p2"}


def test_identifier_match_merges_and_kinds_never_cross(store: GraphStore) -> None:
    person(store, "p1", "Tran Thi Mai", national_id="079 123 456")
    person(store, "p2", "T. Mai", national_id="079123456")
    company(store, "c1", "Mai Trading", tax_id="079123456")
    resolve(store)
    assert ids(store) == {"p1"}
    assert ids(store, "Company") == {"c1"}


def test_legal_forms_are_noise_for_companies(store: GraphStore) -> None:
    company(store, "c1", "Công ty TNHH Minh Phát", incorporation_date="2010-04-01", address="5 Le Loi, Hanoi")
    company(store, "c2", "Minh Phat Co., Ltd.", incorporation_date="2010-04-01", address="5 Le Loi, Hanoi")
    resolve(store)
    assert ids(store, "Company") == {"c1"}


def test_shared_phone_is_possibly_related_not_merged(store: GraphStore) -> None:
    person(store, "p1", "Olena Shevchenko", phone="+380 44 123 4567", date_of_birth="1980-01-01")
    person(store, "p2", "Taras Melnyk", phone="+380441234567", date_of_birth="1962-07-30")
    resolve(store)
    assert ids(store) == {"p1", "p2"}
    related = list(store.iter_links(["POSSIBLY_RELATED"]))
    assert [(r.source, r.target, r.props["kind"]) for r in related] == [("p1", "p2", "phone")]


def test_hub_address_is_ignored(store: GraphStore) -> None:
    for n in range(12):
        company(store, f"c{n:02d}", f"Shell {n} Holdings Ltd", address="1 Registered Agent Street, Road Town")
    resolve(store, hub_cap=10)
    assert list(store.iter_links(["POSSIBLY_RELATED"])) == []


def _pair_with_links(store: GraphStore) -> None:
    person(store, "p1", "Nguyễn Văn An", date_of_birth="1980-01-02", status="customer")
    person(store, "p2", "Nguyen Van An", date_of_birth="1980-01-02")
    company(store, "c1", "An Phat JSC")
    person(store, "p3", "Le Thi Hoa", date_of_birth="1985-02-03")
    link(store, "OWNS", "o1", "p2", "c1", share_pct=60.0)
    link(store, "FAMILY", "f1", "p3", "p2", kind="spouse")
    record(store, "p1", "sr-1")
    record(store, "p2", "sr-2")


def test_merge_keeps_every_source_record_and_unmerge_restores_exactly(store: GraphStore) -> None:
    _pair_with_links(store)
    before = store.store_checksum()
    resolve(store)
    assert ids(store) == {"p1", "p3"}
    assert {lk.target for lk in store.links_of(["p1"], ["HAS_RECORD"])} == {"sr-1", "sr-2"}
    assert {(lk.source, lk.target) for lk in store.links_of(["c1"], ["OWNS"])} == {("p1", "c1")}
    restored = unmerge(store, "p1", "p2")
    assert restored == "p2"
    assert ids(store) == {"p1", "p2", "p3"}
    assert {(lk.source, lk.target) for lk in store.links_of(["c1"], ["OWNS"])} == {("p2", "c1")}
    assert {(lk.source, lk.target) for lk in store.links_of(["p3"], ["FAMILY"])} == {("p3", "p2")}
    assert {lk.target for lk in store.links_of(["p2"], ["HAS_RECORD"])} == {"sr-2"}
    assert store.store_checksum() == before


def test_unmerge_by_source_record_and_unknown(store: GraphStore) -> None:
    _pair_with_links(store)
    resolve(store)
    assert unmerge(store, "p1", "sr-2") == "p2"
    with pytest.raises(NotFoundError):
        unmerge(store, "p1", "p3")


def test_judgement_different_survives_reload_and_blocks_merge(store: GraphStore) -> None:
    _pair_with_links(store)
    resolve(store)
    judge(store, "p1", "p2", "different", user="alice", note="father and son")
    assert ids(store) == {"p1", "p2", "p3"}
    # a re-load without the resolver writes p2 again; resolve must not merge it back
    person(store, "p2", "Nguyen Van An", date_of_birth="1980-01-02")
    resolve(store)
    resolve(store)
    assert ids(store) == {"p1", "p2", "p3"}
    assert [j["decision"] for j in judgements(store)] == ["different"]
    assert all({c["a"], c["b"]} != {"p1", "p2"} for c in candidates(store))


def test_judgement_same_merges_and_survives_reload(store: GraphStore) -> None:
    person(store, "p1", "Коваленко Олександр Петрович", status="customer")
    person(store, "p2", "Aleksandr Kovalenko", phone="+380501112233")
    resolve(store)
    judge(store, "p2", "p1", "same", user="bob")
    assert ids(store) == {"p1"}
    assert KithResolver(store).canonical("p2") == "p1"
    person(store, "p2", "Aleksandr Kovalenko", phone="+380501112233")  # re-load, no resolver
    resolve(store)
    assert ids(store) == {"p1"}


def test_resolve_is_idempotent_and_candidates_explain(store: GraphStore) -> None:
    person(store, "p1", "Kovalenko Oleksandr", date_of_birth="1975-03-04")
    person(store, "p2", "Kovalenko Olexandr", date_of_birth="1975-03-07")
    resolve(store)
    first = store.store_checksum()
    resolve(store)
    assert store.store_checksum() == first
    found = candidates(store)
    assert ids(store) == {"p1", "p2"}
    assert [(c["a"], c["b"]) for c in found] == [("p1", "p2")]
    assert "name translit" in found[0]["reasons"] and "date one_off" in found[0]["reasons"]


def test_compare_explains_and_judge_refuses_person_company(store: GraphStore) -> None:
    person(store, "p1", "Minh Phat", date_of_birth="1980-01-02")
    company(store, "c1", "Minh Phat Co., Ltd.")
    person(store, "p2", "Minh Phát", date_of_birth="1980-01-02")
    seen = compare(store, "p1", "p2")
    assert seen["outcome"] == "same" and "date exact" in seen["reasons"]
    with pytest.raises(InvalidRequestError):
        judge(store, "p1", "c1", "same", user="alice")
    with pytest.raises(InvalidRequestError):
        judge(store, "p1", "p2", "maybe", user="alice")  # type: ignore[arg-type]


def test_unmerge_by_a_user_is_never_redone(store: GraphStore) -> None:
    _pair_with_links(store)
    resolve(store)
    unmerge(store, "p1", "p2")  # no user: a pure undo, the matcher may merge again
    resolve(store)
    assert ids(store) == {"p1", "p3"}
    unmerge(store, "p1", "p2", user="alice")
    resolve(store)
    assert ids(store) == {"p1", "p2", "p3"}
    assert [(j["a"], j["b"], j["decision"]) for j in judgements(store)] == [("p1", "p2", "different")]


def test_three_records_merged_at_once_unmerge_one_by_one(store: GraphStore) -> None:
    person(store, "p1", "Nguyễn Văn An", date_of_birth="1980-01-02", status="customer")
    person(store, "p2", "Nguyen Van An", date_of_birth="1980-01-02")
    person(store, "p3", "An Nguyen Van", date_of_birth="1980-01-02")
    company(store, "c1", "An Phat JSC")
    link(store, "FAMILY", "f1", "p2", "p3", kind="other")
    link(store, "OWNS", "o1", "p3", "c1", share_pct=10.0)
    before = store.store_checksum()
    resolve(store)
    assert ids(store) == {"p1"}
    assert [(lk.source, lk.target) for lk in store.links_of(["p1"], ["FAMILY"])] == [("p1", "p1")]
    unmerge(store, "p1", "p2")
    assert [(lk.source, lk.target) for lk in store.links_of(["p2"], ["FAMILY"])] == [("p2", "p1")]
    unmerge(store, "p1", "p3")
    assert [(lk.source, lk.target) for lk in store.links_of(["p2"], ["FAMILY"])] == [("p2", "p3")]
    assert [(lk.source, lk.target) for lk in store.links_of(["c1"], ["OWNS"])] == [("p3", "c1")]
    assert store.store_checksum() == before
