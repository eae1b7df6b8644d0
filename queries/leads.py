"""Key-person leads: companies one key person away from a customer.

A key person (director, owner, legal representative, officer) of a customer who also
holds a key role in a company that is not a customer makes that company a lead. Leads
rank by value (annual revenue, else a figure per size band) x path strength
(customer link x company link, queries/links.py). Never a lead:
- a party marked do-not-contact, or whose marketing consent is false (or missing,
  when the profile requires consent);
- a party already owned by an RM (MANAGES) or in an open lead of another RM
  (the duplicate-marketing guard);
- a path through a hub (key roles in HUB_DEGREE or more companies: a nominee director).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from graph.store import GraphStore, Link, Node
from queries.links import HUB_DEGREE, KEY_ROLES, phrase, strength_of
from queries.views import Ref

SIZE_VALUE: dict[str, float] = {"micro": 500_000.0, "small": 5_000_000.0, "medium": 50_000_000.0,
                                "large": 500_000_000.0}
DEFAULT_VALUE = SIZE_VALUE["small"]
OPEN_STAGES = ("new", "contacted", "qualified")
CHUNK = 2_000


class LeadPath(BaseModel):
    customer: Ref
    key_person: Ref
    rms: list[Ref]
    strength: float
    text: str


class KeyPersonLead(BaseModel):
    company: Ref
    industry: str | None = None
    region: str | None = None
    segment: str | None = None
    size_band: str | None = None
    value: float
    strength: float
    score: float
    paths: list[LeadPath]


def contactable(props: Mapping[str, Any], require_consent: bool = False) -> bool:
    """The consent rule, written once: leads and marketing exports both obey it."""
    if props.get("do_not_contact") is True:
        return False
    consent = props.get("marketing_consent")
    return consent is True if require_consent else consent is not False


def lead_value(props: Mapping[str, Any]) -> float:
    revenue = props.get("annual_revenue")
    if isinstance(revenue, int | float) and revenue > 0:
        return float(revenue)
    return SIZE_VALUE.get(str(props.get("size_band")), DEFAULT_VALUE)


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _links(store: GraphStore, ids: Sequence[str], types: Sequence[str], direction: str,
           as_of: str | None) -> list[Link]:
    out: list[Link] = []
    for part in _chunks(list(ids)):
        out.extend(store.links_of(part, types, direction, as_of))  # type: ignore[arg-type]
    return out


def _nodes(store: GraphStore, ids: Iterable[str]) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for part in _chunks(sorted(set(ids))):
        out.update((n.id, n) for n in store.get_nodes(part))
    return out


def taken(store: GraphStore, ids: Sequence[str], as_of: str | None, for_rm: str | None = None) -> dict[str, str]:
    """The duplicate-marketing guard: party -> the RM who already owns it or holds an open
    lead on it (parties owned by `for_rm` itself are not reported)."""
    owner: dict[str, str] = {}
    for link in _links(store, ids, ["MANAGES"], "in", as_of):
        owner.setdefault(link.target, link.source)
    for part in _chunks(list(ids)):
        for lead in store.find_nodes("Lead", "party_id", list(part)):
            if lead.props.get("stage") in OPEN_STAGES:
                owner.setdefault(str(lead.props["party_id"]), str(lead.props.get("rm_id") or "unassigned"))
    return {k: v for k, v in owner.items() if v != for_rm}


def _customer_side(store: GraphStore, as_of: str | None) -> tuple[dict[str, Node], list[Link], dict[str, list[str]]]:
    customers = {n.id: n for n in store.find_nodes("Party", "status", ["customer"])}
    inbound = [x for x in _links(store, sorted(customers), KEY_ROLES, "in", as_of) if x.target in customers]
    rms: dict[str, list[str]] = {}
    for link in _links(store, sorted(customers), ["MANAGES"], "in", as_of):
        rms.setdefault(link.target, []).append(link.source)
    return customers, inbound, rms


def _candidates(store: GraphStore, people: Sequence[str], customers: Mapping[str, Node],
                as_of: str | None) -> dict[str, list[Link]]:
    """Key person -> their key-role links into non-customer companies (hubs dropped)."""
    outbound: dict[str, list[Link]] = {}
    for link in _links(store, people, KEY_ROLES, "out", as_of):
        if link.source in people:
            outbound.setdefault(link.source, []).append(link)
    return {
        person: [x for x in links if x.target not in customers]
        for person, links in outbound.items() if len({x.target for x in links}) < HUB_DEGREE
    }


def key_person_leads(
    store: GraphStore, as_of: str | None = None, industry: str | None = None, region: str | None = None,
    segment: str | None = None, for_rm: str | None = None, require_consent: bool = False,
    limit: int | None = None,
) -> list[KeyPersonLead]:
    """Leads one key person away from a customer, best first (score = value x strength)."""
    customers, inbound, rms = _customer_side(store, as_of)
    people = sorted({x.source for x in inbound})
    outbound = _candidates(store, people, customers, as_of)
    targets = sorted({x.target for links in outbound.values() for x in links})
    nodes = _nodes(store, [*targets, *people, *{r for rs in rms.values() for r in rs}])
    wanted = {"industry": industry, "region": region, "segment": segment}
    keep = {
        t for t in targets
        if t in nodes and nodes[t].type == "Company" and contactable(nodes[t].props, require_consent)
        and all(v is None or nodes[t].props.get(k) == v for k, v in wanted.items())
    }
    keep -= set(taken(store, sorted(keep), as_of, for_rm))
    paths: dict[str, dict[tuple[str, str], LeadPath]] = {}
    for first in inbound:
        for second in outbound.get(first.source, []):
            if second.target not in keep:
                continue
            path = _path(first, second, customers, nodes, rms)
            best = paths.setdefault(second.target, {})
            key = (path.customer.id, path.key_person.id)  # one path per customer and key person: the strongest
            if key not in best or (-path.strength, path.text) < (-best[key].strength, best[key].text):
                best[key] = path
    leads = [_lead(nodes[t], list(ps.values())) for t, ps in paths.items()]
    leads.sort(key=lambda x: (-x.score, x.company.id))
    return leads[:limit] if limit is not None else leads


def _name(nodes: Mapping[str, Node], node_id: str) -> str:
    node = nodes.get(node_id)
    return str(node.props.get("name", node_id)) if node else node_id


def _path(first: Link, second: Link, customers: Mapping[str, Node], nodes: Mapping[str, Node],
          rms: Mapping[str, list[str]]) -> LeadPath:
    person, customer, company = first.source, first.target, second.target
    who = _name(nodes, person)
    text = (f"{who} {phrase(first)} {customers[customer].props.get('name', customer)} (customer) "
            f"and {phrase(second)} {_name(nodes, company)}")
    return LeadPath(
        customer=Ref(id=customer, name=str(customers[customer].props.get("name", customer))),
        key_person=Ref(id=person, name=who),
        rms=[Ref(id=r, name=_name(nodes, r)) for r in sorted(rms.get(customer, []))],
        strength=round(strength_of(first) * strength_of(second), 6), text=text,
    )


def _lead(company: Node, paths: list[LeadPath]) -> KeyPersonLead:
    paths.sort(key=lambda p: (-p.strength, p.customer.id, p.key_person.id))
    value = lead_value(company.props)
    strength = paths[0].strength
    props = company.props
    return KeyPersonLead(
        company=Ref(id=company.id, name=str(props.get("name", company.id))), industry=props.get("industry"),
        region=props.get("region"), segment=props.get("segment"), size_band=props.get("size_band"),
        value=value, strength=strength, score=round(value * strength, 2), paths=paths,
    )


def marketing_export(store: GraphStore, as_of: str | None = None, require_consent: bool = False,
                     **filters: str | None) -> list[dict[str, Any]]:
    """Rows for a marketing list: the leads, consent checked again on the stored party."""
    leads = key_person_leads(store, as_of, require_consent=require_consent, **filters)  # type: ignore[arg-type]
    nodes = _nodes(store, [lead.company.id for lead in leads])
    return [
        {"party_id": lead.company.id, "name": lead.company.name, "industry": lead.industry, "region": lead.region,
         "segment": lead.segment, "value": lead.value, "score": lead.score, "via": lead.paths[0].text}
        for lead in leads if contactable(nodes[lead.company.id].props, require_consent)
    ]
