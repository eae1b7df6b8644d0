"""Ingest benchmark (issue 2, must-show 5): idempotent ingest into Neo4j, end to end
(reading, validation, checksums, checks, source records, writes), at 100,000 parties
and 500,000 relationships by default:

(a) first load into an empty database - through the bulk-import tool (neo4j-admin
    import with the server stopped), then server start and schema creation;
(b) the identical re-load through the driver (nothing is written);
(c) a re-load with 5% changed and 1% new rows (only those are sent);
baseline: `UNWIND $rows ... CREATE` of the same relationship rows in batches of 10,000.

    python -m bench.ingest --parties 100000 --rels 500000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import ingest_data
from graph.neo4j import Neo4jStore
from graph.neo4j_server import LocalNeo4j
from graph.settings import get_settings
from ingest.bulk import bulk_load_files
from ingest.loader import load_files
from ingest.summary import LoadSummary

RESULTS = Path(__file__).parent / "results" / "ingest.json"
BASELINE_BATCH = 10_000
# The baseline is raw Cypher on purpose: it is the yardstick, not part of Kith, and
# writes a throwaway relationship type that is deleted afterwards.
BASELINE_CREATE = """
UNWIND $rows AS row
MATCH (a:Party {id: row.source_id})
MATCH (b:Party {id: row.target_id})
CREATE (a)-[r:BENCH_RAW]->(b) SET r = row.props
"""
BASELINE_CLEANUP = "MATCH ()-[r:BENCH_RAW]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 50000 ROWS"


def baseline_rows(folder: Path) -> Iterator[dict[str, Any]]:
    for type_name in ingest_data.REL_MIX:
        with (folder / f"{type_name}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                props = {k: v for k, v in row.items() if v and k not in ("source_id", "target_id")}
                yield {"source_id": row["source_id"], "target_id": row["target_id"], "props": props}


def run_baseline(store: Neo4jStore, folder: Path) -> tuple[float, int]:
    rows = list(baseline_rows(folder))  # read before the clock starts: the baseline is the write alone
    started = time.perf_counter()
    for start in range(0, len(rows), BASELINE_BATCH):
        store.driver.execute_query(BASELINE_CREATE, rows=rows[start:start + BASELINE_BATCH],
                                   database_=store.database)
    seconds = time.perf_counter() - started
    with store.driver.session(database=store.database) as session:
        session.run(BASELINE_CLEANUP).consume()
    return seconds, len(rows)


def timed_load(store: Neo4jStore, folder: Path, data_dir: Path) -> tuple[float, LoadSummary]:
    settings = get_settings().model_copy(update={"data_dir": data_dir})
    started = time.perf_counter()
    summary = load_files(store, [folder], progress=False, settings=settings)
    return time.perf_counter() - started, summary


def phase(name: str, seconds: float, rels: int, summary: LoadSummary | None, how: str) -> dict[str, Any]:
    Console(stderr=True).log(f"phase {name}: {seconds:.1f} s, {rels / seconds:,.0f} relationships/s")
    return {"phase": name, "how": how, "seconds": round(seconds, 2), "relationships": rels,
            "relationships_per_s": round(rels / seconds), "counts": summary.to_dict()["totals"] if summary else None,
            "steps": summary.phases if summary else None}


def machine_note(server: LocalNeo4j, load_before: tuple[float, ...]) -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "neo4j": get_settings().neo4j_version, "heap": server.heap, "pagecache": server.pagecache,
            "load_average_before": [round(x, 1) for x in load_before],
            "load_average_after": [round(x, 1) for x in os.getloadavg()],
            "note": "Python client and Neo4j server on the same machine; its 2 cores were shared with other "
                    "work during the run (see the load averages), so absolute figures are pessimistic; the "
                    "ratios compare runs made in the same process under the same conditions"}


def run(parties: int, rels: int, work: Path) -> dict[str, Any]:
    load_before = os.getloadavg()
    plan = ingest_data.plan(parties, rels)
    first, changed = work / "first", work / "changed"
    rel_rows = ingest_data.write(first, plan)
    changed_rows = ingest_data.write(changed, plan, changed=0.05, new=0.01)
    server = LocalNeo4j(home=work / "neo4j")
    try:
        started = time.perf_counter()
        summary_a, store = bulk_load_files(server, [first], progress=False, work_dir=work,
                                           settings=get_settings().model_copy(update={"data_dir": work / "data"}))
        a = phase("a", time.perf_counter() - started, rel_rows, summary_a,
                  "bulk-import tool: read, validate, checksum, source records, import CSV; neo4j-admin import "
                  "(server stopped); server start; constraints and indexes")
        checksum_a, counts_a = store.store_checksum(), store.counts()
        seconds_b, summary_b = timed_load(store, first, work / "data")
        b = phase("b", seconds_b, rel_rows, summary_b,
                  "driver: rows identical to validated ones recognised by digest (memo), every checksum "
                  "compared with the store's; nothing sent")
        checksum_b, counts_b = store.store_checksum(), store.counts()
        seconds_c, summary_c = timed_load(store, changed, work / "data")
        c = phase("c", seconds_c, changed_rows, summary_c,
                  "driver: changed and new rows validated in full and checked (references, ownership "
                  "totals), only they are sent")
        base_seconds, base_rows = run_baseline(store, first)
        store.close()
    finally:
        server.cleanup()
    base_rate = base_rows / base_seconds
    Console(stderr=True).log(f"baseline: {base_seconds:.1f} s, {base_rate:,.0f} relationships/s")
    for item in (a, b, c):
        item["ratio_to_baseline"] = round(item["relationships_per_s"] / base_rate, 2)
    return {
        "scale": {"parties": parties, "relationships": rels, "relationship_types": plan.rels},
        "phases": [a, b, c],
        "baseline": {"statement": "UNWIND $rows MATCH (a:Party) MATCH (b:Party) CREATE (a)-[:BENCH_RAW]->(b)",
                     "batch": BASELINE_BATCH, "seconds": round(base_seconds, 2), "relationships": base_rows,
                     "relationships_per_s": round(base_rate)},
        "idempotent": {"checksum_after_a": checksum_a, "checksum_after_b": checksum_b,
                       "equal": checksum_a == checksum_b, "counts_equal": counts_a == counts_b,
                       "b_written": summary_b.totals.loaded + summary_b.totals.updated},
        "target": {"relationships_per_s": 50_000, "ratio_to_baseline": 0.5},
        "machine": machine_note(server, load_before),
    }


def report(results: dict[str, Any]) -> None:
    table = Table(title=f"Ingest into Neo4j: {results['scale']['parties']:,} parties, "
                        f"{results['scale']['relationships']:,} relationships")
    for column in ("phase", "seconds", "relationships/s", "x CREATE baseline", "how"):
        table.add_column(column)
    for item in results["phases"]:
        table.add_row(item["phase"], f"{item['seconds']:.1f}", f"{item['relationships_per_s']:,}",
                      f"{item['ratio_to_baseline']:.2f}", item["how"])
    base = results["baseline"]
    table.add_row("baseline", f"{base['seconds']:.1f}", f"{base['relationships_per_s']:,}", "1.00",
                  "UNWIND $rows ... CREATE, batches of 10,000")
    same = results["idempotent"]
    table.caption = f"checksum after (b) equals (a): {same['equal']}; counts equal: {same['counts_equal']}"
    Console().print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--rels", type=int, default=500_000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kith-bench-ingest-"))
    try:
        results = run(args.parties, args.rels, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
