"""Risk's bulk reads and writes for Neo4j (issue 4): the group job reads every group link
of the bank and writes every membership, once per derivation.

Reads: `iter_links` returns one record per link with its property map; here rows come back
many to a record (lists built in Cypher, chunked by internal id), with the schema's
properties by position rather than as maps (half the values to decode), and link types
whose properties the caller does not need (`bare`, e.g. BORROWS) as their two ends only.
Each type is one query, run two at a time on their own sessions so the server evaluates one
while Python decodes the other (the machine has two cores; either alone leaves one idle).

Writes: memberships the job has checked to be absent are CREATEd (no MERGE, no move check),
in transactions of WRITE_CHUNK rows, WRITERS at a time (the caller's threads), each row a
list with its property keys spelled out in the query: `SET r = row.props` makes the planner
buffer every row (an Eager for a possible read/set conflict on `id`), about 20% slower.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any, Protocol

from neo4j import Driver, ManagedTransaction

from graph.neo4j import cypher
from graph.neo4j.core import batched, public_props, stored_props
from graph.schema import Schema
from graph.store import Link, LinkRow, Node, NodeRow

CHUNK = 20_000  # rows per record read
WRITE_CHUNK = 5_000  # rows per write transaction
ID_CHUNK = 10_000  # ids per lookup query
READERS = 2  # concurrent read sessions (one per core)
# Concurrent write transactions the group job may run (queries.risk.derive). More than the
# two cores: while one transaction commits or waits on a page, others run. 307,794
# memberships of the 1M bank written alone (rows built beforehand): 2 writers x 20,000 rows
# 21.3 s, 4 x 5,000 13.6 s, 6 x 5,000 16.7 s. Inside the whole job, where Python builds the
# rows beside the write on the same two cores, the write phase stayed about the same.
WRITERS = 4

_LINK_MAPS = """
MATCH (a)-[r{types}]->(b) WHERE {valid}
WITH id(r) / $chunk AS part, [r.id, type(r), a.id, b.id, properties(r)] AS row
RETURN part, collect(row) AS rows
"""
_LINK_ROWS = """
MATCH (a)-[r{types}]->(b) WHERE {valid}
WITH id(r) / $chunk AS part, [r.id, a.id, b.id{values}] AS row
RETURN part, collect(row) AS rows
"""
_NODE_ROWS = """
MATCH (n{labels}) WHERE {valid}
WITH id(n) / $chunk AS part, [n.id{values}] AS row
RETURN part, collect(row) AS rows
"""
_NAMES = """
MATCH (n{labels}) WHERE n.id IN $ids
RETURN collect([n.id, n.{prop}]) AS rows
"""
_NODE_CHECKSUMS = """
MATCH (n{labels}) WHERE n.id STARTS WITH $prefix
RETURN collect([n.id, n.checksum]) AS rows
"""
_LINK_CHECKSUMS = """
MATCH ()-[r{types}]->() WHERE r.id STARTS WITH $prefix
RETURN collect([r.id, r.checksum]) AS rows
"""
_CREATE_LINKS = """
UNWIND $rows AS row
MATCH (a{source} {{id: row[0]}})
MATCH (b{target} {{id: row[1]}})
CREATE (a)-[r{type} {{{props}}}]->(b)
RETURN count(r) AS written
"""
_CREATE_NODES = """
UNWIND $rows AS row
CREATE (n{label} {{{props}}})
"""
_SET_NODES = """
UNWIND $rows AS row
MERGE (n{label} {{id: row.id}})
SET n = row.props
"""


def _values(var: str, names: Sequence[str]) -> str:
    """`, r.a, r.b` for the positional part of a row (names checked against the schema)."""
    return "".join(f", {var}.{cypher.name(n)}" for n in names)


def _by_position(keys: Sequence[str], first: int) -> str:
    """`id: row[first], checksum: row[first + 1], a: row[first + 2], ...`: rows written as
    lists, not maps (no key strings to pack in Python or unpack on the server: the
    membership write's Python time halves). A None in a row sets nothing, as in a map."""
    names = ["id", "checksum", *keys]
    return ", ".join(f"{cypher.name(k)}: row[{first + i}]" for i, k in enumerate(names))


class _Core(Protocol):
    schema: Schema
    driver: Driver
    database: str

    def _guard(self) -> AbstractContextManager[None]: ...
    def _write_tx(self, work: Callable[[ManagedTransaction], Any]) -> Any: ...


class Neo4jRisk:
    risk_writers = WRITERS

    def risk_links(self: _Core, types: Sequence[str], as_of: str | None,
                   bare: Collection[str] = ()) -> Iterator[Link]:
        """iter_links, many rows to a record; types in `bare` come without properties."""
        if not bare:  # the property maps as stored (bench.ownership reads OWNS this way)
            query = _LINK_MAPS.format(types=cypher.rel_types(types), valid=cypher.valid_on("r"))
            for rows in _chunks(self, query, as_of):
                for link_id, type_name, source, target, props in rows:
                    yield Link(link_id, type_name, source, target, public_props(props))
            return
        names = {t: [] if t in bare else list(self.schema.relationship(t).properties) for t in types}
        queries = [_LINK_ROWS.format(types=cypher.rel_types([t]), valid=cypher.valid_on("r"),
                                     values=_values("r", names[t])) for t in types]
        for index, rows in _read_all(self, queries, as_of):
            type_name = types[index]
            keys = names[type_name]
            for row in rows:
                # strict=False: the query returns exactly these keys' values (built from
                # the same list above); the check cost a third of this line, over ~1.5 M links.
                props = {k: v for k, v in zip(keys, row[3:], strict=False) if v is not None}
                yield Link(row[0], type_name, row[1], row[2], props)

    def risk_nodes(self: _Core, type_name: str, as_of: str | None) -> Iterator[Node]:
        """Nodes of a concrete type valid on as_of (by their own valid_from/valid_to)."""
        node = self.schema.node(type_name)
        keys = list(node.properties)
        query = _NODE_ROWS.format(labels=cypher.labels(node.labels), valid=cypher.valid_on("n"),
                                  values=_values("n", keys))
        for rows in _chunks(self, query, as_of):
            for row in rows:
                yield Node(row[0], type_name, {k: v for k, v in zip(keys, row[1:], strict=False) if v is not None})

    def risk_names(self: _Core, type_name: str, ids: Sequence[str], prop: str) -> dict[str, Any]:
        """id -> one property of the nodes of a type with these ids (absent ones left out)."""
        query = _NAMES.format(labels=cypher.labels([type_name]), prop=cypher.name(prop))
        out: dict[str, Any] = {}
        with self._guard(), self.driver.session(database=self.database) as session:
            for start in range(0, len(ids), ID_CHUNK):
                record = session.run(query, ids=list(ids[start:start + ID_CHUNK])).single(strict=True)
                out.update((node_id, value) for node_id, value in record["rows"] if value is not None)
        return out

    def risk_checksums(self: _Core, type_name: str, prefix: str) -> dict[str, str]:
        """id -> checksum of the nodes or links of a type whose id starts with prefix
        (an index range seek: a profile's derived groups, not the bank's declared ones)."""
        if type_name in self.schema.relationships:
            query = _LINK_CHECKSUMS.format(types=cypher.rel_types([type_name]))
        else:
            query = _NODE_CHECKSUMS.format(labels=cypher.labels(self.schema.node(type_name).labels))
        with self._guard(), self.driver.session(database=self.database) as session:
            record = session.run(query, prefix=prefix).single(strict=True)
            return {item_id: checksum for item_id, checksum in record["rows"]}

    def risk_create_links(self: _Core, type_name: str, rows: Sequence[LinkRow]) -> None:
        """Write links whose ids do not exist yet (the caller has checked): CREATE, not MERGE."""
        spec = self.schema.relationship(type_name)
        edge = spec.edge
        source, target = (cypher.labels([self.schema.node(e).labels[0]]) if e in self.schema.nodes
                          else cypher.labels([e]) for e in (edge.source, edge.target))
        keys = list(spec.properties)
        query = _CREATE_LINKS.format(source=source, target=target, type=cypher.rel_types([type_name]),
                                     props=_by_position(keys, first=2))
        batches = ([[r.source, r.target, r.id, r.checksum, *map(r.props.get, keys)] for r in chunk]
                   for chunk in batched(rows, WRITE_CHUNK))

        def all_written(batch: list[Any], written: int) -> None:
            if written != len(batch):
                raise KeyError(f"{len(batch) - written} {type_name} links have a missing endpoint")

        _write_batches(self, query, batches, all_written)

    def risk_create_nodes(self: _Core, type_name: str, rows: Sequence[NodeRow]) -> None:
        """Write nodes of a single-label type whose ids do not exist yet: CREATE, not MERGE."""
        node = self.schema.node(type_name)
        keys = list(node.properties)
        query = _CREATE_NODES.format(label=cypher.labels(node.labels), props=_by_position(keys, first=0))
        _write_batches(self, query, ([[r.id, r.checksum, *map(r.props.get, keys)] for r in chunk]
                                     for chunk in batched(rows, WRITE_CHUNK)))

    def risk_set_nodes(self: _Core, type_name: str, rows: Sequence[NodeRow]) -> None:
        """Insert or replace nodes of a type with a single label (Group), by id."""
        node = self.schema.node(type_name)
        query = _SET_NODES.format(label=cypher.labels(node.labels))
        _write_batches(self, query, ([{"id": r.id, "props": stored_props(r.id, r.props, r.checksum)} for r in chunk]
                                     for chunk in batched(rows, WRITE_CHUNK)))


def _write_batches(core: _Core, query: str, batches: Iterable[list[Any]],
                   check: Callable[[list[Any], int], None] | None = None) -> None:
    """One managed transaction per batch; with `check`, the query returns `written` and
    check(batch, written) may raise (the transaction is then rolled back)."""
    for batch in batches:
        def work(tx: ManagedTransaction, batch: list[Any] = batch) -> None:
            result = tx.run(query, rows=batch)
            if check is None:
                result.consume()
            else:
                check(batch, result.single(strict=True)["written"])

        core._write_tx(work)


def _chunks(core: _Core, query: str, as_of: str | None) -> Iterator[list[list[Any]]]:
    with core._guard(), core.driver.session(database=core.database, fetch_size=1) as session:
        for record in session.run(query, as_of=as_of, chunk=CHUNK):
            yield record["rows"]


def _read_all(core: _Core, queries: Sequence[str], as_of: str | None) -> Iterator[tuple[int, list[list[Any]]]]:
    """(query index, rows) for every chunk of every query, as the chunks arrive: the
    queries run READERS at a time in threads (sockets release the GIL, so the caller
    builds links from one chunk while the server answers the next). Each query's chunks
    come in their own order; chunks of different queries interleave."""
    arrived: queue.Queue[tuple[int, list[list[Any]] | BaseException | None]] = queue.Queue(maxsize=8)
    stop = threading.Event()

    def run(index: int) -> None:
        try:
            for rows in _chunks(core, queries[index], as_of):
                if stop.is_set():
                    break
                arrived.put((index, rows))
            arrived.put((index, None))
        except BaseException as error:  # handed to the caller, raised there
            arrived.put((index, error))

    pending = len(queries)
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        for index in range(len(queries)):
            pool.submit(run, index)
        try:
            while pending:
                index, item = arrived.get()
                if item is None or isinstance(item, BaseException):
                    pending -= 1
                    if item is not None:
                        raise item
                else:
                    yield index, item
        finally:  # a failure, or a caller that stopped early: unblock and end the readers
            stop.set()
            while pending:
                item = arrived.get()[1]
                if item is None or isinstance(item, BaseException):
                    pending -= 1

