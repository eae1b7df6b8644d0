"""Group detail (members and the reason of each membership) from the store contract,
and group exposure rows for tables and exports (figures from queries.risk)."""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel, Field

from graph.errors import NotFoundError
from graph.store import GraphStore
from queries.risk.exposure import GroupExposure

EXPORT_COLUMNS = (
    "party_id", "party_name", "rule", "reason", "facility_id", "facility_type", "currency", "limit_amount",
    "drawn_amount", "ccf", "exposure", "rate", "rate_date", "exposure_reporting",
)


class Member(BaseModel):
    id: str = Field(examples=["P-000123"])
    name: str = Field(examples=["Công ty TNHH Sông Hồng"])
    type: str = Field(examples=["Company"])
    rule: str | None = Field(default=None, examples=["control"])
    reason: str | None = Field(default=None, examples=["P-000001 owns 60% of P-000123"])


class GroupOut(BaseModel):
    id: str = Field(examples=["grp-basel-P-000001"])
    name: str = Field(examples=["Sông Hồng (basel group)"])
    kind: str | None = Field(default=None, examples=["derived"])
    profile: str | None = None
    as_of: str | None = None
    anchor_id: str | None = None
    exposure: float | None = Field(default=None, description="Stored total; masked without exposure rights.")
    exposure_currency: str | None = None
    members: list[Member]


def group_detail(store: GraphStore, group_id: str, as_of: str | None = None) -> GroupOut:
    found = [n for n in store.get_nodes([group_id]) if n.type == "Group"]
    if not found:
        raise NotFoundError(f"no group {group_id!r}")
    links = store.links_of([group_id], ["MEMBER_OF"], "in", as_of)
    nodes = {n.id: n for n in store.get_nodes([x.source for x in links])}
    members = [
        Member(id=x.source, name=str(nodes[x.source].props.get("name", x.source)), type=nodes[x.source].type,
               rule=x.props.get("rule"), reason=x.props.get("reason"))
        for x in links if x.source in nodes
    ]
    p = found[0].props
    return GroupOut(
        id=group_id, name=str(p.get("name", group_id)), kind=p.get("kind"), profile=p.get("profile"),
        as_of=p.get("as_of"), anchor_id=p.get("anchor_id"), exposure=p.get("exposure"),
        exposure_currency=p.get("exposure_currency"), members=sorted(members, key=lambda m: (m.name, m.id)),
    )


RENAMED = {"total": "total_exposure", "share_pct": "pct_of_capital"}


def exposure_dict(found: GroupExposure) -> dict[str, Any]:
    """The assessment as JSON; figures renamed so masking by name cannot miss them
    (share_pct here is a share of capital, not an ownership share)."""
    data = {RENAMED.get(k, k): v for k, v in dataclasses.asdict(found).items()}
    data["members"] = [{("exposure_total" if k == "total" else k): v for k, v in m.items()} for m in data["members"]]
    return data


def exposure_rows(found: GroupExposure, names: dict[str, str]) -> list[dict[str, Any]]:
    """One row per facility of each member (a member without facilities gets one row)."""
    rows: list[dict[str, Any]] = []
    for m in found.members:
        base = {"party_id": m.party_id, "party_name": names.get(m.party_id, m.party_id), "rule": m.rule,
                "reason": m.reason}
        if not m.facilities:
            rows.append(base)
        rows.extend({**base, **dataclasses.asdict(f)} for f in m.facilities)
    return rows


def names_of(store: GraphStore, ids: list[str]) -> dict[str, str]:
    return {n.id: str(n.props.get("name", n.id)) for n in store.get_nodes(ids)}
