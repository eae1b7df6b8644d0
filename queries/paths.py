"""Warm-introduction paths to a prospect from the bank's existing relationships.

The search starts at the prospect and walks outwards (key roles, family, referrals),
one query per hop: each party expanded keeps its PATH_CAP strongest links, each hop
expands the BEAM best-scoring parties, the last hop looks only for customers and
referrers, and no step passes through a hub (a party with key roles in
HUB_DEGREE or more companies: a nominee director, a registered agent; shared
addresses are contact points, not links, so they are never a step). It stops at the
bank's relationships: a customer (whose RM is asked) or a referrer.

Score = 100 x the product of the link strengths along the path (queries/links.py):
- role: chair 0.8, director 0.7, legal representative 0.8, officer 0.6, nominee 0.2;
- ownership: 0.3 + 0.7 x share (a 60% owner 0.72 beats a 5% owner 0.335);
- family by kind (spouse 0.9 ... other 0.4); RM manages customer 1.0;
- referral: (0.3 + 0.7 x the referrer's conversion rate, smoothed (conv+1)/(decided+2))
  x recency (halves every two years, at least 0.3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from graph.errors import InvalidRequestError, NotFoundError
from graph.store import GraphStore, Link
from queries.links import HUB_DEGREE, PATH_TYPES, sentence, strength_of
from queries.referrals import ReferrerRecord, referrer_records
from queries.views import Ref, step

DEFAULT_DEPTH = 4
PATH_CAP = 25  # neighbours per party expanded, strongest first
BEAM = 40  # parties expanded per hop, best path score first


class PathStep(BaseModel):
    link_id: str
    type: str
    source: Ref
    target: Ref
    text: str
    strength: float


class IntroPath(BaseModel):
    prospect: Ref
    via: Literal["rm", "referrer"]
    ask: Ref | None = Field(description="The RM to ask (None when no RM is known).")
    referrer: Ref | None = None
    nodes: list[Ref] = Field(description="From the bank's side to the prospect.")
    steps: list[PathStep]
    score: float
    sentence: str


@dataclass
class _Seen:
    score: float
    parent: str | None
    link: Link | None
    depth: int


def recency(date: str | None, reference: str) -> float:
    """1.0 for today, halving every two years, never below 0.3."""
    if not date:
        return 0.3
    days = max(0, (dt.date.fromisoformat(reference) - dt.date.fromisoformat(date[:10])).days)
    return max(0.3, float(0.5 ** (days / 730)))


def referral_strength(link: Link, record: ReferrerRecord, reference: str) -> float:
    return round((0.3 + 0.7 * record.rate) * recency(str(link.props.get("date") or ""), reference), 6)


def _search(store: GraphStore, prospect_id: str, as_of: str | None, max_depth: int,
            cap: int) -> tuple[dict[str, _Seen], dict[str, dict[str, Any]]]:
    """Best-scoring discovery of every party within reach, hop by hop from the prospect."""
    seen = {prospect_id: _Seen(1.0, None, None, 0)}
    facts: dict[str, dict[str, Any]] = {}
    frontier = [prospect_id]
    for depth in range(1, max_depth):
        found, known = step(store, frontier, PATH_TYPES, as_of, cap, exclude=list(seen), hub_limit=HUB_DEGREE,
                            with_self=depth == 1, only_anchors=depth == max_depth - 1)
        facts.update(known)
        fresh: dict[str, _Seen] = {}
        for parent in frontier:
            for neighbour, _, links in found.get(parent, (0, []))[1]:
                link = max(links, key=lambda x: (strength_of(x), x.id))
                score = seen[parent].score * strength_of(link)
                if neighbour not in fresh or fresh[neighbour].score < score:
                    fresh[neighbour] = _Seen(score, parent, link, depth)
        if not fresh:
            break
        seen.update(fresh)
        walkable = [n for n in fresh if _walkable(facts.get(n))]
        frontier = sorted(walkable, key=lambda n: (-fresh[n].score, n))[:BEAM]
    return seen, facts


def _walkable(facts: Mapping[str, Any] | None) -> bool:
    """Anchors (customers, referrers, RMs) end a path; other parties are walked through."""
    if facts is None:
        return False
    node = facts["node"]
    return node.type in ("Person", "Company") and node.props.get("status") != "customer"


def _chain(seen: dict[str, _Seen], node_id: str) -> list[tuple[str, Link | None]]:
    """(node, link to the next node towards the prospect), from node_id to the prospect."""
    out: list[tuple[str, Link | None]] = []
    current: str | None = node_id
    while current is not None:
        entry = seen[current]
        out.append((current, entry.link))
        current = entry.parent
    return out


def intro_paths(store: GraphStore, prospect_id: str, as_of: str | None = None, limit: int = 5,
                max_depth: int = DEFAULT_DEPTH, cap: int = PATH_CAP) -> list[IntroPath]:
    """The best warm introductions to a prospect, best first, each with the RM to ask."""
    if not 2 <= max_depth <= 5:
        raise InvalidRequestError("max_depth must be between 2 and 5")
    reference = as_of or dt.date.today().isoformat()
    seen, facts = _search(store, prospect_id, as_of, max_depth, cap)
    if prospect_id not in facts:
        raise NotFoundError(f"no party {prospect_id!r}")
    names = _names(store, facts)
    referrers = sorted(n for n in seen if n in facts and facts[n]["node"].type == "Referrer")
    records = referrer_records(store, referrers, as_of) if referrers else {}
    unnamed = sorted({r.rm_id for r in records.values() if r.rm_id and r.rm_id not in names})
    names.update((n.id, str(n.props.get("name", n.id))) for n in (store.get_nodes(unnamed) if unnamed else []))
    found: list[IntroPath] = []
    for node_id in sorted(seen):
        if node_id == prospect_id or node_id not in facts:
            continue
        node = facts[node_id]["node"]
        if node.type == "Referrer":
            found.append(_via_referrer(seen, names, node_id, records[node_id], reference))
        elif node.props.get("status") == "customer":
            found.extend(_via_rm(seen, names, facts[node_id], node_id, prospect_id))
    found.sort(key=lambda p: (-p.score, [n.id for n in p.nodes]))
    return found[:limit]


def _names(store: GraphStore, facts: dict[str, dict[str, Any]]) -> dict[str, str]:
    names = {k: str(f["node"].props.get("name", k)) for k, f in facts.items()}
    for f in facts.values():
        names.update(dict(f["rms"]))
    return names


def _steps(seen: dict[str, _Seen], names: Mapping[str, str], start: str) -> list[PathStep]:
    steps = []
    for _, link in _chain(seen, start):
        if link is None:
            continue
        steps.append(_step(link, names))
    return steps


def _step(link: Link, names: Mapping[str, str], strength: float | None = None) -> PathStep:
    source, target = Ref(id=link.source, name=names.get(link.source, link.source)), \
        Ref(id=link.target, name=names.get(link.target, link.target))
    return PathStep(link_id=link.id, type=link.type, source=source, target=target,
                    text=sentence(link, source.name, target.name),
                    strength=strength if strength is not None else strength_of(link))


def _via_rm(seen: dict[str, _Seen], names: Mapping[str, str], facts: Mapping[str, Any], customer: str,
            prospect: str) -> list[IntroPath]:
    steps = _steps(seen, names, customer)
    nodes = [Ref(id=n, name=names.get(n, n)) for n, _ in _chain(seen, customer)]
    score = round(100 * seen[customer].score, 2)
    rms = facts["rms"] or [(None, None)]
    out = []
    for rm_id, rm_name in rms:
        ask = Ref(id=rm_id, name=rm_name) if rm_id else None
        lead = f"Ask {rm_name} (RM of {nodes[0].name})" if ask else f"{nodes[0].name} is a customer with no RM"
        sentence = f"{lead} for an introduction to {nodes[-1].name}: " + "; ".join(s.text for s in steps) + "."
        out.append(IntroPath(prospect=nodes[-1], via="rm", ask=ask, nodes=([ask] if ask else []) + nodes,
                             steps=steps, score=score, sentence=sentence))
    return out


def _via_referrer(seen: dict[str, _Seen], names: dict[str, str], referrer: str,
                  record: ReferrerRecord, reference: str) -> IntroPath:
    entry = seen[referrer]
    assert entry.link is not None and entry.parent is not None
    strength = referral_strength(entry.link, record, reference)
    rm_name = names.get(record.rm_id, record.rm_id) if record.rm_id else None
    steps = [_step(entry.link, names, strength), *_steps(seen, names, entry.parent)]
    nodes = [Ref(id=n, name=names.get(n, n)) for n, _ in _chain(seen, referrer)]
    score = round(100 * seen[entry.parent].score * strength, 2)
    ask = Ref(id=record.rm_id, name=rm_name or record.rm_id) if record.rm_id else None
    rate = f"{record.conversions} of {record.referrals} referrals converted"
    who = f"ask {ask.name}, who looks after most of its converted referrals" if ask else "no RM on record"
    sentence = (f"Go through referrer {nodes[0].name} ({rate}; {who}) to reach {nodes[-1].name}: "
                + "; ".join(s.text for s in steps) + ".")
    return IntroPath(prospect=nodes[-1], via="referrer", ask=ask, referrer=nodes[0], nodes=nodes,
                     steps=steps, score=score, sentence=sentence)
