"""Fit and freeze the matcher: m/u per comparison level from febrl1 and the demo bank's
train split, then the two thresholds on the same training pairs, written to
ingest/resolution/weights.json. Nothing held out (febrl2-4, the demo's eval split) is
looked at. `python -m bench.er --fit` runs it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.er_demo import demo_records, truth
from bench.er_febrl import PairSet, best_threshold, kith_records, kith_scores, load, training_gammas
from ingest.resolution.model import WEIGHTS_PATH, Gamma, fit, to_model
from ingest.resolution.normal import Rec

SAME_PRECISION = 0.998  # auto-merge: at most 2 wrong merges in 1,000 on the training pairs
POSSIBLE_PRECISION = 0.99  # review queue: at most 1 wrong candidate in 100 on the training pairs


def demo_bank(parties: int, seed: int) -> Path:
    """The demo bank's files, generated once per size and seed (cached under /tmp)."""
    from ingest.demo.generator import generate  # bench only: the matcher never imports the generator

    folder = Path(f"/tmp/kith-er-demo-{parties}-{seed}")
    if not (folder / "truth.csv").exists():
        generate(folder, parties, seed=seed)
    return folder


def training_sets(demo: Path) -> list[tuple[list[Rec], PairSet]]:
    frame, febrl_truth, _ = load(1)
    split, pairs = truth(demo)
    train = [r for r in demo_records(demo) if split.get(r.id) == "train"]
    return [(kith_records(frame), febrl_truth), (train, pairs["train"])]


def fit_weights(sets: Sequence[tuple[list[Rec], PairSet]]) -> dict[str, Any]:
    matches: list[Gamma] = []
    non: list[Gamma] = []
    for records, pairs in sets:
        m, u = training_gammas(records, pairs)
        matches += m
        non += u
    data = fit(matches, non)
    data["thresholds"] = {"same": -1e9, "possible": -1e9}
    model = to_model(data)
    scores: dict[frozenset[str], float] = {}
    true: PairSet = set()
    for records, pairs in sets:
        scores.update(kith_scores(records, model, None))
        true |= pairs
    possible = best_threshold(scores, true, POSSIBLE_PRECISION)
    same = max(best_threshold(scores, true, SAME_PRECISION), possible)
    data["thresholds"] = {"same": round(same, 3), "possible": round(possible, 3)}
    data["trained_on"] = {"febrl1_pairs": len(sets[0][1]), "demo_train_pairs": len(sets[1][1]),
                          "same_precision": SAME_PRECISION, "possible_precision": POSSIBLE_PRECISION}
    return data


def run_fit(parties: int = 20_000, seed: int = 7) -> dict[str, Any]:
    data = fit_weights(training_sets(demo_bank(parties, seed)))
    WEIGHTS_PATH.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return data
