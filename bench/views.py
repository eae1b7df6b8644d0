"""Views and paths benchmark (issue 5, must-show 4), on Neo4j.

Generates the demo bank (ingest.demo) at --parties, loads it into an empty local
Neo4j through the bulk path (ingest.bulk: validation as load_files, then the import
tool), samples at least --sample distinct parties by degree (a tenth from the top 1%
by degree, the hubs, the rest from the other 99%), and times per party:
- Kith's 2-hop connected-party view (queries.views.connected_view, cap 20);
- Kith's introduction-path search (queries.paths.intro_paths);
- beside them, in the same run on the same parties, naive Cypher: the uncapped 2-hop
  neighbourhood and every path of up to three links to a managed customer.
Kith keeps no result cache; every party is asked once per method, after a warm-up on
other parties (query plans compiled). The two methods alternate which goes first.
Referrer track records are derived after the load (refresh_referrer_records), as a
bank would after each load; that time is reported beside the load.

    python -m bench.views --parties 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neo4j import Query
from neo4j.exceptions import Neo4jError
from rich.console import Console
from rich.table import Table

from graph.neo4j import Neo4jStore
from graph.neo4j.views import PARTY_DEGREES, naive_paths, naive_view
from graph.neo4j_server import LocalNeo4j
from graph.settings import get_settings
from queries.links import PATH_TYPES, VIEW_TYPES
from queries.paths import intro_paths
from queries.referrals import refresh_referrer_records
from queries.views import connected_view

RESULTS = Path(__file__).parent / "results" / "views.json"
TARGETS_MS = {"view": 30.0, "paths": 200.0}


def prepare(parties: int, seed: int, work: Path) -> Path:
    """The demo bank's files, generated once per scale and seed (reused when present)."""
    from ingest.demo.generator import generate

    folder = work / f"demo-{parties}-{seed}"
    if not (folder / "manifest.json").exists():
        generate(folder, parties, seed=seed)
    return folder


def sample_parties(store: Neo4jStore, size: int, seed: int) -> tuple[list[tuple[str, int]], int]:
    """(party, degree) pairs, a tenth from the top 1% by degree (the hubs) and the rest from
    the others, shuffled; and the lowest degree in the top 1%."""
    rows = [(r["id"], int(r["degree"])) for r in store._read(PARTY_DEGREES, types=list(VIEW_TYPES))]
    rows.sort(key=lambda r: (-r[1], r[0]))
    top = max(1, len(rows) // 100)
    rng = random.Random(seed)
    hubs = rng.sample(rows[:top], min(top, max(1, size // 10)))
    rest = rng.sample(rows[top:], min(len(rows) - top, size - len(hubs)))
    chosen = list(dict.fromkeys([rows[0], *hubs, *rest]))
    rng.shuffle(chosen)
    return chosen, rows[top - 1][1]


def naive(store: Neo4jStore, query: str, party: str, timeout: float) -> tuple[int, bool]:
    """Rows returned and whether the server stopped the query at the timeout."""
    try:
        with store.driver.session(database=store.database) as session:
            return len(list(session.run(Query(query, timeout=timeout), id=party))), False
    except Neo4jError as exc:
        code = exc.code or ""
        if any(word in code for word in ("Timeout", "TimedOut", "Terminated")):
            return 0, True
        raise


def measure(store: Neo4jStore, parties: list[tuple[str, int]], as_of: str, timeout: float,
            budget: float = float("inf")) -> dict[str, Any]:
    view_q, paths_q = naive_view(VIEW_TYPES), naive_paths(PATH_TYPES)
    runs: dict[str, list[float]] = {"kith_view": [], "naive_view": [], "kith_paths": [], "naive_paths": []}
    sizes: dict[str, list[int]] = {k: [] for k in runs}
    timeouts = {"naive_view": 0, "naive_paths": 0}
    jobs: dict[str, Callable[[str], int]] = {
        "kith_view": lambda p: len(connected_view(store, p, depth=2).nodes),
        "naive_view": lambda p: _naive(store, view_q, p, timeout, timeouts, "naive_view"),
        "kith_paths": lambda p: len(intro_paths(store, p, as_of=as_of)),
        "naive_paths": lambda p: _naive(store, paths_q, p, timeout, timeouts, "naive_paths"),
    }
    deadline = time.perf_counter() + budget
    for i, (party, _) in enumerate(parties):
        if time.perf_counter() > deadline:
            print(f"time budget spent after {i} parties", file=sys.stderr)
            break
        if i % 100 == 0:
            print(f"{i} parties measured", file=sys.stderr, flush=True)
        for first, second in (("kith_view", "naive_view"), ("kith_paths", "naive_paths")):
            for name in ((first, second) if i % 2 == 0 else (second, first)):
                started = time.perf_counter()
                size = jobs[name](party)
                runs[name].append((time.perf_counter() - started) * 1000)
                sizes[name].append(size)
    return {"ms": runs, "sizes": sizes, "timeouts": timeouts}


def _naive(store: Neo4jStore, query: str, party: str, timeout: float, timeouts: dict[str, int], name: str) -> int:
    rows, stopped = naive(store, query, party, timeout)
    timeouts[name] += stopped
    return rows


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def summary(values: list[float], sizes: list[int]) -> dict[str, Any]:
    return {"n": len(values), "p50_ms": pct(values, 0.50), "p95_ms": pct(values, 0.95), "p99_ms": pct(values, 0.99),
            "max_ms": round(max(values), 2), "mean_ms": round(statistics.fmean(values), 2),
            "mean_rows": round(statistics.fmean(sizes), 1), "max_rows": max(sizes)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ingest.bulk import bulk_load_files
    from ingest.demo.ids import AS_OF

    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = prepare(args.parties, args.seed, work)
    generated = time.perf_counter() - started
    server = LocalNeo4j(heap=args.heap, pagecache=args.pagecache)
    try:
        started = time.perf_counter()
        settings = get_settings().model_copy(update={"data_dir": work / "data"})
        _, store = bulk_load_files(server, [data], progress=False, work_dir=work, settings=settings)
        loaded = time.perf_counter() - started
        print(f"loaded in {loaded:.0f} s", file=sys.stderr, flush=True)
        counts = store.counts()
        started = time.perf_counter()
        refresh_referrer_records(store, AS_OF.isoformat())
        refreshed = time.perf_counter() - started
        sample, top = sample_parties(store, args.sample + args.warmup, args.seed)
        warm, parties = sample[:args.warmup], sample[args.warmup:]
        measure(store, warm, AS_OF.isoformat(), args.timeout)
        result = measure(store, parties, AS_OF.isoformat(), args.timeout, args.budget)
        store.close()
    finally:
        server.cleanup()
    measured = parties[:len(result["ms"]["kith_view"])]
    out = report_data(args, result, measured, top, counts.total_nodes, counts.total_links, generated, loaded, server)
    out["scale"]["referrer_records_s"] = round(refreshed, 1)
    return out


def report_data(args: argparse.Namespace, result: dict[str, Any], parties: list[tuple[str, int]], top: int,
                nodes: int, links: int, generated: float, loaded: float, server: LocalNeo4j) -> dict[str, Any]:
    stats = {k: summary(v, result["sizes"][k]) for k, v in result["ms"].items()}
    hubs = [i for i, (_, d) in enumerate(parties) if d >= top]
    hub_stats = {k: summary([v[i] for i in hubs], [result["sizes"][k][i] for i in hubs])
                 for k, v in result["ms"].items()} if hubs else {}
    degrees = sorted(d for _, d in parties)
    ratios = {kind: round(stats[f"naive_{kind}"]["p95_ms"] / stats[f"kith_{kind}"]["p95_ms"], 2)
              for kind in ("view", "paths")}
    return {
        "scale": {"parties": args.parties, "seed": args.seed, "nodes": nodes, "links": links,
                  "generate_s": round(generated, 1), "bulk_load_s": round(loaded, 1)},
        "sample": {"parties": len(parties), "top_1pct_min_degree": top, "hubs_in_sample": len(hubs),
                   "degree_min": degrees[0],
                   "degree_median": statistics.median(degrees), "degree_p99": pct([float(d) for d in degrees], 0.99),
                   "degree_max": degrees[-1], "warmup_parties": args.warmup},
        "results": stats,
        "results_top_1pct": hub_stats,
        "naive_timeouts": result["timeouts"], "naive_timeout_s": args.timeout,
        "naive_over_kith_p95": ratios,
        "targets_ms": {"view_p95": TARGETS_MS["view"], "paths_p95": TARGETS_MS["paths"]},
        "meets_targets": {"view": stats["kith_view"]["p95_ms"] <= TARGETS_MS["view"],
                          "paths": stats["kith_paths"]["p95_ms"] <= TARGETS_MS["paths"]},
        "cache": ("no result cache in Kith; each party asked once per method after a warm-up on other parties; "
                  "referrer track records are stored derived facts (refresh_referrer_records after the load)"),
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
                    "python_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                    "python": platform.python_version(), "platform": platform.platform(),
                    "neo4j": get_settings().neo4j_version, "heap": server.heap, "pagecache": server.pagecache,
                    "note": "Python client and Neo4j on the same machine; 2 cores shared with other work"},
    }


def report(results: dict[str, Any]) -> None:
    scale, sample = results["scale"], results["sample"]
    table = Table(title=f"Views and paths on Neo4j: {scale['parties']:,} parties ({scale['nodes']:,} nodes, "
                        f"{scale['links']:,} links); {sample['parties']:,} parties sampled by degree")
    for column in ("query", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean rows", "target p95"):
        table.add_column(column)
    for name, row in results["results"].items():
        target = TARGETS_MS["view" if "view" in name else "paths"] if name.startswith("kith") else None
        table.add_row(name, f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}", f"{row['p99_ms']:.1f}",
                      f"{row['max_ms']:.1f}", f"{row['mean_rows']:.1f}", f"{target:.0f}" if target else "-")
    table.caption = (f"naive/kith at p95: view {results['naive_over_kith_p95']['view']}x, paths "
                     f"{results['naive_over_kith_p95']['paths']}x; naive timeouts ({results['naive_timeout_s']} s): "
                     f"{results['naive_timeouts']}; sample degree median {sample['degree_median']}, max "
                     f"{sample['degree_max']}")
    Console().print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.views", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--parties", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=2.0, help="Seconds before a naive query is stopped.")
    parser.add_argument("--budget", type=float, default=1500.0, help="Seconds for the measured run at most.")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="3g")
    parser.add_argument("--work", type=Path, default=Path(".kith/bench/views"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results = run(args)
    report(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
