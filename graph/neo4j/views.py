"""Store side of connected-party views and introduction paths (issue 5), on Neo4j.

The same two reads as graph/embedded/views.py, one query each: the ranking, the cap
and the "+N more" count happen in the database, so a hub's thousands of links never
cross the wire. Every value is a parameter; the strength rule arrives as two maps:
strength = weights[type:qualifier] or weights[type] or default, + slopes[type] x share_pct/100.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from graph.neo4j import cypher
from graph.schema import Schema
from graph.store import Link, Node, clean_props

Expansion = tuple[int, list[tuple[str, float, list[Link]]]]
Facts = dict[str, Any]
_ENDPOINT_LABELS = ("Party", "RelationshipManager", "Referrer")
# A link as views and paths read it: the properties that weigh and phrase it, and its dates.
_LINK_MAP = ("{id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id,"
             " props: r {.share_pct, .role, .kind, .title, .date, .channel, .outcome, .valid_from, .valid_to}}")
_STRENGTH = (
    "coalesce($weights[type(r) + ':' + coalesce(r.role, r.kind, '')], $weights[type(r)], $default)"
    " + coalesce($slopes[type(r)], 0.0) * coalesce(r.share_pct, 0.0) / 100.0"
)


def _facts(v: str, key_types: Sequence[str]) -> str:
    """A map of what a view shows about node `v`: labels, name and status (VIEW_PROPS), groups,
    RMs, whether it holds a key role in a customer company, and the referrers that are this party."""
    key = cypher.rel_types(key_types)
    return (
        f"{{labels: labels({v}), props: {v} {{.id, .name, .status}},"
        f" groups: [({v})-[g:MEMBER_OF]->(grp) WHERE {cypher.valid_on('g')} | [grp.id, coalesce(grp.name, grp.id)]],"
        f" rms: [(rm:RelationshipManager)-[k:MANAGES]->({v}) WHERE {cypher.valid_on('k')}"
        " | [rm.id, coalesce(rm.name, rm.id)]],"
        f" key: EXISTS {{ ({v})-[q{key}]->(c:Company) WHERE {cypher.valid_on('q')} AND c.status = 'customer' }},"
        f" referrers: COLLECT {{ MATCH (ref:Referrer) WHERE ref.party_id = {v}.id RETURN ref.id }}}}"
    )


@cache
def view_step_query(types: tuple[str, ...], key_types: tuple[str, ...], hub_types: tuple[str, ...] | None) -> str:
    """The one-hop query for these link types (schema names, checked by cypher.rel_types):
    typed patterns let Neo4j walk only those relationship chains of dense nodes."""
    hub_rule = f"  AND COUNT {{ (m)-[{cypher.rel_types(hub_types)}]->() }} < $hub_limit" if hub_types else ""
    anchors = "  AND (NOT $only_anchors OR m.status = 'customer' OR m:Referrer)"
    return "\n".join([
        cypher.nodes_by_ids(_ENDPOINT_LABELS),
        "CALL (n) {",
        f"  MATCH (n)-[r{cypher.rel_types(types)}]-(m)",
        f"  WHERE {cypher.valid_on('r')} AND m <> n AND NOT m.id IN $exclude",
        anchors,
        hub_rule,
        f"  WITH m, r, {_STRENGTH} AS raw",
        "  WITH m, r, round(CASE WHEN raw > 1.0 THEN 1.0 ELSE raw END, 6) AS s",
        "  WITH m, max(s) AS strength, collect(r) AS rels",
        "  ORDER BY strength DESC, m.id",
        "  WITH collect({node: m, s: strength, rels: rels}) AS ranked",
        "  RETURN size(ranked) AS total, ranked[0..$cap] AS shown",
        "}",
        f"WITH n, total, shown, CASE WHEN $with_self THEN {_facts('n', key_types)} END AS self",
        "UNWIND CASE WHEN size(shown) = 0 THEN [null] ELSE shown END AS x",
        "WITH n, total, self, x, x.node AS m",
        "RETURN n.id AS id, total, self, m.id AS mid, x.s AS s,",
        f"  [r IN coalesce(x.rels, []) | {_LINK_MAP}] AS links,",
        f"  CASE WHEN m IS NULL THEN null ELSE {_facts('m', key_types)} END AS facts",
    ])


@cache
def view_annotate_query(key_types: tuple[str, ...]) -> str:
    return "\n".join([cypher.nodes_by_ids(_ENDPOINT_LABELS), f"RETURN {_facts('n', key_types)} AS facts"])


class Neo4jViews:
    schema: Schema
    _read: Callable[..., list[Any]]  # Neo4jCore's

    def view_step(
        self, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
        exclude: Sequence[str], weights: Mapping[str, float], slopes: Mapping[str, float],
        default_weight: float, key_types: Sequence[str], hub_types: Sequence[str] = (),
        hub_limit: int | None = None, with_self: bool = False, only_anchors: bool = False,
    ) -> tuple[dict[str, Expansion], dict[str, Facts]]:
        """One capped expansion of each node, with the view facts of every neighbour shown
        (and of the nodes themselves when with_self), in one query. only_anchors keeps
        the neighbours that are customers or referrers (the last hop of a path search)."""
        for name in [*types, *hub_types, *key_types]:
            self.schema.relationship(name)
        if not ids or not types:
            return {}, {}
        hubs = tuple(hub_types) if hub_limit is not None and hub_types else None
        query = view_step_query(tuple(types), tuple(key_types), hubs)
        records = self._read(
            query, ids=list(dict.fromkeys(ids)), as_of=as_of, cap=cap, exclude=list(exclude),
            weights=dict(weights), slopes=dict(slopes), default=default_weight, hub_limit=hub_limit,
            with_self=with_self, only_anchors=only_anchors,
        )
        expansions: dict[str, Expansion] = {}
        facts: dict[str, Facts] = {}
        for record in records:
            _, shown = expansions.setdefault(record["id"], (int(record["total"]), []))
            if record["self"] is not None:
                facts[record["id"]] = self._facts(record["self"])
            if record["mid"] is None:
                continue
            links = sorted((_link(r) for r in record["links"]), key=lambda link: link.id)
            shown.append((record["mid"], float(record["s"]), links))
            facts[record["mid"]] = self._facts(record["facts"])
        return expansions, facts

    def view_expand(
        self, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
        exclude: Sequence[str], weights: Mapping[str, float], slopes: Mapping[str, float],
        default_weight: float, hub_types: Sequence[str] = (), hub_limit: int | None = None,
    ) -> dict[str, Expansion]:
        return self.view_step(ids, types, as_of, cap, exclude, weights, slopes, default_weight, (),
                              hub_types, hub_limit)[0]

    def view_annotate(
        self, ids: Sequence[str], as_of: str | None, key_types: Sequence[str],
    ) -> dict[str, Facts]:
        for name in key_types:
            self.schema.relationship(name)
        if not ids:
            return {}
        wanted = list(dict.fromkeys(ids))
        query = view_annotate_query(tuple(key_types))
        found = [self._facts(r["facts"]) for r in self._read(query, ids=wanted, as_of=as_of)]
        by_id = {f["node"].id: f for f in found}
        return {i: by_id[i] for i in wanted if i in by_id}

    def _facts(self, raw: Mapping[str, Any]) -> Facts:
        known = [label for label in raw["labels"] if label in self.schema.nodes]
        type_name = max(known, key=lambda label: len(self.schema.nodes[label].labels))
        props = raw["props"]
        return {
            "node": Node(id=str(props["id"]), type=type_name, props=clean_props(props)),
            "groups": sorted((str(g), str(n)) for g, n in raw["groups"]),
            "rms": sorted((str(r), str(n)) for r, n in raw["rms"]),
            "key_person_of": int(bool(raw["key"])),
            "referrer_ids": sorted(str(x) for x in raw["referrers"]),
        }


def _link(raw: Mapping[str, Any]) -> Link:
    return Link(id=raw["id"], type=raw["type"], source=raw["source"], target=raw["target"],
                props=clean_props(raw["props"]))


# -- benchmark yardsticks (bench/views.py) ------------------------------------------
# Degree of every party over some link types, for sampling parties by degree.
PARTY_DEGREES = "MATCH (p:Party) RETURN p.id AS id, COUNT { (p)-[r]-() WHERE type(r) IN $types } AS degree"


def naive_view(types: Sequence[str]) -> str:
    """The uncapped 2-hop neighbourhood a first version would write: every party within
    two hops, no cap, no ranking, no count of the rest."""
    return (f"MATCH (p:Party {{id: $id}})-[{cypher.rel_types(types)}*1..2]-(q) "
            "RETURN DISTINCT q.id AS id, labels(q) AS labels, properties(q) AS props")


def naive_paths(types: Sequence[str]) -> str:
    """Every path of up to three links from the prospect to a managed customer, and its RM:
    no hub rule, no per-hop cap; the ranking is left to the caller."""
    return (f"MATCH (p:Party {{id: $id}}) "
            f"MATCH path = (p)-[{cypher.rel_types(types)}*1..3]-(c:Party)<-[:MANAGES]-(rm:RelationshipManager) "
            "WHERE c.status = 'customer' "
            "RETURN [n IN nodes(path) | n.id] AS ids, [r IN relationships(path) | type(r)] AS types, rm.id AS rm")
