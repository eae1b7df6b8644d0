"""Store side of connected-party views and introduction paths (issue 5), on Neo4j.

The same two reads as graph/embedded/views.py, one query each: the ranking, the cap
and the "+N more" count happen in the database, so a hub's thousands of links never
cross the wire. Every value is a parameter; the strength rule arrives as two maps:
strength = weights[type:qualifier] or weights[type] or default, + slopes[type] x share_pct/100.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graph.neo4j import cypher
from graph.schema import Schema
from graph.store import Link, Node, clean_props

Expansion = tuple[int, list[tuple[str, float, list[Link]]]]
_ENDPOINT_LABELS = ("Party", "RelationshipManager", "Referrer")
_LINK_MAP = "{id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id, props: properties(r)}"
_STRENGTH = (
    "coalesce($weights[type(r) + ':' + coalesce(r.role, r.kind, '')], $weights[type(r)], $default)"
    " + coalesce($slopes[type(r)], 0.0) * coalesce(r.share_pct, 0.0) / 100.0"
)

VIEW_EXPAND = "\n".join([
    cypher.nodes_by_ids(_ENDPOINT_LABELS),
    "MATCH (n)-[r]-(m)",
    f"WHERE type(r) IN $types AND {cypher.valid_on('r')} AND m <> n AND NOT m.id IN $exclude",
    "  AND ($hub_limit IS NULL OR COUNT { (m)-[h]->() WHERE type(h) IN $hub_types } < $hub_limit)",
    f"WITH n, m, r, {_STRENGTH} AS raw",
    "WITH n, m, r, round(CASE WHEN raw > 1.0 THEN 1.0 ELSE raw END, 6) AS s",
    "WITH n, m, max(s) AS strength, collect(r) AS rels",
    "ORDER BY n.id, strength DESC, m.id",
    "WITH n, collect({id: m.id, s: strength, rels: rels}) AS ranked",
    "RETURN n.id AS id, size(ranked) AS total,",
    f"  [x IN ranked[0..$cap] | {{id: x.id, s: x.s, links: [r IN x.rels | {_LINK_MAP}]}}] AS shown",
])

VIEW_REFERRERS = "MATCH (ref:Referrer) WHERE ref.party_id IN $ids RETURN ref.party_id AS party, ref.id AS id"

VIEW_ANNOTATE = "\n".join([
    cypher.nodes_by_ids(_ENDPOINT_LABELS),
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,",
    f"  [(n)-[r:MEMBER_OF]->(g) WHERE {cypher.valid_on('r')} | [g.id, coalesce(g.name, g.id)]] AS groups,",
    f"  [(rm)-[r:MANAGES]->(n) WHERE {cypher.valid_on('r')} | [rm.id, coalesce(rm.name, rm.id)]] AS rms,",
    f"  COUNT {{ (n)-[r]->(c:Company) WHERE type(r) IN $key_types AND {cypher.valid_on('r')}",
    "          AND c.status = 'customer' } AS key_person_of",
])


class Neo4jViews:
    schema: Schema

    _read: Callable[..., list[Any]]  # Neo4jCore's

    def view_expand(
        self, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
        exclude: Sequence[str], weights: Mapping[str, float], slopes: Mapping[str, float],
        default_weight: float, hub_types: Sequence[str] = (), hub_limit: int | None = None,
    ) -> dict[str, Expansion]:
        for name in [*types, *hub_types]:
            self.schema.relationship(name)
        if not ids or not types:
            return {}
        records = self._read(
            VIEW_EXPAND, ids=list(dict.fromkeys(ids)), types=list(types), as_of=as_of, cap=cap,
            exclude=list(exclude), weights=dict(weights), slopes=dict(slopes), default=default_weight,
            hub_types=list(hub_types), hub_limit=hub_limit,
        )
        out: dict[str, Expansion] = {}
        for record in records:
            shown = [
                (x["id"], float(x["s"]), sorted((_link(r) for r in x["links"]), key=lambda link: link.id))
                for x in record["shown"]
            ]
            out[record["id"]] = (int(record["total"]), shown)
        return out

    def view_annotate(
        self, ids: Sequence[str], as_of: str | None, key_types: Sequence[str],
    ) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        wanted = list(dict.fromkeys(ids))
        referrers: dict[str, list[str]] = {}
        for record in self._read(VIEW_REFERRERS, ids=wanted):
            referrers.setdefault(record["party"], []).append(record["id"])
        out: dict[str, dict[str, Any]] = {}
        for record in self._read(VIEW_ANNOTATE, ids=wanted, as_of=as_of, key_types=list(key_types)):
            node = self._view_node(record["labels"], record["props"])
            out[node.id] = {
                "node": node,
                "groups": sorted((str(g), str(n)) for g, n in record["groups"]),
                "rms": sorted((str(r), str(n)) for r, n in record["rms"]),
                "key_person_of": int(record["key_person_of"]),
                "referrer_ids": sorted(referrers.get(node.id, [])),
            }
        return {i: out[i] for i in wanted if i in out}

    def _view_node(self, labels: Sequence[str], props: Mapping[str, Any]) -> Node:
        known = [label for label in labels if label in self.schema.nodes]
        type_name = max(known, key=lambda label: len(self.schema.nodes[label].labels))
        return Node(id=str(props["id"]), type=type_name, props=clean_props(props))


def _link(raw: Mapping[str, Any]) -> Link:
    return Link(id=raw["id"], type=raw["type"], source=raw["source"], target=raw["target"],
                props=clean_props(raw["props"]))
