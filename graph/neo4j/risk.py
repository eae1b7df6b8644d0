"""Risk's bulk reads and writes for Neo4j (issue 4): the group job reads every group link
of the bank and writes every membership, once per derivation.

`iter_links` returns one record per link; here rows come back many to a record (lists built
in Cypher, chunked by internal id), which the Python driver decodes about three times
faster. Memberships the job has checked to be absent are CREATEd (no MERGE, no move check):
measured on a loaded machine, 3x faster than the generic write for the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from neo4j import Driver, ManagedTransaction

from graph.neo4j import cypher
from graph.schema import Schema
from graph.store import STORED_APART, Link, LinkRow, Node, NodeRow, clean_props

CHUNK = 20_000  # rows per record and per write transaction

_LINK_ROWS = """
MATCH (a)-[r{types}]->(b) WHERE {valid}
WITH id(r) / $chunk AS part, [r.id, type(r), a.id, b.id, properties(r)] AS row
RETURN part, collect(row) AS rows
"""
_NODE_ROWS = """
MATCH (n{labels}) WHERE {valid}
WITH id(n) / $chunk AS part, [n.id, properties(n)] AS row
RETURN part, collect(row) AS rows
"""
_CREATE_LINKS = """
UNWIND $rows AS row
MATCH (a{source} {{id: row.source}})
MATCH (b{target} {{id: row.target}})
CREATE (a)-[r{type}]->(b) SET r = row.props
RETURN count(r) AS written
"""
_SET_NODES = """
UNWIND $rows AS row
MERGE (n{label} {{id: row.id}})
SET n = row.props
"""


def _props(row_id: str, props: Any, checksum: str) -> dict[str, Any]:
    out = clean_props(props)
    out["id"], out["checksum"] = row_id, checksum
    return out


class _Core(Protocol):
    schema: Schema
    driver: Driver
    database: str

    def _guard(self) -> AbstractContextManager[None]: ...
    def _write_tx(self, work: Callable[[ManagedTransaction], Any]) -> Any: ...


class Neo4jRisk:

    def risk_links(self: _Core, types: Sequence[str], as_of: str | None) -> Iterator[Link]:
        """iter_links, many rows to a record."""
        for name in types:
            self.schema.relationship(name)
        query = _LINK_ROWS.format(types=cypher.rel_types(types), valid=cypher.valid_on("r"))
        for rows in _chunks(self, query, as_of):
            for link_id, type_name, source, target, props in rows:
                yield Link(link_id, type_name, source, target, _public(props))

    def risk_nodes(self: _Core, type_name: str, as_of: str | None) -> Iterator[Node]:
        """Nodes of a concrete type valid on as_of (by their own valid_from/valid_to)."""
        node = self.schema.node(type_name)
        query = _NODE_ROWS.format(labels=cypher.labels(node.labels), valid=cypher.valid_on("n"))
        for rows in _chunks(self, query, as_of):
            for node_id, props in rows:
                yield Node(node_id, type_name, _public(props))

    def risk_create_links(self: _Core, type_name: str, rows: Sequence[LinkRow]) -> None:
        """Write links whose ids do not exist yet (the caller has checked): CREATE, not MERGE."""
        edge = self.schema.relationship(type_name).edge
        source, target = (cypher.labels([self.schema.node(e).labels[0]]) if e in self.schema.nodes
                          else cypher.labels([e]) for e in (edge.source, edge.target))
        query = _CREATE_LINKS.format(source=source, target=target, type=cypher.rel_types([type_name]))
        for start in range(0, len(rows), CHUNK):
            batch = [{"source": r.source, "target": r.target, "props": _props(r.id, r.props, r.checksum)}
                     for r in rows[start:start + CHUNK]]

            def work(tx: ManagedTransaction, batch: list[dict[str, Any]] = batch) -> None:
                written = tx.run(query, rows=batch).single(strict=True)["written"]
                if written != len(batch):
                    raise KeyError(f"{len(batch) - written} {type_name} links have a missing endpoint")

            self._write_tx(work)

    def risk_set_nodes(self: _Core, type_name: str, rows: Sequence[NodeRow]) -> None:
        """Insert or replace nodes of a type with a single label (Group), by id."""
        node = self.schema.node(type_name)
        query = _SET_NODES.format(label=cypher.labels(node.labels))
        for start in range(0, len(rows), CHUNK):
            batch = [{"id": r.id, "props": _props(r.id, r.props, r.checksum)} for r in rows[start:start + CHUNK]]

            def work(tx: ManagedTransaction, batch: list[dict[str, Any]] = batch) -> None:
                tx.run(query, rows=batch).consume()

            self._write_tx(work)


def _chunks(core: _Core, query: str, as_of: str | None) -> Iterator[list[list[Any]]]:
    with core._guard(), core.driver.session(database=core.database, fetch_size=1) as session:
        for record in session.run(query, as_of=as_of, chunk=CHUNK):
            yield record["rows"]


def _public(props: Any) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in STORED_APART}
