"""The demo bank in a local Neo4j for the risk benchmarks (bench.groups, bench.ownership).

Generated once per (parties, seed) under .kith/bench/ (or taken from --demo-dir), loaded
once into a kept server home with the bulk-import tool, and reused by the next run; timings
never include this preparation. The load is lean: only the types the risk rules read, each
row converted by the schema's property types and given its content checksum, written as
the import tool's CSV, without the loader's validation, source records and de-duplication
(the loader's staging in memory does not fit a million parties on a shared machine; the
loader path itself is tested in tests/risk/test_demo_parity.py)."""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from graph.neo4j import Neo4jStore
from graph.neo4j_server import LocalNeo4j
from graph.schema import load_schema
from graph.store import content_checksum
from ingest.demo import generate

NODE_TYPES = ("Company", "Person", "Facility", "Group", "RelationshipManager")
LINK_TYPES = ("OWNS", "CONTROLS", "GUARANTEES", "SUPPLIES", "FAMILY", "BORROWS", "MANAGES", "MEMBER_OF")
IMPORT_TYPES = {"number": "double", "percent": "double", "integer": "long", "boolean": "boolean"}
CONVERT = {"number": float, "percent": float, "integer": int}

ROOT = Path(".kith/bench")
AS_OF = "2025-12-31"  # the demo's rate date: every facility and link "as of" one day


@dataclass
class Prepared:
    demo_dir: Path
    server: LocalNeo4j
    store: Neo4jStore
    prepare_seconds: float


def prepare(parties: int, seed: int, heap: str, pagecache: str, console: Console,
            demo_from: Path | None = None) -> Prepared:
    started = time.perf_counter()
    demo_dir = demo_from.resolve() if demo_from else (ROOT / f"demo-{parties}-{seed}").resolve()
    if demo_from is None and not (demo_dir / ".done").exists():
        console.print(f"generating the demo bank: {parties:,} parties")
        generate(demo_dir, parties, seed=seed)
        (demo_dir / ".done").write_text("ok")
    home = (ROOT / f"neo4j-{parties}-{seed}").resolve()
    home.mkdir(parents=True, exist_ok=True)
    server = LocalNeo4j(home=home, heap=heap, pagecache=pagecache, keep=True)
    if not (home / ".kith-loaded").exists():
        console.print("loading it with the bulk-import tool")
        lean_import(server, demo_dir, home / "import-csv")
        (home / ".kith-loaded").write_text("ok")
    server.start()
    store = Neo4jStore.connect(server.uri, server.user, server.password)
    store.ensure_schema()
    return Prepared(demo_dir, server, store, time.perf_counter() - started)


def _rows(path: Path) -> Any:
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            yield from (json.loads(line) for line in handle if line.strip())
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)


def _convert_file(demo_dir: Path, out: Path, type_name: str, is_link: bool) -> Path | None:
    schema = load_schema()
    source = next((p for p in (demo_dir / f"{type_name}.csv", demo_dir / f"{type_name}.jsonl") if p.exists()), None)
    if source is None:
        return None
    props = schema.relationships[type_name].properties if is_link else schema.nodes[type_name].properties
    names = [n for n, spec in props.items() if not spec.derived]
    lead = [":START_ID", ":END_ID", ":TYPE", "id", "checksum"] if is_link else ["id:ID", ":LABEL", "checksum"]
    labels = "" if is_link else ";".join(schema.nodes[type_name].labels)
    target = out / f"{type_name}.import.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        kinds = {n: IMPORT_TYPES.get(props[n].type) for n in names}
        writer.writerow([*lead, *(f"{n}:{kinds[n]}" if kinds[n] else n for n in names)])
        for row in _rows(source):
            clean: dict[str, Any] = {}
            for n in names:
                value = row.get(n)
                if value is None or value == "":
                    continue
                convert = CONVERT.get(props[n].type)
                clean[n] = convert(value) if convert else (str(value).lower() if isinstance(value, bool) else value)
            cells = ["" if clean.get(n) is None else clean[n] for n in names]
            checksum = content_checksum(clean)
            head = [row["source_id"], row["target_id"], type_name, row["id"], checksum] if is_link else \
                [row["id"], labels, checksum]
            writer.writerow([*head, *cells])
    return target


def lean_import(server: LocalNeo4j, demo_dir: Path, work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    try:
        nodes = [p for t in NODE_TYPES if (p := _convert_file(demo_dir, work, t, False))]
        links = [p for t in LINK_TYPES if (p := _convert_file(demo_dir, work, t, True))]
        server.bulk_import(nodes, links, extra_args=["--multiline-fields=true"])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def warm_up(store: Neo4jStore, types: Sequence[str], bare: Sequence[str] = ()) -> float:
    """One untimed pass over the links the run reads, as the run reads them: page cache
    filled, queries compiled, so neither Kith (which runs first) nor the baseline pays for a
    cold start."""
    started = time.perf_counter()
    for _ in store.risk_links(types, AS_OF, bare=bare):
        pass
    for _ in store.risk_nodes("Facility", AS_OF):
        pass
    store.risk_checksums("Group", "grp-")  # the group job's first reads (a live server has them warm)
    store.risk_checksums("MEMBER_OF", "mo-")
    return time.perf_counter() - started


def ids(store: Neo4jStore, query: str) -> list[str]:
    with store.driver.session(database=store.database) as session:
        return [str(r["id"]) for r in session.run(query)]


@dataclass
class NaiveTiming:
    seconds: float  # measured, or extrapolated when sampled
    measured_seconds: float
    queries_run: int
    queries_total: int
    extrapolated: bool
    label: str


def run_naive(store: Neo4jStore, query: str, all_ids: Sequence[str], budget: float, sample: int, seed: int,
              handle: Callable[[str, list[Any]], None], **params: Any) -> NaiveTiming:
    """One query per id. A timed sample of `sample` ids first; when the whole run would pass
    the budget, stop there and extrapolate (labelled so), else run every id.

    Before the sample, as many other random ids are run untimed: the query compiled and the
    pages it reads cached, as they are for Kith's run (a cold sample overstated the naive run
    fivefold: 1,858 s extrapolated against 349 s measured in full)."""
    rng = random.Random(seed)
    pool = rng.sample(list(all_ids), min(2 * sample, len(all_ids)))
    chosen, warm = pool[:sample], pool[sample:]
    _time_queries(store, query, warm, lambda _id, _rows: None, params)
    seconds = _time_queries(store, query, chosen, handle, params)
    estimate = seconds * len(all_ids) / max(len(chosen), 1)
    if len(chosen) == len(all_ids):
        return NaiveTiming(seconds, seconds, len(chosen), len(all_ids), False, "measured on every id")
    if estimate > budget:
        label = (f"EXTRAPOLATED: {len(chosen):,} random ids timed ({seconds:.1f} s) x {len(all_ids):,} / "
                 f"{len(chosen):,}; a full run would pass the {budget:.0f} s budget")
        return NaiveTiming(estimate, seconds, len(chosen), len(all_ids), True, label)
    rest = [i for i in all_ids if i not in set(chosen)]
    seconds += _time_queries(store, query, rest, handle, params)
    return NaiveTiming(seconds, seconds, len(all_ids), len(all_ids), False, "measured on every id")


def _time_queries(store: Neo4jStore, query: str, chosen: Sequence[str],
                  handle: Callable[[str, list[Any]], None], params: dict[str, Any]) -> float:
    started = time.perf_counter()
    with store.driver.session(database=store.database) as session:
        for item in chosen:
            handle(item, list(session.run(query, id=item, **params)))
    return time.perf_counter() - started


def add_bank_arguments(parser: argparse.ArgumentParser) -> None:
    """The options both risk benchmarks share: the bank's scale, the server, the naive budget."""
    parser.add_argument("--parties", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-budget", type=float, default=1800.0, help="seconds; past it: sample, extrapolate")
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--heap", default="3g")
    parser.add_argument("--pagecache", default="3g")
    parser.add_argument("--keep-running", action="store_true")
    parser.add_argument("--demo-dir", type=Path, default=None, help="an already generated demo bank to load")
