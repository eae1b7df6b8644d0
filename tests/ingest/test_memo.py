"""The memo of validated rows is a shortcut only: whatever the store holds, a re-load
ends in the state a full validation would give."""

from __future__ import annotations

from pathlib import Path

from graph.settings import Settings
from graph.store import GraphStore, LinkRow, NodeRow
from ingest.loader import MEMO_FILE, load_files
from ingest.resolve_hook import MappingResolver

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
