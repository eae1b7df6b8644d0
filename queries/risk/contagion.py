"""Contagion: a risk event on a party reaches every customer linked to it through control,
ownership or guarantee links, and each of their relationship managers gets one task.

Which way each link carries risk (both ways for all three, for these reasons):
- OWNS and CONTROLS, downwards: a parent in default stops supporting, or sells, what it owns
  and controls; upwards: a subsidiary's default is the parent's loss (equity, support calls).
- GUARANTEES, guarantor -> debtor: a guarantor in default no longer backs the debt; debtor ->
  guarantor: a debtor in default calls the guarantee.
Reach is transitive (a default travels down a pyramid and back up through guarantees); each
affected customer is listed with the shortest chain of links that reaches it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.errors import InvalidRequestError, NotFoundError
from graph.store import GraphStore, Link, LinkRow, NodeRow, content_checksum
from queries.tasks import TaskSpec, raise_tasks

from .explain import describe, path_json
from .snapshot import BATCH

CONTAGION_TYPES = ("OWNS", "CONTROLS", "GUARANTEES")
RULE = "contagion"
EventKind = Literal["default", "watch_list", "sanction"]
KINDS = ("default", "watch_list", "sanction")


@dataclass
class Affected:
    party_id: str
    name: str
    hops: int
    path: list[dict[str, Any]]  # links from the event's party to this customer
    rm_ids: list[str]


@dataclass
class ContagionResult:
    event_id: str
    party_id: str
    kind: str
    date: str
    affected: list[Affected]
    task_ids: list[str]  # tasks created now (an RM's existing task for the event is kept)
    rms: dict[str, list[str]] = field(default_factory=dict)  # RM id -> affected customers


def event_id(party_id: str, kind: str, date: str) -> str:
    """Stable: recording the same event twice finds the same event (and the same tasks)."""
    return "risk-" + hashlib.blake2b(f"{party_id}|{kind}|{date}".encode(), digest_size=8).hexdigest()


def reach(store: GraphStore, party_id: str, as_of: str | None, max_hops: int | None = None) -> dict[str, list[Link]]:
    """Every party reachable over contagion links (both ways), with the shortest link chain."""
    paths: dict[str, list[Link]] = {party_id: []}
    frontier, hops = [party_id], 0
    while frontier and (max_hops is None or hops < max_hops):
        found: list[str] = []
        for start in range(0, len(frontier), BATCH):
            for link in store.links_of(frontier[start:start + BATCH], CONTAGION_TYPES, "both", as_of):
                for here, there in ((link.source, link.target), (link.target, link.source)):
                    if here in paths and there not in paths and len(paths[here]) == hops:
                        paths[there] = [*paths[here], link]
                        found.append(there)
        frontier, hops = sorted(set(found)), hops + 1
    return paths


def _rms(store: GraphStore, ids: list[str], as_of: str | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for start in range(0, len(ids), BATCH):
        for link in store.links_of(ids[start:start + BATCH], ["MANAGES"], "in", as_of):
            out.setdefault(link.target, []).append(link.source)
    return {k: sorted(set(v)) for k, v in out.items()}


def _store_event(store: GraphStore, eid: str, party_id: str, kind: str, date: str, description: str | None,
                 recorded_by: str | None, affected: int) -> None:
    props = {"party_id": party_id, "kind": kind, "date": date, "description": description, "source": "kith",
             "recorded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "recorded_by": recorded_by,
             "affected_count": affected}
    props = {k: v for k, v in props.items() if v is not None}
    store.write_nodes("RiskEvent", [NodeRow(eid, props, content_checksum(props))])
    lp = {"source": "kith", "source_record_id": eid, "valid_from": date}
    store.write_links("CONCERNS", [LinkRow(f"{eid}-on", eid, party_id, lp, content_checksum(lp))])


def record_risk_event(store: GraphStore, party_id: str, kind: EventKind, date: str, description: str | None = None,
                      recorded_by: str | None = None, max_hops: int | None = None) -> ContagionResult:
    """Store the event, find the customers it reaches as of its date, raise one task per RM."""
    if kind not in KINDS:
        raise InvalidRequestError(f"risk event kind must be one of {', '.join(KINDS)}")
    try:
        day = dt.date.fromisoformat(date).isoformat()
    except ValueError:
        raise InvalidRequestError(f"not a date (YYYY-MM-DD): {date!r}") from None
    subject = store.get_nodes([party_id])
    if not subject or subject[0].type not in ("Person", "Company"):
        raise NotFoundError(f"no party {party_id!r}")
    eid = event_id(party_id, kind, day)
    paths = reach(store, party_id, day, max_hops)
    nodes = {n.id: n for n in store.get_nodes(sorted(paths))}
    customers = sorted(p for p, n in nodes.items() if n.props.get("status") == "customer")
    rms = _rms(store, customers, day)
    affected = [Affected(p, str(nodes[p].props.get("name") or p), len(paths[p]), path_json(paths[p]), rms.get(p, []))
                for p in customers]
    _store_event(store, eid, party_id, kind, day, description, recorded_by, len(affected))
    by_rm: dict[str, list[str]] = {}
    for item in affected:
        for rm in item.rm_ids:
            by_rm.setdefault(rm, []).append(item.party_id)
    name = str(subject[0].props.get("name") or party_id)
    specs = [_task(rm, eid, party_id, name, kind, day, [a for a in affected if a.party_id in ids], paths)
             for rm, ids in sorted(by_rm.items())]
    return ContagionResult(eid, party_id, kind, day, affected, raise_tasks(store, specs), by_rm)


def _task(rm: str, eid: str, party_id: str, name: str, kind: str, day: str, items: list[Affected],
          paths: dict[str, list[Link]]) -> TaskSpec:
    """One task per RM and event. The task key is rule + subject + period, so the subject is
    the RM's book (the RM id) and the period the event id: one task per affected RM."""
    lines = [f"{a.name} ({a.party_id}): " + ("the party itself" if not paths[a.party_id] else
                                           " -> ".join(describe(link) for link in paths[a.party_id])) for a in items]
    title = f"{kind.replace('_', ' ')} on {name}: {len(items)} of your customers affected"
    reason = f"Risk event {eid} ({kind}, {day}) on {party_id}. Affected: " + "; ".join(lines)
    return TaskSpec(RULE, rm, eid, rm, title, reason)
