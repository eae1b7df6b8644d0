"""Party search and party 360, composed from the store contract and the views facts
(no Cypher here): profile, roles, groups, RMs, facilities and referral history."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from graph.errors import InvalidRequestError, NotFoundError
from graph.normalise import fold
from graph.schema import load_schema
from graph.store import GraphStore, Node
from queries.links import KEY_ROLES
from queries.roles import roles_from, views_of

PARTY_TYPES = ("Person", "Company")
HIDDEN_PROPS = frozenset({"name_folded"})


class Ref(BaseModel):
    id: str = Field(examples=["G-0001"])
    name: str = Field(examples=["Sông Hồng Group"])


class PartyHit(BaseModel):
    id: str = Field(examples=["P-000123"])
    type: str = Field(examples=["Company"])
    name: str = Field(examples=["Công ty TNHH Sông Hồng"])
    status: str | None = Field(default=None, examples=["customer"])
    country: str | None = Field(default=None, examples=["VN"])


class SearchResult(BaseModel):
    query: str = Field(examples=["nguyen"])
    folded: str = Field(description="The query as searched: lower case, diacritics removed.", examples=["nguyen"])
    hits: list[PartyHit]


class FacilityOut(BaseModel):
    id: str = Field(examples=["F-000042"])
    facility_type: str | None = Field(default=None, examples=["term_loan"])
    currency: str | None = Field(default=None, examples=["VND"])
    limit_amount: float | None = Field(default=None, description="Masked for roles without exposure figures.")
    drawn_amount: float | None = Field(default=None, description="Masked for roles without exposure figures.")
    valid_from: str | None = None
    valid_to: str | None = None


class ReferralOut(BaseModel):
    referrer: Ref
    date: str | None = Field(default=None, examples=["2025-03-01"])
    channel: str | None = Field(default=None, examples=["referrer"])
    outcome: str | None = Field(default=None, examples=["converted"])
    outcome_date: str | None = None
    value: float | None = None


class Party360(BaseModel):
    id: str = Field(examples=["P-000123"])
    type: str = Field(examples=["Person"])
    name: str = Field(examples=["Nguyễn Văn An"])
    status: str | None = Field(default=None, examples=["customer"])
    profile: dict[str, Any] = Field(description="Schema properties; sensitive ones only for roles that may see them.",
                                    examples=[{"country": "VN", "segment": "sme"}])
    roles: list[str] = Field(examples=[["customer", "key person"]])
    groups: list[Ref]
    rms: list[Ref]
    facilities: list[FacilityOut]
    referrals: list[ReferralOut]


def search_parties(store: GraphStore, q: str, limit: int) -> SearchResult:
    folded = fold(q)
    if not folded:
        raise InvalidRequestError("the search text has no letters or digits")
    hits = [
        PartyHit(id=n.id, type=n.type, name=str(n.props.get("name", n.id)), status=n.props.get("status"),
                 country=n.props.get("country"))
        for n in store.search(folded, ["Party"], limit)
    ]
    return SearchResult(query=q, folded=folded, hits=hits)


def get_party_node(store: GraphStore, party_id: str) -> Node:
    found = store.get_nodes([party_id])
    if not found or found[0].type not in load_schema().concrete("Party"):
        raise NotFoundError(f"no party {party_id!r}")
    return found[0]


def party_360(store: GraphStore, party_id: str, as_of: str | None = None) -> Party360:
    node = get_party_node(store, party_id)
    facts = views_of(store).view_annotate([party_id], as_of, KEY_ROLES)[party_id]
    return Party360(
        id=node.id, type=node.type, name=str(node.props.get("name", node.id)), status=node.props.get("status"),
        profile={k: v for k, v in node.props.items() if k not in HIDDEN_PROPS},
        roles=list(roles_from(facts)),
        groups=[Ref(id=g, name=n) for g, n in facts["groups"]],
        rms=[Ref(id=r, name=n) for r, n in facts["rms"]],
        facilities=_facilities(store, party_id, as_of), referrals=_referrals(store, party_id, as_of),
    )


def _facilities(store: GraphStore, party_id: str, as_of: str | None) -> list[FacilityOut]:
    ids = [x.target for x in store.links_of([party_id], ["BORROWS"], "out", as_of)]
    out = []
    for f in store.get_nodes(ids):
        p = f.props
        out.append(FacilityOut(
            id=f.id, facility_type=p.get("facility_type"), currency=p.get("currency"),
            limit_amount=p.get("limit_amount"), drawn_amount=p.get("drawn_amount"),
            valid_from=p.get("valid_from"), valid_to=p.get("valid_to"),
        ))
    return out


def _referrals(store: GraphStore, party_id: str, as_of: str | None) -> list[ReferralOut]:
    links = store.links_of([party_id], ["REFERRED"], "in", as_of)
    names = {n.id: str(n.props.get("name", n.id)) for n in store.get_nodes([x.source for x in links])}
    rows = [
        ReferralOut(referrer=Ref(id=x.source, name=names.get(x.source, x.source)), date=x.props.get("date"),
                    channel=x.props.get("channel"), outcome=x.props.get("outcome"),
                    outcome_date=x.props.get("outcome_date"), value=x.props.get("value"))
        for x in links
    ]
    return sorted(rows, key=lambda r: (r.date or "", r.referrer.id))
