"""Risk's bulk reads and writes for the embedded store: the contract's own methods, which
are already in-memory loops (the Neo4j twin in graph/neo4j/risk.py batches them)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any, Protocol

from graph.schema import Schema
from graph.store import Link, LinkRow, Node, NodeRow, valid_on


class _Core(Protocol):
    _schema: Schema

    def iter_links(self, types: Sequence[str], as_of: str | None = None) -> Iterator[Link]: ...
    def iter_nodes(self, type_name: str) -> Iterator[Node]: ...
    def get_nodes(self, ids: Sequence[str]) -> list[Node]: ...
    def checksums(self, type_name: str, ids: Sequence[str] | None = None) -> dict[str, str]: ...
    def write_links(self, type_name: str, rows: Sequence[LinkRow]) -> None: ...
    def write_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None: ...


class EmbeddedRisk:
    risk_writers = 1  # one writer at a time: the graph in memory is not thread-safe

    def risk_links(self: _Core, types: Sequence[str], as_of: str | None,
                   bare: Collection[str] = ()) -> Iterator[Link]:
        # `bare` only lets a store skip properties; in memory they cost nothing to keep.
        return self.iter_links(types, as_of)

    def risk_nodes(self: _Core, type_name: str, as_of: str | None) -> Iterator[Node]:
        return (node for node in self.iter_nodes(type_name) if valid_on(node.props, as_of))

    def risk_names(self: _Core, type_name: str, ids: Sequence[str], prop: str) -> dict[str, Any]:
        types = self._schema.concrete(type_name)
        return {n.id: n.props[prop] for n in self.get_nodes(ids)
                if n.type in types and n.props.get(prop) is not None}

    def risk_checksums(self: _Core, type_name: str, prefix: str) -> dict[str, str]:
        return {k: v for k, v in self.checksums(type_name).items() if k.startswith(prefix)}

    def risk_create_links(self: _Core, type_name: str, rows: Sequence[LinkRow]) -> None:
        self.write_links(type_name, rows)

    def risk_create_nodes(self: _Core, type_name: str, rows: Sequence[NodeRow]) -> None:
        self.write_nodes(type_name, rows)

    def risk_set_nodes(self: _Core, type_name: str, rows: Sequence[NodeRow]) -> None:
        self.write_nodes(type_name, rows)
