"""The group rules over independent parts of the snapshot (queries.risk.parts) give the groups
of the whole snapshot: same ids, anchors, members in the same order, rules, reasons, paths
and exposure totals, on a demo bank split into as many parts as it has components."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.store import GraphStore, Link
from ingest.demo import generate
from ingest.loader import load_files
from queries.risk.derive import derive_and_write, persist_parts, reporting_converter
from queries.risk.exposure import ExposureBook
from queries.risk.fx import read_rates
from queries.risk.groups import DerivedGroup, derive_parts
from queries.risk.parts import split_parts
from queries.risk.profiles import get_profile
from queries.risk.snapshot import RiskGraph, load_all

AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[RiskGraph, Path]:
    out = tmp_path_factory.mktemp("parts-demo")
    generate(out, 1_500, seed=5)
    store = EmbeddedStore()
    load_files(store, [out], progress=False)
    graph = load_all(store, AS_OF)
    # CONTROLS links the demo lacks: between borrowers no holding joins (the demo's CONTROLS
    # all sit beside a majority holding), so only the CONTROLS link can put them in one part.
    held = {end for link in graph.of_type("OWNS") for end in (link.source, link.target)}
    loose = sorted({p for borrowers in graph.borrowers.values() for p in borrowers} - held)[:40]
    for k in range(0, len(loose) - 1, 2):
        graph.add_link(Link(f"ctl-{k}", "CONTROLS", loose[k], loose[k + 1],
                            {"basis": "voting_agreement", "source": "t", "source_record_id": f"c{k}"}))
    return graph, out


def shown(groups: list[DerivedGroup], book: ExposureBook) -> list[Any]:
    return [(g.id, g.anchor_id, book.total(g.members),
             [(p, m.rule, m.reason, [ln.id for ln in m.path]) for p, m in g.members.items()])
            for g in sorted(groups, key=lambda g: g.id)]


@pytest.mark.parametrize("profile", ["basel", "china"])
def test_parts_give_the_groups_of_the_whole(demo: tuple[RiskGraph, Path], profile: str) -> None:
    graph, folder = demo
    prof = get_profile(profile)
    rates = read_rates([folder / "fx_rates.csv"], "USD", AS_OF)
    book = ExposureBook.build(graph, prof, rates)
    convert = reporting_converter(rates)
    whole = list(derive_parts(graph, prof, book.party_totals(), convert, part_links=10**9))
    split = list(derive_parts(graph, prof, book.party_totals(), convert, part_links=1))
    assert len(whole) == 1 and len(split) > 50, "one part against one part per component"
    assert sum(1 for g in whole[0] if any(m.rule in ("guarantee", "economic_dependence")
                                          for m in g.members.values())) > 5
    assert sum(1 for g in whole[0] for m in g.members.values() if m.path and m.path[0].id.startswith("ctl-")) >= 10
    if prof.family_joins:
        assert any(m.rule == "family" for g in whole[0] for m in g.members.values())
    assert shown([g for part in split for g in part], book) == shown(whole[0], book)


def owns(link_id: str, source: str, target: str) -> Link:
    return Link(link_id, "OWNS", source, target, {"share_pct": 60.0, "source": "t", "source_record_id": link_id})


def test_a_part_holds_whole_components_and_the_dependants_of_its_parties() -> None:
    graph = RiskGraph(None)
    for link in (owns("o1", "A", "B"), owns("o2", "B", "C"), owns("o3", "X", "Y")):
        graph.add_link(link)
    attached = [("C", "dep-of-C"), ("Y", "dep-of-Y"), ("Z", "dep-of-lone-Z"), ("A", "dep-of-A")]
    parts = list(split_parts(graph, ["OWNS"], attached, part_links=1))
    got = [(sorted(ln.id for ln in p.graph.of_type("OWNS")), p.attached) for p in parts]
    assert got == [(["o1", "o2"], [("C", "dep-of-C"), ("A", "dep-of-A")]),
                   (["o3"], [("Y", "dep-of-Y")]),
                   ([], [("Z", "dep-of-lone-Z")])]
    assert [len(p.graph.of_type("OWNS")) for p in split_parts(graph, ["OWNS"], attached, part_links=3)] == [3]


@pytest.mark.slow
def test_the_job_writes_the_same_rows_part_by_part(store: GraphStore, demo: tuple[RiskGraph, Path]) -> None:
    """Parts of one component each, written while the next is derived, store what one
    part stores; a second run writes nothing (both stores)."""
    folder = demo[1]
    load_files(store, [folder], progress=False)
    prof = get_profile("basel")
    rates = read_rates([folder / "fx_rates.csv"], "USD", AS_OF)
    snapshot = load_all(store, AS_OF)

    def stored() -> list[tuple[str, str, str]]:
        sums = store.checksums("MEMBER_OF")
        return sorted((ln.id, sums[ln.id], ln.target) for ln in store.iter_links(["MEMBER_OF"])
                      if ln.target.startswith("grp-"))

    book = ExposureBook.build(snapshot, prof, rates)
    split = derive_parts(snapshot, prof, book.party_totals(), reporting_converter(rates), part_links=1)
    report = persist_parts(store, prof, AS_OF, split, book, "USD")
    assert report.memberships_written == report.memberships > 100
    by_parts = stored()
    store.delete_links("MEMBER_OF", [row[0] for row in by_parts])
    store.delete_nodes(sorted({row[2] for row in by_parts}))
    whole = derive_and_write(store, prof, AS_OF, rates, snapshot)[1]
    assert stored() == by_parts and whole.memberships == report.memberships
    again = derive_and_write(store, prof, AS_OF, rates, snapshot)[1]
    assert (again.groups_written, again.memberships_written, again.memberships_deleted) == (0, 0, 0)


def test_numbering_while_reading_splits_as_numbering_afterwards(demo: tuple[RiskGraph, Path]) -> None:
    """load_all numbers the chaining links' ends as they arrive; a copy numbers them in the
    split. Either way every link is in one part and no part cuts a component; a replaced
    link falls back to numbering in the split."""
    graph = demo[0]
    assert graph.numbered(["OWNS", "CONTROLS"]) is not None and graph.copy().numbered(["OWNS", "CONTROLS"]) is None
    links = graph.of_type("OWNS", "CONTROLS")
    for g in (graph, graph.copy()):
        parts = [p.graph.of_type("OWNS", "CONTROLS") for p in split_parts(g, ["OWNS", "CONTROLS"], [], part_links=7)]
        assert len(parts) > 20 and sorted(ln.id for part in parts for ln in part) == sorted(ln.id for ln in links)
        part_of = {end: n for n, part in enumerate(parts) for ln in part for end in (ln.source, ln.target)}
        assert all(part_of[ln.source] == part_of[ln.target] == n for n, part in enumerate(parts) for ln in part)
    replaced = RiskGraph(None, numbering=True)
    for link in (owns("o1", "A", "B"), owns("o2", "X", "Y"), owns("o1", "A", "C")):
        replaced.add_link(link)
    assert replaced.numbered(["OWNS"]) is None
    split = [[ln.target for ln in p.graph.of_type("OWNS")] for p in split_parts(replaced, ["OWNS"], [], 1)]
    assert sorted(split) == [["C"], ["Y"]]
