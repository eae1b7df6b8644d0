"""Entity-resolution benchmark (issue 3): `python -m bench.er [--scale 100000,1000000]`.

1. FEBRL 1-4: Kith's matcher and the splink baseline side by side, in the same run, on
   the same data; thresholds chosen on febrl1 (and the demo's train split) and frozen.
2. The demo bank's planted duplicates, through the graph (load, resolve): precision and
   recall of "same" and of "same or possibly same", per split.
3. Throughput of the matching step on synthetic persons at each scale, and the scaling
   ratio (1.0 = exactly linear).
Figures go to bench/results/er.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.er_demo import demo_figures
from bench.er_febrl import best_threshold, kith_records, kith_scores, load, prf, timed
from bench.er_fit import demo_bank, run_fit
from bench.er_splink import splink_scores
from bench.er_synth import persons
from ingest.resolution.matcher import decide, score_all
from ingest.resolution.model import load_model
from ingest.resolution.normal import make_rec

RESULTS = Path(__file__).parent / "results" / "er.json"


def _at(scores: dict[frozenset[str], float], threshold: float, truth: set[frozenset[str]]) -> dict[str, float]:
    return prf({p for p, s in scores.items() if s >= threshold}, truth)


def febrl_table(with_splink: bool = True) -> list[dict[str, Any]]:
    model = load_model()
    runs: dict[int, dict[str, Any]] = {}
    for n in (1, 2, 3, 4):
        frame, truth, link_only = load(n)
        records = kith_records(frame)
        cross = dict(zip(frame.index.astype(str), frame["source_dataset"], strict=True)) if link_only else None
        kith, kith_s = timed(kith_scores, records, model, cross)
        splink, splink_s = timed(splink_scores, frame, link_only) if with_splink else ({}, 0.0)
        runs[n] = {"truth": truth, "kith": kith, "splink": splink, "kith_s": kith_s, "splink_s": splink_s,
                   "records": len(frame)}
    splink_threshold = best_threshold(runs[1]["splink"], runs[1]["truth"]) if with_splink else 0.0
    rows = []
    for n, run in runs.items():
        row: dict[str, Any] = {
            "dataset": f"febrl{n}", "role": "training" if n == 1 else "held out", "records": run["records"],
            "kith": _at(run["kith"], model.possible, run["truth"]),
            "kith_same_only": _at(run["kith"], model.same, run["truth"]),
            "kith_seconds": round(run["kith_s"], 2),
        }
        if with_splink:
            oracle = best_threshold(run["splink"], run["truth"])
            row.update({
                "splink": _at(run["splink"], splink_threshold, run["truth"]),
                "splink_best_threshold_in_hindsight": _at(run["splink"], oracle, run["truth"]),
                "splink_seconds": round(run["splink_s"], 2),
            })
            row["kith_f1_minus_splink_f1"] = round(row["kith"]["f1"] - row["splink"]["f1"], 4)
        rows.append(row)
    return rows


def throughput(count: int) -> dict[str, Any]:
    """The matching step (features, blocking, scoring, clustering) on `count` persons."""
    rows = list(persons(count))
    entity = {rid: ent for rid, ent, _ in rows}
    started = time.perf_counter()
    records = [make_rec(rid, "Person", props) for rid, _, props in rows]
    featured = time.perf_counter()
    del rows  # the raw rows are not part of the matching step; free them before pairing
    pairs = score_all(records)
    scored = time.perf_counter()
    result = decide(records, pairs)
    seconds = time.perf_counter() - started
    sizes = Counter(entity.values())
    true = sum(k * (k - 1) // 2 for k in sizes.values())
    same = [p for p in pairs if p.outcome == "same"]
    hits_same = sum(entity[p.a] == entity[p.b] for p in same)
    hits_any = sum(entity[p.a] == entity[p.b] for p in pairs)
    return {
        "records": count, "seconds": round(seconds, 1), "records_per_second": round(count / seconds),
        "features_seconds": round(featured - started, 1), "block_and_score_seconds": round(scored - featured, 1),
        "merged": len(result.survivor), "candidates": len(result.candidates),
        "same": {"precision": round(hits_same / max(len(same), 1), 4), "recall": round(hits_same / max(true, 1), 4)},
        "same_or_possibly_same": {"precision": round(hits_any / max(len(pairs), 1), 4),
                                  "recall": round(hits_any / max(true, 1), 4)},
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def scaling(scales: list[int]) -> dict[str, Any]:
    runs = [throughput(n) for n in scales]
    out: dict[str, Any] = {"runs": runs}
    if len(runs) >= 2:
        first, last = runs[0], runs[-1]
        time_ratio = last["seconds"] / first["seconds"]
        size_ratio = last["records"] / first["records"]
        out["time_ratio"] = round(time_ratio, 2)
        out["size_ratio"] = size_ratio
        out["linearity"] = round(time_ratio / size_ratio, 2)  # 1.0 = linear, 10 = quadratic over 10x
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="100000,1000000", help="comma-separated person counts")
    parser.add_argument("--demo-parties", type=int, default=20_000)
    parser.add_argument("--fit", action="store_true", help="refit weights and thresholds first (training data only)")
    parser.add_argument("--no-splink", action="store_true")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scale.split(",") if s.strip()]
    out: dict[str, Any] = {"machine": {"python": platform.python_version(), "cpus": _cpus(),
                                       "load_average_at_start": [round(x, 1) for x in os.getloadavg()]}}
    if args.fit:
        out["fit"] = run_fit(args.demo_parties)
        load_model.cache_clear()
    model = load_model()
    out["thresholds"] = {"same": model.same, "possible": model.possible}
    out["febrl"] = febrl_table(not args.no_splink)
    _print_febrl(out["febrl"])
    out["demo"] = demo_figures(demo_bank(args.demo_parties, 7))
    print(json.dumps({k: out["demo"][k] for k in ("train", "eval")}, indent=1))
    out["throughput"] = scaling(scales)
    out["machine"]["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(out["throughput"], indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def _print_febrl(rows: list[dict[str, Any]]) -> None:
    print(f"{'dataset':8} {'role':9} {'Kith P/R/F1':24} {'splink P/R/F1':24}")
    for row in rows:
        k, s = row["kith"], row.get("splink", {"precision": 0, "recall": 0, "f1": 0})
        print(f"{row['dataset']:8} {row['role'][:9]:9} {k['precision']:.4f}/{k['recall']:.4f}/{k['f1']:.4f}   "
              f"{s['precision']:.4f}/{s['recall']:.4f}/{s['f1']:.4f}")


if __name__ == "__main__":
    main()
