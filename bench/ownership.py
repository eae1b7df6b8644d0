"""Integrated-ownership benchmark (issue 4, must-show 4), on Neo4j:

Kith: read every OWNS link as of one date (store.iter_links) and solve integrated ownership
exactly for every company at once (queries.risk.integrate: cycle blocks inverted, the rest
a series that ends exactly). Baseline: one variable-length Cypher query per owned company
(OWNS*1..6, product of shares per path, summed), sampled and extrapolated past the budget;
on the companies it ran for, its answers are compared with the exact ones.

    python -m bench.ownership --parties 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.risk_setup import AS_OF, add_bank_arguments, ids, prepare, run_naive, warm_up
from queries.risk.integrate import Ownership
from queries.risk.naive import NAIVE_OWNERSHIP, OWNED_COMPANY_IDS
from queries.risk.ownership import integrated_all
from queries.risk.snapshot import RiskGraph

RESULTS = Path(__file__).parent / "results" / "ownership.json"
AGREE = 1e-6  # a naive share within this of the exact one agrees


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add_bank_arguments(parser)
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def run_kith(prep: Any) -> tuple[dict[str, Any], Ownership]:
    clock = time.perf_counter()
    graph = RiskGraph(AS_OF)
    for link in prep.store.risk_links(["OWNS"], AS_OF):
        graph.add_link(link)
    read = time.perf_counter() - clock
    clock = time.perf_counter()
    own = integrated_all(graph)
    solve = time.perf_counter() - clock
    owned = int((own.indegree > 0).sum())
    return {"seconds": read + solve, "phases": {"read OWNS links": read, "solve all companies": solve},
            "owns_links": len(graph.links), "parties_in_ownership": len(own.ids), "companies_with_holders": owned,
            "integrated_pairs": int(own.integrated.nnz), "nodes_on_cycles": int(own.cyclic.sum()),
            "closed_cycles": len(own.closed_cycles)}, own


def run_baseline(prep: Any, own: Ownership, budget: float, sample: int, seed: int) -> dict[str, Any]:
    companies = ids(prep.store, OWNED_COMPANY_IDS)
    compared = {"pairs": 0, "disagree": 0, "max_abs_diff_pct": 0.0}

    def check(company: str, rows: list[Any]) -> None:
        for row in rows:
            holder = str(row["holder"])
            exact = own.share(holder, company) if holder in own.index and company in own.index else 0.0
            diff = abs(float(row["share"]) - exact)
            compared["pairs"] += 1
            compared["disagree"] += int(diff > AGREE)
            compared["max_abs_diff_pct"] = max(compared["max_abs_diff_pct"], 100 * diff)

    timing = run_naive(prep.store, NAIVE_OWNERSHIP, companies, budget, sample, seed, check, as_of=AS_OF)
    return {"seconds": timing.seconds, "measured_seconds": timing.measured_seconds, "queries_run": timing.queries_run,
            "companies": timing.queries_total, "extrapolated": timing.extrapolated, "label": timing.label,
            "compared_with_exact": compared}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse(argv)
    console = Console()
    prep = prepare(args.parties, args.seed, args.heap, args.pagecache, console, args.demo_dir)
    try:
        warm = warm_up(prep.store, ["OWNS"])
        kith, own = run_kith(prep)
        kith["warm_up_seconds_not_timed"] = warm
        naive = run_baseline(prep, own, args.naive_budget, args.sample, args.seed)
    finally:
        if not args.keep_running:
            prep.server.stop()
    out = {
        "benchmark": "ownership", "parties": args.parties, "seed": args.seed, "as_of": AS_OF,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "prepare_seconds_not_timed": prep.prepare_seconds, "kith": kith, "naive_cypher": naive,
        "ratio_naive_over_kith": naive["seconds"] / kith["seconds"] if kith["seconds"] else None,
        "targets": {"kith_within_60s": kith["seconds"] <= 60.0},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2, default=str), encoding="utf-8")
    show(console, out)
    return out


def show(console: Console, out: dict[str, Any]) -> None:
    kith, naive = out["kith"], out["naive_cypher"]
    table = Table(title=f"Integrated ownership, {out['parties']:,} parties (as of {out['as_of']})")
    table.add_column("run")
    table.add_column("seconds", justify="right")
    table.add_column("notes")
    for phase, seconds in kith["phases"].items():
        table.add_row(f"  kith: {phase}", f"{seconds:.2f}", "")
    table.add_row("kith total", f"{kith['seconds']:.2f}",
                  f"{kith['companies_with_holders']:,} companies, {kith['integrated_pairs']:,} pairs, "
                  f"{kith['nodes_on_cycles']:,} parties on cycles (exact)")
    cmp = naive["compared_with_exact"]
    table.add_row("naive Cypher", f"{naive['seconds']:.2f}",
                  f"{naive['label']}; {cmp['disagree']:,} of {cmp['pairs']:,} pairs differ from exact "
                  f"(max {cmp['max_abs_diff_pct']:.3f} points)")
    table.add_row("ratio naive / kith", f"{out['ratio_naive_over_kith']:.1f}x", str(out["targets"]))
    console.print(table)


if __name__ == "__main__":
    main()
