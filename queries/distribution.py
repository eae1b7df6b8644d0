"""Lead distribution and lead stages.

New leads go to RMs by proximity (the RM who already manages a customer on the
lead's paths; the sum of those path strengths) and workload (open leads held):
    preference = proximity / (1 + open_leads / WORKLOAD_SCALE)
A lead with no connected RM goes to the RM with the fewest open leads. Every
assignment says why. Leads are stored as Lead nodes keyed by the party, so running
the distribution again finds them and assigns nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from graph.errors import ConflictError, InvalidRequestError, NotFoundError
from graph.store import GraphStore, Node, NodeRow, content_checksum
from queries.leads import OPEN_STAGES, KeyPersonLead
from queries.views import Ref

WORKLOAD_SCALE = 10.0
Stage = Literal["new", "contacted", "qualified", "won", "lost"]
STAGES: tuple[str, ...] = ("new", "contacted", "qualified", "won", "lost")


class Assignment(BaseModel):
    lead_id: str
    company: Ref
    rm: Ref | None
    created: bool
    proximity: float
    open_leads_before: int
    explanation: str


class LeadRecord(BaseModel):
    id: str
    party_id: str
    rm_id: str | None
    stage: str
    score: float | None
    reason: str | None
    history: list[dict[str, str]]


def lead_id(party_id: str) -> str:
    return "lead-" + hashlib.blake2b(party_id.encode(), digest_size=8).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def workload(store: GraphStore) -> dict[str, int]:
    """Open leads per RM (every RM listed, zero included)."""
    counts = {rm.id: 0 for rm in store.iter_nodes("RelationshipManager")}
    for lead in store.iter_nodes("Lead"):
        rm = lead.props.get("rm_id")
        if lead.props.get("stage") in OPEN_STAGES and isinstance(rm, str):
            counts[rm] = counts.get(rm, 0) + 1
    return counts


def _choose(lead: KeyPersonLead, load: dict[str, int], names: dict[str, str]) -> tuple[str | None, float, str]:
    proximity: dict[str, float] = {}
    why: dict[str, str] = {}
    for path in lead.paths:
        for rm in path.rms:
            proximity[rm.id] = proximity.get(rm.id, 0.0) + path.strength
            why.setdefault(rm.id, f"manages {path.customer.name}, where {path.text}")
    if proximity:
        best = min(proximity, key=lambda r: (-proximity[r] / (1 + load.get(r, 0) / WORKLOAD_SCALE), r))
        others = len(proximity) - 1
        text = (f"{names.get(best, best)} {why[best]}; proximity {proximity[best]:.3f}, "
                f"{load.get(best, 0)} open leads" + (f"; chosen over {others} other connected RM(s)" if others else ""))
        return best, proximity[best], text
    if not load:
        return None, 0.0, "no relationship manager to assign"
    best = min(load, key=lambda r: (load[r], r))
    name = names.get(best, best)
    return best, 0.0, f"no RM manages a connected customer; {name} has the fewest open leads ({load[best]})"


def distribute_leads(store: GraphStore, leads: Sequence[KeyPersonLead], user: str = "kith") -> list[Assignment]:
    """Assign each lead not yet stored to an RM, best lead first; existing leads are reported, not touched."""
    load = workload(store)
    names = {rm.id: str(rm.props.get("name", rm.id)) for rm in store.iter_nodes("RelationshipManager")}
    existing = {n.id: n for n in store.get_nodes([lead_id(x.company.id) for x in leads])}
    out: list[Assignment] = []
    rows: list[NodeRow] = []
    for lead in sorted(leads, key=lambda x: (-x.score, x.company.id)):
        lid = lead_id(lead.company.id)
        if lid in existing:
            rm = existing[lid].props.get("rm_id")
            out.append(Assignment(lead_id=lid, company=lead.company, created=False, proximity=0.0,
                                  rm=Ref(id=str(rm), name=names.get(str(rm), str(rm))) if rm else None,
                                  open_leads_before=load.get(str(rm), 0), explanation="already a lead"))
            continue
        rm_id, proximity, text = _choose(lead, load, names)
        before = load.get(rm_id, 0) if rm_id else 0
        if rm_id:
            load[rm_id] = before + 1
        rows.append(_row(lid, lead, rm_id, text, user))
        existing[lid] = Node(id=lid, type="Lead", props=rows[-1].props)
        out.append(Assignment(lead_id=lid, company=lead.company, created=True, proximity=round(proximity, 6),
                              rm=Ref(id=rm_id, name=names.get(rm_id, rm_id)) if rm_id else None,
                              open_leads_before=before, explanation=text))
    store.write_nodes("Lead", rows)
    return out


def _row(lid: str, lead: KeyPersonLead, rm_id: str | None, reason: str, user: str) -> NodeRow:
    now = _now()
    history = [{"at": now, "stage": "new", "note": f"assigned: {reason}", "user": user}]
    props = {
        "party_id": lead.company.id, "rm_id": rm_id, "stage": "new", "origin": "key_person", "score": lead.score,
        "value": lead.value, "reason": reason, "history": json.dumps(history, ensure_ascii=False),
        "created_at": now, "updated_at": now, "source": "kith",
    }
    clean = {k: v for k, v in props.items() if v is not None}
    return NodeRow(id=lid, props=clean, checksum=content_checksum(clean))


def record(node: Node) -> LeadRecord:
    props = node.props
    score = props.get("score")
    return LeadRecord(
        id=node.id, party_id=str(props["party_id"]), rm_id=props.get("rm_id"), stage=str(props.get("stage", "new")),
        score=float(score) if isinstance(score, int | float) else None, reason=props.get("reason"),
        history=json.loads(str(props.get("history") or "[]")),
    )


def leads_of(store: GraphStore, rm_id: str, open_only: bool = True) -> list[LeadRecord]:
    nodes = store.find_nodes("Lead", "rm_id", [rm_id])
    chosen = [n for n in nodes if not open_only or n.props.get("stage") in OPEN_STAGES]
    return [record(n) for n in sorted(chosen, key=lambda n: (-float(n.props.get("score") or 0), n.id))]


def update_lead(store: GraphStore, lid: str, stage: str, note: str, user: str) -> LeadRecord:
    """Move a lead to a stage, adding a line of contact history."""
    if stage not in STAGES:
        raise InvalidRequestError(f"stage must be one of {', '.join(STAGES)}")
    found = store.get_nodes([lid])
    if not found or found[0].type != "Lead":
        raise NotFoundError(f"no lead {lid!r}")
    props = dict(found[0].props)
    if props.get("stage") in ("won", "lost"):
        raise ConflictError(f"lead {lid!r} is already {props['stage']}")
    now = _now()
    history = json.loads(str(props.get("history") or "[]"))
    history.append({"at": now, "stage": stage, "note": note, "user": user})
    props.update(stage=stage, updated_at=now, history=json.dumps(history, ensure_ascii=False))
    store.write_nodes("Lead", [NodeRow(id=lid, props=props, checksum=content_checksum(props))])
    return record(Node(id=lid, type="Lead", props=props))
