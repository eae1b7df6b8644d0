"""The demo bank's planted duplicates (ingest.demo, truth.csv): the matcher's "same" and
"possibly same" pairs scored against the generator's ground truth, per split."""

from __future__ import annotations

import csv
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

from ingest.resolution.normal import Rec, make_rec

PairSet = set[frozenset[str]]


def read_rows(folder: Path, type_name: str) -> Iterator[dict[str, str]]:
    with (folder / f"{type_name}.csv").open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def demo_records(folder: Path) -> list[Rec]:
    return [make_rec(row["id"], t, row) for t in ("Person", "Company") for row in read_rows(folder, t)]


def truth(folder: Path) -> tuple[dict[str, str], dict[str, PairSet]]:
    """record id -> split, and the true duplicate pairs of each split."""
    split: dict[str, str] = {}
    entities: dict[str, list[str]] = defaultdict(list)
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            split[row["record_id"]] = row["split"]
            entities[row["entity_id"]].append(row["record_id"])
    pairs: dict[str, PairSet] = defaultdict(set)
    for members in entities.values():
        for a, b in combinations(members, 2):
            if split[a] == split[b]:
                pairs[split[a]].add(frozenset((a, b)))
    return split, pairs


def in_split(pairs: PairSet, split: dict[str, str], name: str) -> PairSet:
    return {p for p in pairs if all(split.get(x) == name for x in p)}


def graph_pairs(folder: Path) -> tuple[PairSet, PairSet, dict[str, Any]]:
    """Load the demo bank into an embedded store, resolve, and read back which records
    were merged ("same") and which are linked as candidates ("possibly same")."""
    from graph.embedded import EmbeddedStore
    from ingest.loader import load_files
    from ingest.resolution import KithResolver, resolve

    store = EmbeddedStore(None)
    started = time.perf_counter()
    load_files(store, [folder], rejects_path=Path(tempfile.gettempdir()) / "kith-er-rejects.jsonl",
               progress=False, memo=False)
    loaded = time.perf_counter()
    summary = resolve(store)
    resolved = time.perf_counter()
    resolver = KithResolver(store)
    members: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader((folder / "truth.csv").open(encoding="utf-8", newline="")):
        members[resolver.canonical(row["record_id"])].append(row["record_id"])
    same = {frozenset(p) for group in members.values() for p in combinations(group, 2)}
    possible = {frozenset((x, y)) for link in store.iter_links(["POSSIBLY_SAME"])
                for x in members.get(link.source, [link.source]) for y in members.get(link.target, [link.target])}
    info = {"load_seconds": round(loaded - started, 2), "resolve_seconds": round(resolved - loaded, 2),
            **summary.as_dict()}
    return same, possible, info


def demo_figures(folder: Path) -> dict[str, Any]:
    """P/R of "same" (merged) and of "same or possibly same" per split, through the graph."""
    from bench.er_febrl import prf

    split, true = truth(folder)
    same, possible, info = graph_pairs(folder)
    out: dict[str, Any] = {"folder": str(folder), "resolve": info}
    for name in ("train", "eval"):
        out[name] = {"same": prf(in_split(same, split, name), true[name]),
                     "same_or_possibly_same": prf(in_split(same | possible, split, name), true[name])}
    return out
