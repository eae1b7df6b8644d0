"""The demo bank's planted duplicates (ingest.demo, truth.csv): the matcher's "same" and
"possibly same" pairs scored against the generator's ground truth, per split."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

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
