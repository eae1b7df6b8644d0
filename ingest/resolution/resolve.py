"""`resolve(store)`, run after a load: replay merges and judgements, match every party,
merge the "same", write "possibly same" candidates and "possibly related" links.

Idempotent: running it twice changes nothing the second time, and a re-load followed
by `resolve` never undoes a person's judgement."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from graph.errors import NotFoundError
from graph.store import GraphStore, LinkRow
from ingest.resolution.compare import gamma
from ingest.resolution.judgements import apply, judgements, pair_id
from ingest.resolution.matcher import Pair, Result, match, score_pair
from ingest.resolution.merge import KITH, MergeStep, canonical_map, link_checksum, merge_many, merge_records
from ingest.resolution.model import Model, load_model
from ingest.resolution.normal import Rec, make_rec

PARTY_TYPES = ("Person", "Company")
HUB_CAP = 10  # a contact point shared by more parties than this is a hub (registered agent)


@dataclass
class Summary:
    parties: int = 0
    replayed_merges: int = 0
    replayed_judgements: int = 0
    merged: int = 0
    candidates: int = 0
    related: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class KithResolver:
    """The loader's hook (ingest.resolve_hook.Resolver): a merged-away party id maps to
    its survivor, so a re-load does not bring the merged party back."""

    def __init__(self, store: GraphStore) -> None:
        self.mapping = canonical_map(merge_records(store))

    def canonical(self, record_id: str) -> str:
        return self.mapping.get(record_id, record_id)


def _replay_merges(store: GraphStore) -> int:
    """A party merged before and loaded again (without the resolver) is merged again."""
    records = merge_records(store)
    canon = canonical_map(records)
    back = {n.id for n in store.get_nodes([r["merged_id"] for r in records])}
    return merge_many(store, [
        MergeStep(canon[r["merged_id"]], r["merged_id"], r["score"], r["reasons"], r["decided_by"])
        for r in sorted(records, key=lambda r: str(r["merged_id"])) if r["merged_id"] in back
    ])


def _replay_judgements(store: GraphStore, js: Sequence[dict[str, Any]]) -> int:
    """Apply every judgement again (most are already true: then nothing is written)."""
    canon = canonical_map(merge_records(store))
    changed = 0
    for j in js:
        if apply(store, j, canon):
            changed += 1
            canon = canonical_map(merge_records(store))
    return changed


def _read_parties(store: GraphStore) -> list[Rec]:
    return [make_rec(n.id, n.type, n.props) for t in PARTY_TYPES for n in store.iter_nodes(t)]


def _merged_away(store: GraphStore, present: set[str]) -> tuple[list[Rec], list[tuple[str, str]]]:
    """The records of parties merged before, matched too (a survivor is compared with
    everything it was made of), each tied to its survivor and never chosen as one."""
    records = merge_records(store)
    canon = canonical_map(records)
    ghosts = []
    for r in records:
        if r["merged_id"] in present or canon[r["merged_id"]] not in present:
            continue
        rec = make_rec(r["merged_id"], r["merged_type"], json.loads(r["merged_props"]))
        rec.rank = (8, rec.id)
        ghosts.append(rec)
    return ghosts, [(canon[g.id], g.id) for g in ghosts]


def _constraints(store: GraphStore, js: Sequence[dict[str, Any]]) -> tuple[set[frozenset[str]], list[tuple[str, str]]]:
    canon = canonical_map(merge_records(store))
    cannot: set[frozenset[str]] = set()
    must: list[tuple[str, str]] = []
    for j in js:
        a, b = canon.get(j["a"], j["a"]), canon.get(j["b"], j["b"])
        if j["decision"] == "different":
            cannot.add(frozenset((a, b)))
        else:
            must.append((a, b))
    return cannot, must


def _apply_merges(store: GraphStore, result: Result, ghosts: set[str]) -> int:
    best: dict[str, Pair] = {}
    for pair in result.pairs:
        if pair.outcome == "same":
            for end in (pair.a, pair.b):
                if end not in best or best[end].score < pair.score:
                    best[end] = pair
    steps = []
    for member, survivor in sorted(result.survivor.items()):
        if member in ghosts:
            continue
        found = best.get(member)
        score, reasons = (found.score, found.reasons) if found else (99.0, "judged the same")
        steps.append(MergeStep(survivor, member, score, reasons))
    return merge_many(store, steps)


def _sync_links(store: GraphStore, type_name: str, rows: Sequence[LinkRow]) -> None:
    """Make the kith-written links of a type exactly rows (stale ones deleted)."""
    keep = {r.id for r in rows}
    stale = [link.id for link in store.iter_links([type_name]) if link.id not in keep]
    store.delete_links(type_name, stale)
    current = store.checksums(type_name, list(keep)) if keep else {}
    store.write_links(type_name, [r for r in rows if current.get(r.id) != r.checksum])


def _link(type_name: str, a: str, b: str, props: dict[str, Any], kind: str = "") -> LinkRow:
    props = {**props, "source": KITH, "source_record_id": "resolution"}
    first, second = sorted((a, b))
    return LinkRow(pair_id("ps" if type_name == "POSSIBLY_SAME" else "pr", a, b, kind), first, second, props,
                   link_checksum(props, first, second))


def candidate_rows(result: Result) -> list[LinkRow]:
    return [_link("POSSIBLY_SAME", p.a, p.b, {"score": round(p.score, 2), "reasons": p.reasons})
            for p in result.candidates]


def related_rows(records: Iterable[Rec], exclude: set[frozenset[str]], hub_cap: int = HUB_CAP) -> list[LinkRow]:
    """Parties sharing an address, phone or e-mail (never more than hub_cap of them)."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rec in records:
        for kind, value in (("address", rec.address), ("phone", rec.phone[-9:]), ("email", rec.email)):
            if value and (kind != "address" or len(value.split()) >= 2):
                groups[(kind, value)].append(rec.id)
    rows: list[LinkRow] = []
    for (kind, _), ids in sorted(groups.items()):
        if len(ids) < 2 or len(ids) > hub_cap:
            continue
        for n, a in enumerate(sorted(ids)):
            for b in sorted(ids)[n + 1:]:
                if frozenset((a, b)) not in exclude:
                    reason = f"share the same {kind} with {len(ids) - 1} other part{'y' if len(ids) == 2 else 'ies'}"
                    rows.append(_link("POSSIBLY_RELATED", a, b, {"kind": kind, "shared_by": len(ids),
                                                                   "reasons": reason}, kind))
    return rows


def resolve(store: GraphStore, model: Model | None = None, hub_cap: int = HUB_CAP) -> Summary:
    """De-duplicate every Person and Company in the store (see module docstring)."""
    start = time.perf_counter()
    summary = Summary(replayed_merges=_replay_merges(store))
    js = judgements(store)
    summary.replayed_judgements = _replay_judgements(store, js)
    cannot, must = _constraints(store, js)
    records = _read_parties(store)
    ghosts, tied = _merged_away(store, {r.id for r in records})
    summary.parties = len(records)
    result = match(records + ghosts, model, cannot, must + tied)
    summary.merged = _apply_merges(store, result, {g.id for g in ghosts})
    survivors = [r for r in records if r.id not in result.survivor]
    candidates = candidate_rows(result)
    _sync_links(store, "POSSIBLY_SAME", candidates)
    exclude = {frozenset((p.a, p.b)) for p in result.candidates} | cannot
    related = related_rows(survivors, exclude, hub_cap)
    _sync_links(store, "POSSIBLY_RELATED", related)
    summary.candidates, summary.related = len(candidates), len(related)
    summary.seconds = round(time.perf_counter() - start, 3)
    return summary


def compare(store: GraphStore, a: str, b: str, model: Model | None = None) -> dict[str, Any]:
    """How the matcher sees two parties now: score, outcome and reasons (for `kith judge`)."""
    nodes = {n.id: n for n in store.get_nodes([a, b])}
    if a not in nodes or b not in nodes:
        raise NotFoundError(f"no party {a!r} or {b!r}")
    ra, rb = (make_rec(x, nodes[x].type, nodes[x].props) for x in (a, b))
    model = model or load_model()
    if ra.kind != rb.kind:
        return {"a": a, "b": b, "score": None, "outcome": "different", "reasons": "a person and a company"}
    g = gamma(ra, rb)
    pair = score_pair(ra, rb, model)
    return {"a": a, "b": b, "score": round(pair.score if pair else model.score(g), 2),
            "outcome": pair.outcome if pair else "none", "reasons": pair.reasons if pair else model.reasons(g)}


def candidates(store: GraphStore, limit: int = 100, min_score: float | None = None) -> list[dict[str, Any]]:
    """Open candidate pairs, best first: ids, names, score and reasons (for `kith candidates`)."""
    links = [link for link in store.iter_links(["POSSIBLY_SAME"])
             if min_score is None or float(link.props["score"]) >= min_score]
    links.sort(key=lambda link: (-float(link.props["score"]), link.source, link.target))
    links = links[:limit]
    names = {n.id: n.props.get("name") for n in store.get_nodes([i for lk in links for i in (lk.source, lk.target)])}
    return [{"a": lk.source, "a_name": names.get(lk.source), "b": lk.target, "b_name": names.get(lk.target),
             "score": lk.props["score"], "reasons": lk.props["reasons"]} for lk in links]
