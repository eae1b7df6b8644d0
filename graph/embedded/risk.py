"""Risk's bulk reads and writes for the embedded store: the contract's own methods, which
are already in-memory loops (the Neo4j twin in graph/neo4j/risk.py batches them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from graph.store import Link, LinkRow, Node, NodeRow, valid_on


class _Core(Protocol):
    def iter_links(self, types: Sequence[str], as_of: str | None = None) -> Iterator[Link]: ...
    def iter_nodes(self, type_name: str) -> Iterator[Node]: ...
    def write_links(self, type_name: str, rows: Sequence[LinkRow]) -> None: ...
    def write_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None: ...


class EmbeddedRisk:
    def risk_links(self: _Core, types: Sequence[str], as_of: str | None) -> Iterator[Link]:
        return self.iter_links(types, as_of)

    def risk_nodes(self: _Core, type_name: str, as_of: str | None) -> Iterator[Node]:
        return (node for node in self.iter_nodes(type_name) if valid_on(node.props, as_of))

    def risk_create_links(self: _Core, type_name: str, rows: Sequence[LinkRow]) -> None:
        self.write_links(type_name, rows)

    def risk_set_nodes(self: _Core, type_name: str, rows: Sequence[NodeRow]) -> None:
        self.write_nodes(type_name, rows)
