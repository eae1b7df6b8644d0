"""Must-show 3: a file with each kind of bad row loads its good rows, puts every bad
row in the rejects file with its line and reason, and a second run changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.settings import Settings
from graph.store import GraphStore
from ingest.loader import load_files
from ingest.rejects import read_rejects
from ingest.resolve_hook import MappingResolver
from ingest.summary import LoadSummary

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "canonical"

PERSONS = """\ufeffid,name,source,date_of_birth
p1,Nguyễn Văn An,crm,1970-05-01
p2,Li Wei,crm,1980-13-01
,No Id,crm,
p 4,Bad Id,crm,
p1,Duplicate of p1,crm,
p5,Trần Thị Bích,crm,
"""
COMPANIES = [
    {"id": "c1", "name": "Alpha JSC", "source": "crm", "tax_id": "0101-234-567"},
    {"id": "c2", "name": "Beta LLC", "source": "crm", "colour": "red"},
    {"id": "c3", "name": "Gamma Ltd", "source": "crm"},
]
OWNS = """id,source_id,target_id,share_pct,valid_from,valid_to,source,source_record_id
o1,p1,c1,60,2020-01-01,,crm,r1
o2,c3,c1,30,2020-01-01,,crm,r2
o3,p9,c1,5,2020-01-01,,crm,r3
o4,p5,c1,20,2021-01-01,,crm,r4
o5,p1,c3,120,,,crm,r5
o6,p1,c3,50,2022-01-01,2021-01-01,crm,r6
,p5,c3,10,,,crm,r7
o8,c1,p1,10,,,crm,r8
o9,p1,c3,abc,,,crm,r9
"""
# (file, line, field, words in the reason) for every bad row above
EXPECTED_REJECTS = {
    ("Person.csv", 3, "date_of_birth", "not a date"),
    ("Person.csv", 4, "id", "required"),
    ("Person.csv", 5, "id", "malformed id"),
    ("Person.csv", 6, "id", "duplicate id"),
    ("Company.jsonl", 2, "colour", "unknown column"),
    ("OWNS.csv", 4, "source_id", "no Party with id 'p9'"),
    ("OWNS.csv", 5, "share_pct", "would total 110.00% on 2021-01-01"),
    ("OWNS.csv", 6, "share_pct", "less than or equal to 100"),
    ("OWNS.csv", 7, "valid_to", "before valid_from"),
    ("OWNS.csv", 9, "target_id", "is a Person in this load, not a Company"),
    ("OWNS.csv", 10, "share_pct", "valid number"),
    ("Referrer.csv", None, None, "not UTF-8"),
    ("Party.csv", None, None, "Party is abstract"),
}


def write_bad_input(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Person.csv").write_text(PERSONS, encoding="utf-8")
    (folder / "Company.jsonl").write_text("".join(json.dumps(c) + "\n" for c in COMPANIES), encoding="utf-8")
    (folder / "OWNS.csv").write_text(OWNS, encoding="utf-8")
    (folder / "Referrer.csv").write_bytes("id,name,referrer_kind,source\nr1,Société Générale,company,crm\n"
                                          .encode("latin-1"))
    (folder / "Party.csv").write_text("id,name,source\nx1,Abstract,crm\n", encoding="utf-8")
    return folder


def load(store: GraphStore, paths: list[Path], settings: Settings, **kwargs: Any) -> LoadSummary:
    return load_files(store, paths, progress=False, settings=settings, **kwargs)


def test_bad_rows_are_rejected_with_line_and_reason_and_good_rows_load(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    folder = write_bad_input(tmp_path / "in")
    rejects_path = tmp_path / "out" / "rejects.jsonl"
    summary = load(store, [folder], settings, rejects_path=rejects_path)

    found = {(r["file"], r["line"], r["field"], r["reason"]) for r in read_rejects(rejects_path)}
    for file, line, field, words in EXPECTED_REJECTS:
        assert any(f == file and li == line and fi == field and words in why for f, li, fi, why in found), \
            f"no reject for {file}:{line} {field} ({words}); got {sorted(found, key=str)}"
    assert len(found) == len(EXPECTED_REJECTS)
    assert {n.id for n in store.iter_nodes("Party")} == {"p1", "p5", "c1", "c3"}
    owns = {link.id: link for link in store.iter_links(["OWNS"])}
    assert set(owns) - {"o1", "o2"} == {next(i for i in owns if i.startswith("owns-"))}  # derived id for r7
    assert owns["o1"].props["share_pct"] == 60.0
    assert summary.counts("OWNS").loaded == 3 and summary.counts("OWNS").rejected == 6
    assert summary.counts("Person").rejected == 4 and summary.counts("Person").loaded == 2
    assert summary.rejects_path == str(rejects_path)


def test_second_run_of_the_same_files_changes_nothing(store: GraphStore, tmp_path: Path, settings: Settings) -> None:
    folder = write_bad_input(tmp_path / "in")
    first = load(store, [folder, EXAMPLES], settings, rejects_path=tmp_path / "r1.jsonl")
    counts, checksum = store.counts(), store.store_checksum()
    second = load(store, [folder, EXAMPLES], settings, rejects_path=tmp_path / "r2.jsonl")
    assert store.counts() == counts
    assert store.store_checksum() == checksum
    assert second.totals.loaded == 0 and second.totals.updated == 0
    assert second.totals.unchanged == first.totals.loaded
    assert second.totals.rejected == first.totals.rejected


def test_a_changed_record_updates_in_place(store: GraphStore, tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Company.csv").write_text("id,name,source,employees\nc1,Alpha JSC,crm,10\nc2,Beta,crm,5\n")
    load(store, [folder], settings)
    before = store.counts()
    (folder / "Company.csv").write_text("id,name,source,employees\nc1,Alpha Group JSC,crm,12\nc2,Beta,crm,5\n")
    summary = load(store, [folder], settings)
    assert store.counts() == before
    assert summary.counts("Company").updated == 1 and summary.counts("Company").unchanged == 1
    (node,) = store.get_nodes(["c1"])
    assert node.props["name"] == "Alpha Group JSC" and node.props["name_folded"] == "alpha group jsc"
    assert node.props["employees"] == 12


def test_stored_holdings_count_towards_the_ownership_total(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "Company.csv").write_text("id,name,source\nc1,Alpha,crm\nc2,Beta,crm\nc3,Gamma,crm\n")
    (first / "OWNS.csv").write_text("id,source_id,target_id,share_pct,source,source_record_id\no1,c2,c1,70,crm,1\n")
    load(store, [first], settings)
    (second / "OWNS.csv").write_text("id,source_id,target_id,share_pct,valid_to,source,source_record_id\n"
                                     "o2,c3,c1,40,,crm,2\no3,c3,c2,40,,crm,3\n")
    summary = load(store, [second], settings, rejects_path=tmp_path / "r.jsonl")
    (reject,) = read_rejects(tmp_path / "r.jsonl")
    assert reject["line"] == 2 and "company c1 would total 110.00%" in reject["reason"]
    assert summary.counts("OWNS").loaded == 1
    assert {link.id for link in store.iter_links(["OWNS"])} == {"o1", "o3"}


def test_links_may_point_at_stored_parties_and_ids_are_not_reused_across_types(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    (tmp_path / "Person.csv").write_text("id,name,source\np1,An,crm\n")
    load(store, [tmp_path / "Person.csv"], settings)
    (tmp_path / "x.Company.csv").write_text("id,name,source\np1,Clash,crm\nc1,Alpha,crm\n")
    (tmp_path / "x.DIRECTOR_OF.csv").write_text("source_id,target_id,source,source_record_id\np1,c1,crm,d1\n")
    summary = load(store, [tmp_path / "x.Company.csv", tmp_path / "x.DIRECTOR_OF.csv"], settings,
                   rejects_path=tmp_path / "r.jsonl")
    (reject,) = read_rejects(tmp_path / "r.jsonl")
    assert reject["id"] == "p1" and "already belongs to a Person" in reject["reason"]
    assert summary.counts("DIRECTOR_OF").loaded == 1
    assert [link.source for link in store.links_of(["c1"], ["DIRECTOR_OF"])] == ["p1"]


def test_party_rows_are_kept_as_source_records_and_the_resolver_maps_ids(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    (tmp_path / "Person.csv").write_text("id,name,source\np1,Nguyễn Văn An,crm\np1b,Nguyen Van An,kyc\n")
    (tmp_path / "Company.csv").write_text("id,name,source\nc1,Alpha,crm\n")
    (tmp_path / "OWNS.csv").write_text("source_id,target_id,share_pct,source,source_record_id\np1b,c1,30,kyc,s1\n")
    summary = load(store, [tmp_path], settings, resolver=MappingResolver({"p1b": "p1"}))
    assert {n.id for n in store.iter_nodes("Person")} == {"p1"}
    assert summary.counts("Person").merged == 1
    (link,) = store.iter_links(["OWNS"])
    assert link.source == "p1"
    records = store.links_of(["p1"], ["HAS_RECORD"], direction="out")
    assert len(records) == 2
    contents = [json.loads(n.props["content"]) for n in store.get_nodes([r.target for r in records])]
    assert sorted(c["id"] for c in contents) == ["p1", "p1b"]
    (p1_record,) = [n for n in store.get_nodes([r.target for r in records]) if '"id":"p1"' in n.props["content"]]
    assert p1_record.props["file"] == "Person.csv" and p1_record.props["line"] == 2


def test_the_examples_load_without_rejects_and_the_run_is_recorded(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    summary = load(store, [EXAMPLES], settings)
    assert summary.rejected == 0 and summary.totals.loaded > 0
    assert summary.run_record is not None
    again = LoadSummary.from_dict(json.loads(Path(summary.run_record).read_text()))
    assert again.totals == summary.totals
    assert Path(summary.run_record).parent == settings.data_dir / "runs"


def test_rejects_can_be_written_as_csv(store: GraphStore, tmp_path: Path, settings: Settings) -> None:
    folder = write_bad_input(tmp_path / "in")
    load(store, [folder], settings, rejects_path=tmp_path / "rejects.csv")
    rows = read_rejects(tmp_path / "rejects.csv")
    assert len(rows) == len(EXPECTED_REJECTS)
    (bad_date,) = [r for r in rows if r["field"] == "date_of_birth"]
    assert bad_date["line"] == "3" and json.loads(bad_date["raw"])["date_of_birth"] == "1980-13-01"


def test_a_record_resolved_into_a_stored_party_does_not_overwrite_it(
    store: GraphStore, tmp_path: Path, settings: Settings,
) -> None:
    (tmp_path / "a.Person.csv").write_text("id,name,source\np1,Nguyễn Văn An,crm\n")
    load(store, [tmp_path / "a.Person.csv"], settings)
    (tmp_path / "b.Person.csv").write_text("id,name,source\np1b,Nguyen Van An,kyc\n")
    summary = load(store, [tmp_path / "b.Person.csv"], settings, resolver=MappingResolver({"p1b": "p1"}))
    (party,) = store.iter_nodes("Person")
    assert (party.id, party.props["name"]) == ("p1", "Nguyễn Văn An")
    assert summary.counts("Person").merged == 1 and summary.counts("SourceRecord").loaded == 1
    assert len(store.links_of(["p1"], ["HAS_RECORD"])) == 2
