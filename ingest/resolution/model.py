"""Fellegi–Sunter scoring: per-field m/u probabilities give each comparison level a
weight log2(m/u); a pair's score is the sum. m and u are fitted on labelled training
data (febrl1 and the demo generator's train split, `python -m bench.er --fit`) and
frozen in weights.json with the thresholds; common names are down-weighted by their
frequency in the data being resolved (term-frequency adjustment)."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.resolution.compare import FIELDS
from ingest.resolution.normal import Rec

WEIGHTS_PATH = Path(__file__).with_name("weights.json")
Gamma = tuple[str | None, ...]

# Levels that make an automatic merge ambiguous whatever the total: two different dates
# of birth or two different identifiers of the same kind.
CONFLICTS = {("date", "different"), ("ident", "different")}

TF_BONUS_CAP = 4.0  # bits a rare name may add at most

# m/u for fields the training data lacks (FEBRL has no phone or e-mail): a shared phone
# or mailbox is strong but not conclusive evidence (families and firms share them).
PRIORS: dict[str, dict[str, tuple[float, float]]] = {
    "phone": {"exact": (0.6, 1e-4), "different": (0.4, 0.9999)},
    "email": {"exact": (0.5, 1e-5), "local": (0.1, 1e-4), "different": (0.4, 0.99989)},
}


@dataclass(frozen=True)
class Model:
    weights: dict[str, dict[str, float]]  # field -> level -> log2(m/u)
    u_name_exact: float
    same: float  # auto-merge threshold (precision first)
    possible: float  # candidate threshold (review precision on the training data)

    @property
    def best_address(self) -> float:
        return max(self.weights["address"].values(), default=0.0)

    def score(self, g: Gamma, tf: float = 0.0) -> float:
        total = tf
        for name, level in zip(FIELDS, g, strict=True):
            if level is not None:
                total += self.weights[name].get(level, 0.0)
        return total

    def reasons(self, g: Gamma, tf: float = 0.0) -> str:
        parts = [f"{n} {lv} ({self.weights[n].get(lv, 0.0):+.1f})" for n, lv in zip(FIELDS, g, strict=True) if lv]
        if tf:
            parts.append(f"{'rare' if tf > 0 else 'common'} name ({tf:+.1f})")
        return "; ".join(parts)


def fit(matches: Sequence[Gamma], non_matches: Sequence[Gamma], alpha: float = 1.0) -> dict[str, Any]:
    """m and u per field and level from labelled comparison vectors (Laplace-smoothed)."""
    out: dict[str, Any] = {"m": {}, "u": {}}
    for i, name in enumerate(FIELDS):
        levels = sorted({lv for g in [*matches, *non_matches] if (lv := g[i]) is not None})
        for key, rows in (("m", matches), ("u", non_matches)):
            counts = Counter(g[i] for g in rows if g[i] is not None)
            total = sum(counts.values()) + alpha * len(levels)
            out[key][name] = {lv: (counts[lv] + alpha) / total for lv in levels}
        if not levels and name in PRIORS:
            out["m"][name] = {lv: mu[0] for lv, mu in PRIORS[name].items()}
            out["u"][name] = {lv: mu[1] for lv, mu in PRIORS[name].items()}
    return out


def to_model(data: dict[str, Any]) -> Model:
    weights = {
        name: {lv: math.log2(m / data["u"][name][lv]) for lv, m in data["m"].get(name, {}).items()}
        for name in FIELDS
    }
    return Model(weights=weights, u_name_exact=data["u"]["name"].get("exact", 1e-4),
                 same=data["thresholds"]["same"], possible=data["thresholds"]["possible"])


@lru_cache(maxsize=1)
def load_model(path: Path = WEIGHTS_PATH) -> Model:
    return to_model(json.loads(path.read_text(encoding="utf-8")))


class NameFrequencies:
    """Token frequencies of the records being resolved, for the term-frequency penalty."""

    def __init__(self, records: Iterable[Rec], floor: int = 1000) -> None:
        self.counts: Counter[str] = Counter()
        total = 0
        for rec in records:
            self.counts.update(set(rec.skel))
            total += 1
        self.total = max(total, floor)

    def adjustment(self, rec: Rec, u_exact: float) -> float:
        """Bits to add when a name agreeing exactly is rare, to subtract when it is common
        (two Wang Weis); the bonus is capped so it never outweighs a date or identifier."""
        if not rec.skel:
            return 0.0
        u_tf = math.prod(self.counts[t] / self.total for t in set(rec.skel))
        return min(TF_BONUS_CAP, math.log2(u_exact / u_tf)) if u_tf > 0 else 0.0
