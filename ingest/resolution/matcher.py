"""The matcher: blocked pairs scored, then three outcomes.

- same: an identifier of the same kind agrees (deterministic), or the score reaches the
  auto-merge threshold with no conflicting date of birth or identifier;
- possible: the score reaches the candidate threshold (waits for a person);
- below that, nothing.
"Same" pairs are clustered transitively, except across a pair a person judged
different (a cannot-link); the survivor of a cluster is its customer, else its
smallest id. Pure functions over Rec lists: no store, no I/O."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from ingest.resolution.blocking import candidate_pairs
from ingest.resolution.compare import gamma
from ingest.resolution.model import CONFLICTS, Gamma, Model, NameFrequencies, load_model
from ingest.resolution.normal import Rec

IDENT = 2  # position of the identifier comparison in the gamma vector
DETERMINISTIC = 99.0  # score reported for an identifier match


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    score: float
    outcome: str  # same | possible
    reasons: str


@dataclass
class Result:
    pairs: list[Pair]
    survivor: dict[str, str] = field(default_factory=dict)  # record id -> survivor id (merged only)
    candidates: list[Pair] = field(default_factory=list)  # possible pairs between survivors


def _conflicted(g: Gamma) -> bool:
    return any((name, level) in CONFLICTS for name, level in zip(("name", "date", "ident"), g[:3], strict=False))


def score_pair(a: Rec, b: Rec, model: Model, freqs: NameFrequencies | None = None) -> Pair | None:
    g = gamma(a, b, address=False)
    if g[IDENT] == "exact":
        g = gamma(a, b)
        return Pair(a.id, b.id, DETERMINISTIC, "same", "identifier agrees; " + model.reasons(g))
    tf = freqs.adjustment(a, model.u_name_exact) if freqs and g[0] in ("exact", "translit") else 0.0
    total = model.score(g, tf)
    if total + model.best_address < model.possible:  # no address could lift it to a candidate
        return None
    g = gamma(a, b)
    total = model.score(g, tf)
    if total >= model.same and not _conflicted(g):
        return Pair(a.id, b.id, total, "same", model.reasons(g, tf))
    if total >= model.possible:
        return Pair(a.id, b.id, total, "possible", model.reasons(g, tf))
    return None


def score_all(records: Sequence[Rec], model: Model | None = None) -> list[Pair]:
    model = model or load_model()
    freqs = NameFrequencies(records)
    out = []
    for i, j in candidate_pairs(records):
        pair = score_pair(records[i], records[j], model, freqs)
        if pair is not None:
            out.append(pair)
    return out


class _Clusters:
    def __init__(self, cannot: Collection[frozenset[str]]) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.cannot = cannot

    def find(self, x: str) -> str:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        self.parent[x] = root
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma, mb = self.members.get(ra, {ra}), self.members.get(rb, {rb})
        if self.cannot and any(frozenset((x, y)) in self.cannot for x in ma for y in mb):
            return False
        self.parent[rb] = ra
        self.members[ra] = ma | mb
        self.members.pop(rb, None)
        return True


def decide(records: Sequence[Rec], pairs: Sequence[Pair], cannot: Collection[frozenset[str]] = (),
           must: Sequence[tuple[str, str]] = ()) -> Result:
    """Cluster the same pairs (judged-same first, then by score), pick survivors, and
    lift possible pairs to candidates between survivors."""
    clusters = _Clusters(cannot)
    for a, b in must:
        clusters.union(a, b)
    for pair in sorted((p for p in pairs if p.outcome == "same"), key=lambda p: (-p.score, p.a, p.b)):
        if frozenset((pair.a, pair.b)) not in cannot:
            clusters.union(pair.a, pair.b)
    rank = {r.id: r.rank for r in records}
    survivor: dict[str, str] = {}
    for members in clusters.members.values():
        best = min(members, key=lambda m: rank.get(m, (9, m)))
        survivor.update({m: best for m in members if m != best})
    seen: dict[frozenset[str], Pair] = {}
    for pair in pairs:
        a, b = survivor.get(pair.a, pair.a), survivor.get(pair.b, pair.b)
        key = frozenset((a, b))
        if a == b or key in cannot or frozenset((pair.a, pair.b)) in cannot:
            continue
        if pair.outcome == "same":  # blocked by a judgement elsewhere in the cluster
            pair = Pair(pair.a, pair.b, pair.score, "possible", pair.reasons)
        if key not in seen or seen[key].score < pair.score:
            seen[key] = Pair(min(a, b), max(a, b), pair.score, "possible", pair.reasons)
    return Result(pairs=list(pairs), survivor=survivor, candidates=sorted(seen.values(), key=lambda p: (p.a, p.b)))


def match(records: Sequence[Rec], model: Model | None = None, cannot: Collection[frozenset[str]] = (),
          must: Sequence[tuple[str, str]] = ()) -> Result:
    return decide(records, score_all(records, model), cannot, must)
