"""The memo of validated rows is a shortcut only: whatever the store holds, a re-load
ends in the state a full validation would give."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pytest

from graph.neo4j import Neo4jStore
from graph.settings import Settings
from graph.store import GraphStore, LinkRow, NodeRow
from ingest.loader import MEMO_FILE, load_files
from ingest.resolve_hook import MappingResolver
from ingest.source_records import source_record_id

from .test_loader import EXAMPLES, write_bad_input


def test_reload_into_a_cleared_store_restores_everything(store: GraphStore, tmp_path: Path, settings: Settings) -> None:
    folder = write_bad_input(tmp_path / "in")
    load_files(store, [folder, EXAMPLES], progress=False, settings=settings)
    counts, checksum = store.counts(), store.store_checksum()
    assert (settings.data_dir / MEMO_FILE).exists()
    store.clear()
    summary = load_files(store, [folder, EXAMPLES], progress=False, settings=settings)
    assert store.counts() == counts and store.store_checksum() == checksum
    assert summary.totals.unchanged == 0


def test_rows_changed_in_the_store_are_rewritten_from_the_files(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    load_files(store, [EXAMPLES], progress=False, settings=settings)
    checksum = store.store_checksum()
    (company,) = store.get_nodes(["C-2001"])
    store.write_nodes("Company", [NodeRow(id="C-2001", props={**company.props, "name": "Tampered"}, checksum="x")])
    (owns,) = [link for link in store.iter_links(["OWNS"]) if link.id == "OWN-1"]
    store.write_links("OWNS", [LinkRow(id="OWN-1", source=owns.source, target=owns.target,
                                       props={**owns.props, "share_pct": 1.0}, checksum="y")])
    record = store.links_of(["C-2001"], ["HAS_RECORD"])[0].target
    store.delete_nodes([record])
    summary = load_files(store, [EXAMPLES], progress=False, settings=settings)
    assert store.store_checksum() == checksum
    assert summary.counts("Company").updated == 1 and summary.counts("OWNS").updated == 1
    assert summary.counts("SourceRecord").loaded == 1 and summary.counts("HAS_RECORD").loaded == 1
    (company,) = store.get_nodes(["C-2001"])
    assert company.props["name"] == "Sao Mai Holdings JSC"


def test_a_new_resolver_mapping_is_not_hidden_by_the_memo(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    (tmp_path / "Person.csv").write_text("id,name,source\np1,An,crm\np1b,An N.,kyc\n")
    (tmp_path / "Company.csv").write_text("id,name,source\nc1,Alpha,crm\n")
    (tmp_path / "OWNS.csv").write_text("id,source_id,target_id,share_pct,source,source_record_id\n"
                                       "o1,p1b,c1,30,kyc,s1\n")
    load_files(store, [tmp_path], progress=False, settings=settings)
    summary = load_files(store, [tmp_path], progress=False, settings=settings, resolver=MappingResolver({"p1b": "p1"}))
    (link,) = store.iter_links(["OWNS"])
    assert link.source == "p1" and summary.counts("OWNS").updated == 1
    assert summary.counts("Person").merged == 1


class LookupSpy:
    """The real store, with the ids the loader asks it about noted (checksums, existence)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.checksum_ids: list[str] = []
        self.existence_asked: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def checksums(self, type_name: str, ids: Sequence[str] | None = None) -> dict[str, str]:
        self.checksum_ids += list(ids or ["<all>"])
        return self._store.checksums(type_name, ids)

    def existing_ids(self, label: str, ids: Sequence[str]) -> set[str]:
        self.existence_asked += list(ids)
        return self._store.existing_ids(label, ids)


def _small_bank(folder: Path, name: str, share: int, extra_owner: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Person.csv").write_text(f"id,name,source\np1,An,crm\np2,{name},crm\np3,Chi,crm\n")
    (folder / "Company.csv").write_text("id,name,source\nc1,Alpha,crm\nc2,Beta,crm\n")
    rows = ["o1,p1,c1,40,crm,s1", f"o2,p2,c1,{share},crm,s2", "o3,p3,c2,10,crm,s3"]
    if extra_owner:
        rows.append("o4,p3,c1,5,crm,s4")
    (folder / "OWNS.csv").write_text("id,source_id,target_id,share_pct,source,source_record_id\n"
                                     + "\n".join(rows) + "\n")
    return folder


@pytest.mark.neo4j
def test_a_believed_memo_answers_for_the_ids_it_knows(
    neo4j_store: Neo4jStore, tmp_path: Path, settings: Settings,
) -> None:
    """A re-load with one changed party, one changed and one new link: the stored
    checksums of known ids come from the memo, references to unchanged parties need no
    lookup, only the new link's id is asked; the store ends as a full load leaves it."""
    load_files(neo4j_store, [_small_bank(tmp_path / "v1", "Binh", 30, False)], progress=False, settings=settings)
    spy = LookupSpy(neo4j_store)
    changed = _small_bank(tmp_path / "v2", "Binh Tran", 35, True)
    summary = load_files(cast(GraphStore, spy), [changed], progress=False, settings=settings)

    assert summary.counts("Person").updated == 1 and summary.counts("Person").unchanged == 2
    assert summary.counts("OWNS").updated == 1 and summary.counts("OWNS").loaded == 1
    assert summary.counts("SourceRecord").updated == 1
    assert set(spy.checksum_ids) == {"o4", "hr-" + source_record_id("crm", "Person", "p2").removeprefix("sr-")}
    assert spy.existence_asked == []
    checksum, counts = neo4j_store.store_checksum(), neo4j_store.counts()

    neo4j_store.clear()
    load_files(neo4j_store, [changed], progress=False, settings=settings, memo=False)
    assert (neo4j_store.store_checksum(), neo4j_store.counts()) == (checksum, counts)


@pytest.mark.neo4j
def test_a_memo_not_believed_asks_the_store(neo4j_store: Neo4jStore, tmp_path: Path, settings: Settings) -> None:
    """A write between the runs: the memo's knowledge is not used, every changed id is
    looked up, and a stored row the memo knew differently is caught."""
    load_files(neo4j_store, [_small_bank(tmp_path / "v1", "Binh", 30, False)], progress=False, settings=settings)
    (owns,) = [link for link in neo4j_store.iter_links(["OWNS"]) if link.id == "o2"]
    neo4j_store.write_links("OWNS", [LinkRow(id="o2", source="p2", target="c1",
                                             props={**owns.props, "share_pct": 35.0}, checksum="z")])
    spy = LookupSpy(neo4j_store)
    summary = load_files(cast(GraphStore, spy), [_small_bank(tmp_path / "v2", "Binh", 30, False)],
                         progress=False, settings=settings)
    assert summary.counts("OWNS").updated == 1  # back to 30%, though the memo knew the row
    assert "o2" in spy.checksum_ids or "<all>" in spy.checksum_ids
