"""Embedded store core: a networkx MultiDiGraph in process, persisted to one gzip'd
JSON file by atomic replace. Zero setup, for demos, tests and small banks."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import MissingEndpointError, NodeTypeConflictError
from graph.files import atomic_file
from graph.schema import load_schema
from graph.store import Counts, Direction, Link, LinkRow, Node, NodeRow, clean_props, combine_checksums, valid_on

FORMAT_VERSION = 1


class EmbeddedCore:
    """Nodes are keyed by id; links are multi-edges keyed by link id."""

    kind = "embedded"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._link_ends: dict[str, tuple[str, str, str]] = {}  # link id -> (type, source, target)
        self._dirty = False
        self._schema = load_schema()
        if path is not None and path.exists():
            self._load(path)

    # -- persistence ----------------------------------------------------------
    def _load(self, path: Path) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        for node_id, type_name, props, checksum in data["nodes"]:
            self.graph.add_node(node_id, type=type_name, props=props, checksum=checksum)
        for link_id, type_name, source, target, props, checksum in data["links"]:
            self.graph.add_edge(source, target, key=link_id, type=type_name, props=props, checksum=checksum)
            self._link_ends[link_id] = (type_name, source, target)

    def flush(self) -> None:
        """Write the graph to its file by atomic replace (no half-written file on a crash)."""
        if self.path is None or not self._dirty:
            return
        data = {
            "version": FORMAT_VERSION,
            "nodes": [[n, a["type"], a["props"], a["checksum"]] for n, a in self.graph.nodes(data=True)],
            "links": [[k, a["type"], u, v, a["props"], a["checksum"]]
                      for u, v, k, a in self.graph.edges(keys=True, data=True)],
        }
        with (atomic_file(self.path, ".graph-") as raw,
              gzip.open(raw, "wt", encoding="utf-8", compresslevel=3) as handle):
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        self._dirty = False

    def close(self) -> None:
        self.flush()

    def ping(self) -> None:
        """In process: always there."""

    def ensure_schema(self) -> None:
        """Nothing to create: uniqueness is the dict key, and every lookup is by key."""

    # -- writes ---------------------------------------------------------------
    def write_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None:
        self._schema.node(type_name)
        for row in rows:
            existing = self.graph.nodes.get(row.id)
            if existing is not None and existing["type"] != type_name:
                raise NodeTypeConflictError(f"node {row.id!r} is a {existing['type']}, not a {type_name}")
            self.graph.add_node(row.id, type=type_name, props=clean_props(row.props), checksum=row.checksum)
        self._dirty = self._dirty or bool(rows)

    def write_links(self, type_name: str, rows: Sequence[LinkRow]) -> None:
        edge = self._schema.relationship(type_name).edge
        for row in rows:
            self._require(row.source, edge.source)
            self._require(row.target, edge.target)
            old = self._link_ends.get(row.id)
            if old is not None and old != (type_name, row.source, row.target):
                self.graph.remove_edge(old[1], old[2], key=row.id)
            self.graph.add_edge(row.source, row.target, key=row.id, type=type_name,
                                props=clean_props(row.props), checksum=row.checksum)
            self._link_ends[row.id] = (type_name, row.source, row.target)
        self._dirty = self._dirty or bool(rows)

    def _require(self, node_id: str, label: str) -> None:
        attrs = self.graph.nodes.get(node_id)
        if attrs is None or attrs["type"] not in self._schema.concrete(label):
            raise MissingEndpointError(f"no {label} with id {node_id!r}")

    def delete_nodes(self, ids: Sequence[str], type_name: str | None = None) -> None:
        types = None if type_name is None else self._schema.concrete(type_name)
        for node_id in ids:
            if node_id in self.graph and (types is None or self.graph.nodes[node_id]["type"] in types):
                touching = [*self.graph.in_edges(node_id, keys=True), *self.graph.out_edges(node_id, keys=True)]
                for _, _, key in touching:
                    self._link_ends.pop(key, None)
                self.graph.remove_node(node_id)
                self._dirty = True

    def delete_links(self, type_name: str, ids: Sequence[str]) -> None:
        self._schema.relationship(type_name)
        for link_id in ids:
            ends = self._link_ends.get(link_id)
            if ends is not None and ends[0] == type_name:
                self.graph.remove_edge(ends[1], ends[2], key=link_id)
                del self._link_ends[link_id]
                self._dirty = True

    def clear(self) -> None:
        self.graph.clear()
        self._link_ends.clear()
        self._dirty = True

    # -- reads ----------------------------------------------------------------
    def _node(self, node_id: str) -> Node:
        attrs = self.graph.nodes[node_id]
        return Node(id=node_id, type=attrs["type"], props=attrs["props"])

    def _link(self, link_id: str) -> Link:
        type_name, source, target = self._link_ends[link_id]
        attrs = self.graph.edges[source, target, link_id]
        return Link(id=link_id, type=type_name, source=source, target=target, props=attrs["props"])

    def checksums(self, type_name: str, ids: Sequence[str] | None = None) -> dict[str, str]:
        if type_name in self._schema.relationships:
            wanted = self._link_ends.keys() if ids is None else ids
            out = {}
            for link_id in wanted:
                ends = self._link_ends.get(link_id)
                if ends is not None and ends[0] == type_name:
                    out[link_id] = self.graph.edges[ends[1], ends[2], link_id]["checksum"]
            return out
        types = self._schema.concrete(type_name)
        nodes = self.graph.nodes
        candidates = nodes if ids is None else (i for i in ids if i in nodes)
        return {i: nodes[i]["checksum"] for i in candidates if nodes[i]["type"] in types}

    def existing_ids(self, label: str, ids: Sequence[str]) -> set[str]:
        types = self._schema.concrete(label)
        nodes = self.graph.nodes
        return {i for i in ids if i in nodes and nodes[i]["type"] in types}

    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        return [self._node(i) for i in ids if i in self.graph]

    def find_nodes(self, type_name: str, prop: str, values: Sequence[Any]) -> list[Node]:
        types, wanted = self._schema.concrete(type_name), set(values)
        return [
            self._node(n) for n, a in self.graph.nodes(data=True)
            if a["type"] in types and a["props"].get(prop) in wanted
        ]

    def search(self, folded: str, labels: Sequence[str], limit: int) -> list[Node]:
        types = {t for label in labels for t in self._schema.concrete(label)}
        hits: list[tuple[int, str, str]] = []
        for node_id, attrs in self.graph.nodes(data=True):
            name = attrs["props"].get("name_folded")
            if attrs["type"] in types and name and folded in name:
                hits.append((0 if name.startswith(folded) else 1, name, node_id))
        hits.sort()
        return [self._node(node_id) for _, _, node_id in hits[:limit]]

    def links_of(
        self, ids: Sequence[str], types: Sequence[str] | None = None,
        direction: Direction = "both", as_of: str | None = None,
    ) -> list[Link]:
        wanted = {self._schema.relationship(t).name for t in types} if types is not None else None
        seen: dict[str, Link] = {}
        for node_id in ids:
            if node_id not in self.graph:
                continue
            edges = []
            if direction in ("out", "both"):
                edges += self.graph.out_edges(node_id, keys=True, data=True)
            if direction in ("in", "both"):
                edges += self.graph.in_edges(node_id, keys=True, data=True)
            for u, v, key, attrs in edges:
                if (wanted is None or attrs["type"] in wanted) and valid_on(attrs["props"], as_of):
                    seen[key] = Link(id=key, type=attrs["type"], source=u, target=v, props=attrs["props"])
        return sorted(seen.values(), key=lambda link: link.id)

    def iter_nodes(self, type_name: str) -> Iterator[Node]:
        types = self._schema.concrete(type_name)
        for node_id, attrs in self.graph.nodes(data=True):
            if attrs["type"] in types:
                yield Node(id=node_id, type=attrs["type"], props=attrs["props"])

    def iter_links(self, types: Sequence[str], as_of: str | None = None) -> Iterator[Link]:
        wanted = {self._schema.relationship(t).name for t in types}
        for u, v, key, attrs in self.graph.edges(keys=True, data=True):
            if attrs["type"] in wanted and valid_on(attrs["props"], as_of):
                yield Link(id=key, type=attrs["type"], source=u, target=v, props=attrs["props"])

    def counts(self) -> Counts:
        counts = Counts()
        for _, attrs in self.graph.nodes(data=True):
            counts.nodes[attrs["type"]] = counts.nodes.get(attrs["type"], 0) + 1
        for type_name, _, _ in self._link_ends.values():
            counts.links[type_name] = counts.links.get(type_name, 0) + 1
        return counts

    def store_checksum(self) -> str:
        nodes = ((a["type"], n, a["checksum"]) for n, a in self.graph.nodes(data=True))
        links = ((a["type"], k, a["checksum"]) for _, _, k, a in self.graph.edges(keys=True, data=True))
        return combine_checksums([*nodes, *links])
