"""Connected-party views: the neighbourhood around a party, and an RM's portfolio.

Around a party, each expansion shows at most `cap` neighbours (strongest link first,
then id, so the cut is the same on every store and every run) and counts the rest
("+N more"), so a hub never floods the view. Each node carries its roles for this
bank, its groups and its RMs. RMs and referrers appear where a party links to them but
are not walked through (a shared RM is not a connection), unless they are the centre.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from graph.errors import InvalidRequestError, NotFoundError
from graph.schema import load_schema
from graph.store import GraphStore, Link, Node
from queries.links import HUB_DEGREE, KEY_ROLES, RULE, VIEW_TYPES, phrase, strength_of
from queries.roles import Expansion, roles_from, views_of

MAX_DEPTH = 3
# RMs and referrers are shown where a party links to them, but a view does not walk on
# through them: sharing an RM or a referrer is not a connection between parties.
BANK_SIDE = frozenset({"RelationshipManager", "Referrer"})
DEFAULT_CAP = 20
PORTFOLIO_TYPES: tuple[str, ...] = (*KEY_ROLES, "CONTROLS", "FAMILY", "GUARANTEES", "SUPPLIES")


class Ref(BaseModel):
    id: str
    name: str


class ViewNode(BaseModel):
    id: str
    type: str
    name: str
    depth: int = Field(description="Hops from the centre of the view.")
    status: str | None = None
    roles: list[str] = Field(description="customer, prospect, key person, referrer, RM.")
    groups: list[Ref] = Field(default_factory=list)
    rms: list[Ref] = Field(default_factory=list)
    more: int | None = Field(default=None, description="Neighbours not shown (+N more); None when not expanded.")


class ViewLink(BaseModel):
    id: str
    type: str
    source: str
    target: str
    label: str
    strength: float


class ConnectedView(BaseModel):
    center: str
    depth: int
    as_of: str | None
    types: list[str]
    cap: int
    nodes: list[ViewNode]
    links: list[ViewLink]


class PortfolioConnection(BaseModel):
    customer: Ref
    other: Ref
    other_rms: list[Ref]
    other_rm: bool = Field(description="True when the other customer belongs to another RM.")
    via: list[Ref] = Field(description="Parties between the two customers (empty for a direct link).")
    links: list[ViewLink]
    strength: float


class PortfolioView(BaseModel):
    rm: Ref
    as_of: str | None
    customers: list[ViewNode]
    connections: list[PortfolioConnection]


def _check_types(types: Sequence[str] | None, default: Sequence[str]) -> list[str]:
    chosen = list(types) if types else list(default)
    unknown = [t for t in chosen if t not in load_schema().relationships]
    if unknown:
        raise InvalidRequestError(f"unknown relationship types: {', '.join(sorted(unknown))}")
    return chosen


def view_link(link: Link) -> ViewLink:
    return ViewLink(id=link.id, type=link.type, source=link.source, target=link.target,
                    label=phrase(link), strength=strength_of(link))


Facts = dict[str, Any]


def step(store: GraphStore, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
         exclude: Sequence[str] = (), hub_limit: int | None = None, with_self: bool = False,
         only_anchors: bool = False) -> tuple[dict[str, Expansion], dict[str, Facts]]:
    """One capped expansion with the view facts of the neighbours shown: one query on Neo4j."""
    return views_of(store).view_step(
        ids, types, as_of, cap, exclude, RULE.base, RULE.slope, RULE.default, KEY_ROLES,
        hub_types=KEY_ROLES, hub_limit=hub_limit, with_self=with_self, only_anchors=only_anchors,
    )


def _node(facts: dict[str, Any], depth: int, more: int | None) -> ViewNode:
    node = facts["node"]
    return ViewNode(
        id=node.id, type=node.type, name=str(node.props.get("name", node.id)), depth=depth,
        status=node.props.get("status"), roles=list(roles_from(facts)),
        groups=[Ref(id=g, name=n) for g, n in facts["groups"]],
        rms=[Ref(id=r, name=n) for r, n in facts["rms"]], more=more,
    )


def connected_view(
    store: GraphStore, party_id: str, depth: int = 2, types: Sequence[str] | None = None,
    as_of: str | None = None, cap: int = DEFAULT_CAP,
) -> ConnectedView:
    """The neighbourhood of a party to `depth` hops (1..3), at most `cap` new neighbours per expansion."""
    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidRequestError(f"depth must be between 1 and {MAX_DEPTH}")
    if cap < 1:
        raise InvalidRequestError("cap must be at least 1")
    chosen = _check_types(types, VIEW_TYPES)
    depth_of: dict[str, int] = {party_id: 0}
    more: dict[str, int] = {}
    links: dict[str, Link] = {}
    facts: dict[str, Facts] = {}
    frontier = [party_id]
    for level in range(1, depth + 1):
        found, known = step(store, frontier, chosen, as_of, cap, exclude=list(depth_of), with_self=level == 1)
        if level == 1 and party_id not in known:
            raise NotFoundError(f"no party {party_id!r}")
        facts.update(known)
        nxt: list[str] = []
        for node_id in frontier:
            total, shown = found.get(node_id, (0, []))
            more[node_id] = total - len(shown)
            for neighbour, _, via in shown:
                links.update((x.id, x) for x in via)
                if neighbour not in depth_of:
                    depth_of[neighbour] = level
                    nxt.append(neighbour)
        frontier = [n for n in nxt if facts.get(n, {}).get("node", _NONE).type not in BANK_SIDE]
        if not frontier:
            break
    nodes = [_node(facts[n], d, more.get(n)) for n, d in depth_of.items() if n in facts]
    return ConnectedView(
        center=party_id, depth=depth, as_of=as_of, types=chosen, cap=cap, nodes=nodes,
        links=[view_link(x) for x in sorted(links.values(), key=lambda x: x.id)],
    )


def portfolio_view(store: GraphStore, rm_id: str, as_of: str | None = None,
                   types: Sequence[str] | None = None, cap: int = 50) -> PortfolioView:
    """An RM's customers, and what links them to each other and to other RMs' customers
    (directly or through one party that is not a hub)."""
    rm_nodes = store.get_nodes([rm_id])
    if not rm_nodes or rm_nodes[0].type != "RelationshipManager":
        raise NotFoundError(f"no relationship manager {rm_id!r}")
    chosen = _check_types(types, PORTFOLIO_TYPES)
    mine = sorted({x.target for x in store.links_of([rm_id], ["MANAGES"], "out", as_of)})
    first, facts = step(store, mine, chosen, as_of, cap, hub_limit=HUB_DEGREE, with_self=True)
    middle = sorted({n for _, shown in first.values() for n, _, _ in shown} - set(mine))
    second, more_facts = step(store, middle, chosen, as_of, cap, hub_limit=HUB_DEGREE) if middle else ({}, {})
    facts.update(more_facts)
    connections = _connections(mine, first, second, facts)
    return PortfolioView(
        rm=Ref(id=rm_id, name=str(rm_nodes[0].props.get("name", rm_id))), as_of=as_of,
        customers=[_node(facts[c], 0, None) for c in mine if c in facts], connections=connections,
    )


_NONE = Node(id="", type="", props={})


def _is_customer(facts: dict[str, dict[str, Any]], node_id: str) -> bool:
    found = facts.get(node_id)
    return found is not None and found["node"].props.get("status") == "customer"


def _connections(mine: list[str], first: dict[str, Expansion], second: dict[str, Expansion],
                 facts: dict[str, dict[str, Any]]) -> list[PortfolioConnection]:
    best: dict[tuple[str, str], PortfolioConnection] = {}

    def offer(customer: str, other: str, via: list[str], chain: list[Link], strength: float) -> None:
        key = (min(customer, other), max(customer, other)) if other in mine else (customer, other)
        if other == customer or not _is_customer(facts, other):
            return
        if key in best and best[key].strength >= strength:
            return
        other_rms = [Ref(id=r, name=n) for r, n in facts[other]["rms"]]
        best[key] = PortfolioConnection(
            customer=_ref(facts, customer), other=_ref(facts, other), other_rms=other_rms,
            other_rm=other not in mine, via=[_ref(facts, v) for v in via],
            links=[view_link(x) for x in chain], strength=round(strength, 6),
        )

    for customer in mine:
        for neighbour, s1, l1 in first.get(customer, (0, []))[1]:
            offer(customer, neighbour, [], [_strongest(l1)], s1)
            for far, s2, l2 in second.get(neighbour, (0, []))[1]:
                offer(customer, far, [neighbour], [_strongest(l1), _strongest(l2)], s1 * s2)
    return sorted(best.values(), key=lambda c: (-c.strength, c.customer.id, c.other.id))


def _ref(facts: dict[str, dict[str, Any]], node_id: str) -> Ref:
    return Ref(id=node_id, name=str(facts[node_id]["node"].props.get("name", node_id)))


def _strongest(links: list[Link]) -> Link:
    return max(links, key=lambda x: (strength_of(x), x.id))
