"""Store side of connected-party views and introduction paths (issue 5), embedded.

Two reads the views need fast on both stores:
- `view_expand`: for each of some nodes, its neighbours through some link types,
  ranked by link strength then id, at most `cap` of them, and how many there are;
- `view_annotate`: for some nodes, the facts a view shows (groups, RMs, whether the
  node holds a key role in a customer company, whether it is a referrer).
The strength rule comes in as parameters (queries/links.py owns it):
strength = weights[type:qualifier] or weights[type] or default, + slopes[type] x share_pct/100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from graph.store import Link, Node, valid_on

Expansion = tuple[int, list[tuple[str, float, list[Link]]]]  # (total, [(neighbour, strength, links)])
VIEW_PROPS = ("name", "status")  # the node properties view facts carry
LINK_PROPS = ("share_pct", "role", "kind", "title", "date", "channel", "outcome", "valid_from", "valid_to")


def rank_strength(link_type: str, props: Mapping[str, Any], weights: Mapping[str, float],
                  slopes: Mapping[str, float], default: float) -> float:
    qualifier = props.get("role") or props.get("kind") or ""
    base = weights.get(f"{link_type}:{qualifier}", weights.get(link_type, default))
    share = props.get("share_pct")
    extra = slopes.get(link_type, 0.0) * float(share) / 100 if isinstance(share, int | float) else 0.0
    return round(min(1.0, base + extra), 6)


def _slim(link: Link) -> Link:
    """The link with only the properties views and paths read (LINK_PROPS), as Neo4j returns it."""
    props = {k: link.props[k] for k in LINK_PROPS if link.props.get(k) is not None}
    return Link(id=link.id, type=link.type, source=link.source, target=link.target, props=props)


class EmbeddedViews:
    graph: nx.MultiDiGraph

    def _touching(self, node_id: str, types: set[str] | None, as_of: str | None) -> list[Link]:
        graph = self.graph
        edges = [*graph.out_edges(node_id, keys=True, data=True), *graph.in_edges(node_id, keys=True, data=True)]
        return [
            Link(id=k, type=a["type"], source=u, target=v, props=a["props"])
            for u, v, k, a in edges
            if (types is None or a["type"] in types) and valid_on(a["props"], as_of)
        ]

    def _anchor(self, node_id: str) -> bool:
        attrs = self.graph.nodes[node_id]
        return bool(attrs["type"] == "Referrer" or attrs["props"].get("status") == "customer")

    def _key_degree(self, node_id: str, hub_types: set[str]) -> int:
        return sum(1 for _, _, a in self.graph.out_edges(node_id, data=True) if a["type"] in hub_types)

    def view_expand(
        self, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
        exclude: Sequence[str], weights: Mapping[str, float], slopes: Mapping[str, float],
        default_weight: float, hub_types: Sequence[str] = (), hub_limit: int | None = None,
        only_anchors: bool = False,
    ) -> dict[str, Expansion]:
        wanted, skip, hubs = set(types), set(exclude), set(hub_types)
        out: dict[str, Expansion] = {}
        for node_id in dict.fromkeys(ids):
            if node_id not in self.graph:
                continue
            by_neighbour: dict[str, list[Link]] = {}
            for link in self._touching(node_id, wanted, as_of):
                other = link.target if link.source == node_id else link.source
                if other != node_id and other not in skip:
                    by_neighbour.setdefault(other, []).append(link)
            if only_anchors:
                by_neighbour = {n: ls for n, ls in by_neighbour.items() if self._anchor(n)}
            if hub_limit is not None:
                by_neighbour = {n: ls for n, ls in by_neighbour.items() if self._key_degree(n, hubs) < hub_limit}
            ranked = sorted(
                ((n, max(rank_strength(x.type, x.props, weights, slopes, default_weight) for x in ls),
                  [_slim(x) for x in sorted(ls, key=lambda x: x.id)])
                 for n, ls in by_neighbour.items()),
                key=lambda item: (-item[1], item[0]),
            )
            out[node_id] = (len(ranked), ranked[:cap])
        return out

    def view_step(
        self, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
        exclude: Sequence[str], weights: Mapping[str, float], slopes: Mapping[str, float],
        default_weight: float, key_types: Sequence[str], hub_types: Sequence[str] = (),
        hub_limit: int | None = None, with_self: bool = False, only_anchors: bool = False,
    ) -> tuple[dict[str, Expansion], dict[str, dict[str, Any]]]:
        """view_expand, plus the view facts of every neighbour shown (and of ids when with_self)."""
        expansions = self.view_expand(ids, types, as_of, cap, exclude, weights, slopes, default_weight,
                                      hub_types, hub_limit, only_anchors)
        wanted = [n for _, shown in expansions.values() for n, _, _ in shown]
        return expansions, self.view_annotate([*ids, *wanted] if with_self else wanted, as_of, key_types)

    def view_annotate(
        self, ids: Sequence[str], as_of: str | None, key_types: Sequence[str],
    ) -> dict[str, dict[str, Any]]:
        keys = set(key_types)
        referrers: dict[str, list[str]] = {}
        wanted = set(ids)
        for node_id, attrs in self.graph.nodes(data=True):
            party = attrs["props"].get("party_id")
            if attrs["type"] == "Referrer" and party in wanted:
                referrers.setdefault(party, []).append(node_id)
        out: dict[str, dict[str, Any]] = {}
        for node_id in dict.fromkeys(ids):
            if node_id not in self.graph:
                continue
            attrs = self.graph.nodes[node_id]
            links = self._touching(node_id, {"MEMBER_OF", "MANAGES", *keys}, as_of)
            groups = sorted(x.target for x in links if x.type == "MEMBER_OF" and x.source == node_id)
            rms = sorted(x.source for x in links if x.type == "MANAGES" and x.target == node_id)
            customers = [
                x.target for x in links
                if x.type in keys and x.source == node_id
                and self.graph.nodes[x.target]["type"] == "Company"
                and self.graph.nodes[x.target]["props"].get("status") == "customer"
            ]
            out[node_id] = {
                "node": Node(id=node_id, type=attrs["type"],
                             props={k: attrs["props"][k] for k in VIEW_PROPS if attrs["props"].get(k) is not None}),
                "groups": [(g, str(self.graph.nodes[g]["props"].get("name", g))) for g in groups],
                "rms": [(r, str(self.graph.nodes[r]["props"].get("name", r))) for r in rms],
                "key_person_of": int(bool(customers)),
                "referrer_ids": sorted(referrers.get(node_id, [])),
            }
        return out
