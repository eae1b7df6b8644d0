"""De-duplication with the loader: a re-load maps merged records to their survivor
(KithResolver), and a person's judgement survives every later load."""

from __future__ import annotations

from pathlib import Path

from graph.settings import Settings
from graph.store import GraphStore
from ingest.loader import load_files
from ingest.resolution import KithResolver, judge, resolve

PERSONS = ("id,name,date_of_birth,phone,status,source\n"
           "p1,Коваленко Олександр,1975-03-04,+380 50 111 2233,customer,core\n"
           "p2,Kovalenko Oleksandr,1975-03-04,,none,crm\n"
           "p3,Taras Melnyk,1962-07-30,+380501112233,none,crm\n")
COMPANIES = "id,name,source\nc1,ТОВ «Укрбуд»,registry\n"
OWNS = "source_id,target_id,share_pct,source,source_record_id\np2,c1,60,crm,o1\n"


def _files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Person.csv").write_text(PERSONS, encoding="utf-8")
    (folder / "Company.csv").write_text(COMPANIES, encoding="utf-8")
    (folder / "OWNS.csv").write_text(OWNS, encoding="utf-8")
    return folder


def _load(store: GraphStore, folder: Path, settings: Settings, resolver: KithResolver | None = None) -> None:
    load_files(store, [folder], rejects_path=folder.parent / "rejects.jsonl", progress=False, settings=settings,
               resolver=resolver, memo=False)


def _persons(store: GraphStore) -> set[str]:
    return {n.id for n in store.iter_nodes("Person")}


def test_reload_with_resolver_keeps_the_merge(store: GraphStore, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    folder = _files(tmp_path / "in")
    _load(store, folder, settings)
    summary = resolve(store)
    assert summary.merged == 1 and _persons(store) == {"p1", "p3"}
    assert [(lk.source, lk.target) for lk in store.links_of(["c1"], ["OWNS"])] == [("p1", "c1")]
    related = [(lk.source, lk.target, lk.props["kind"]) for lk in store.iter_links(["POSSIBLY_RELATED"])]
    assert related == [("p1", "p3", "phone")]
    before = store.store_checksum()
    _load(store, folder, settings, KithResolver(store))
    resolve(store)
    assert _persons(store) == {"p1", "p3"}
    assert len(store.links_of(["p1"], ["HAS_RECORD"])) == 2
    assert store.store_checksum() == before


def test_a_judgement_survives_a_reload(store: GraphStore, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    folder = _files(tmp_path / "in")
    _load(store, folder, settings)
    resolve(store)
    judge(store, "p1", "p2", "different", user="alice", note="namesakes")
    assert _persons(store) == {"p1", "p2", "p3"}
    for resolver in (KithResolver(store), None):
        _load(store, folder, settings, resolver)
        resolve(store)
        assert _persons(store) == {"p1", "p2", "p3"}
    assert [(lk.source, lk.target) for lk in store.links_of(["c1"], ["OWNS"])] == [("p2", "c1")]
