"""The demo bank in a local Neo4j for the risk benchmarks (bench.groups, bench.ownership).

Generated once per (parties, seed) under .kith/bench/, loaded once with the bulk-import
tool (ingest.bulk) into a kept server home, and reused by the next benchmark run; timings
never include this preparation."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from graph.neo4j import Neo4jStore
from graph.neo4j_server import LocalNeo4j
from ingest.demo import generate

ROOT = Path(".kith/bench")
AS_OF = "2025-12-31"  # the demo's rate date: every facility and link "as of" one day


@dataclass
class Prepared:
    demo_dir: Path
    server: LocalNeo4j
    store: Neo4jStore
    prepare_seconds: float


def prepare(parties: int, seed: int, heap: str, pagecache: str, console: Console) -> Prepared:
    started = time.perf_counter()
    demo_dir = (ROOT / f"demo-{parties}-{seed}").resolve()
    if not (demo_dir / ".done").exists():
        console.print(f"generating the demo bank: {parties:,} parties")
        generate(demo_dir, parties, seed=seed)
        (demo_dir / ".done").write_text("ok")
    home = (ROOT / f"neo4j-{parties}-{seed}").resolve()
    home.mkdir(parents=True, exist_ok=True)
    server = LocalNeo4j(home=home, heap=heap, pagecache=pagecache, keep=True)
    if not (home / ".kith-loaded").exists():
        console.print("loading it with the bulk-import tool")
        from ingest.bulk import bulk_load_files

        _, store = bulk_load_files(server, [demo_dir], progress=False)
        (home / ".kith-loaded").write_text("ok")
    else:
        server.start()
        store = Neo4jStore.connect(server.uri, server.user, server.password)
        store.ensure_schema()
    return Prepared(demo_dir, server, store, time.perf_counter() - started)


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
              handle: Callable[[str, list[Any]], None]) -> NaiveTiming:
    """One query per id. A timed sample of `sample` ids first; when the whole run would pass
    the budget, stop there and extrapolate (labelled so), else run every id."""
    rng = random.Random(seed)
    chosen = rng.sample(list(all_ids), min(sample, len(all_ids)))
    seconds = _time_queries(store, query, chosen, handle)
    estimate = seconds * len(all_ids) / max(len(chosen), 1)
    if len(chosen) == len(all_ids):
        return NaiveTiming(seconds, seconds, len(chosen), len(all_ids), False, "measured on every id")
    if estimate > budget:
        label = (f"EXTRAPOLATED: {len(chosen):,} random ids timed ({seconds:.1f} s) x {len(all_ids):,} / "
                 f"{len(chosen):,}; a full run would pass the {budget:.0f} s budget")
        return NaiveTiming(estimate, seconds, len(chosen), len(all_ids), True, label)
    rest = [i for i in all_ids if i not in set(chosen)]
    seconds += _time_queries(store, query, rest, handle)
    return NaiveTiming(seconds, seconds, len(all_ids), len(all_ids), False, "measured on every id")


def _time_queries(store: Neo4jStore, query: str, chosen: Sequence[str],
                  handle: Callable[[str, list[Any]], None]) -> float:
    started = time.perf_counter()
    with store.driver.session(database=store.database) as session:
        for item in chosen:
            handle(item, list(session.run(query, id=item)))
    return time.perf_counter() - started
