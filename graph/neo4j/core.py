"""Neo4j store core: the GraphStore contract on the official `neo4j` driver.

Layout in the database: a node carries all of its type's labels (a Person is
`:Party:Person`), its properties flat, plus `id` and `checksum`; a link is a relationship
of its schema type with its properties flat, plus `id` and `checksum`. `Node.props` and
`Link.props` are what was written, without `id`, `checksum` and None values.

Writes go in batches of `batch_size` rows (`UNWIND $rows`), one managed transaction per
batch (`session.execute_write`, retried by the driver on transient errors); a batch that
fails validation (missing endpoint, node type conflict) is rolled back as a whole.

Mixins of other areas (graph/neo4j/<area>.py) may use `self.driver`, `self.database`,
`self.schema`, `self._read(query, **params)` and `self._write(query, **params)`, and must
wrap driver calls in `with self._guard():` so connection failures become
`StoreUnavailableError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Self, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, NotificationMinimumSeverity, Record
from neo4j.exceptions import ClientError, DatabaseUnavailable, ServiceUnavailable, SessionExpired

from graph.errors import MissingEndpointError, NodeTypeConflictError, StoreUnavailableError
from graph.neo4j import cypher
from graph.schema import load_schema
from graph.settings import get_settings
from graph.store import STORED_APART, Counts, Direction, Link, LinkRow, Node, NodeRow, clean_props, combine_checksums

T = TypeVar("T")
ID_CHUNK = 10_000  # ids per query for lookups by id
PAIR_CHUNK = 5_000  # (id, checksum) pairs per record when reading all checksums of a type
SCHEMA_WORKERS = 2  # constraints created at once (one per core)
COLLECT_LIMIT = 2_000_000  # above this many items of a type, stream one record per item


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def stored_props(row_id: str, props: Mapping[str, Any], checksum: str) -> dict[str, Any]:
    """The flat property map written to Neo4j: clean props plus id and checksum."""
    out = clean_props(props)
    out["id"], out["checksum"] = row_id, checksum
    return out


def public_props(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in STORED_APART}


class Neo4jCore:
    kind = "neo4j"

    def __init__(self, driver: Driver, database: str = "neo4j", batch_size: int | None = None) -> None:
        self.driver = driver
        self.database = database
        self.batch_size = batch_size or get_settings().batch_size
        self.schema = load_schema()

    @classmethod
    def connect(cls, uri: str, user: str, password: str, database: str = "neo4j", **driver_config: Any) -> Self:
        """Open a driver and check the server answers; driver_config goes to the driver
        (e.g. max_transaction_retry_time=60.0 to ride out a server restart).

        The server is asked for no notifications: on loads it sends one "property key does
        not exist" warning per query naming a property no stored row has yet, and the
        driver logs each at length; nothing in Kith reads them. A caller that wants them
        passes notifications_min_severity="WARNING"."""
        driver_config.setdefault("notifications_min_severity", NotificationMinimumSeverity.OFF)
        driver = GraphDatabase.driver(uri, auth=(user, password), **driver_config)
        store = cls(driver, database)
        try:
            with store._guard():
                driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
        return store

    def close(self) -> None:
        self.driver.close()

    def ping(self) -> None:
        """The cheapest round trip that needs the database itself (not only the socket)."""
        self._read(cypher.PING)

    # -- plumbing ---------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (ServiceUnavailable, SessionExpired, DatabaseUnavailable) as exc:  # after the driver's retries
            raise StoreUnavailableError(f"Neo4j is unavailable: {exc}") from exc

    def _read(self, query: str, **params: Any) -> list[Record]:
        def work(tx: ManagedTransaction) -> list[Record]:
            return list(tx.run(query, params))

        with self._guard(), self.driver.session(database=self.database) as session:
            return session.execute_read(work)

    def _write(self, query: str, **params: Any) -> list[Record]:
        def work(tx: ManagedTransaction) -> list[Record]:
            return list(tx.run(query, params))

        with self._guard(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        with self._guard(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _stream(self, query: str, **params: Any) -> Iterator[Record]:
        """Records of a long read, fetched lazily (for iter_* over millions of rows)."""
        with self._guard(), self.driver.session(database=self.database, fetch_size=self.batch_size) as session:
            yield from session.run(query, params)

    def _type_labels(self, type_name: str) -> tuple[str, ...]:
        """Labels that select a node type: ('Party',) for Party, ('Party', 'Person') for Person."""
        if type_name in self.schema.abstract_nodes:
            return (type_name,)
        return self.schema.node(type_name).labels

    def _key_and_label(self, label: str) -> tuple[str, str]:
        """(label whose id constraint finds the node, label to check) for a link endpoint."""
        if label in self.schema.abstract_nodes:
            return label, label
        return self.schema.node(label).key_label, label

    def _node(self, record: Record) -> Node:
        labels = [label for label in record["labels"] if label in self.schema.nodes]
        type_name = max(labels, key=lambda label: len(self.schema.nodes[label].labels))
        props = record["props"]
        return Node(id=props["id"], type=type_name, props=public_props(props))

    @staticmethod
    def _link(record: Record) -> Link:
        return Link(id=record["id"], type=record["type"], source=record["source"], target=record["target"],
                    props=public_props(record["props"]))

    # -- schema -------------------------------------------------------------------
    def _index_labels(self) -> set[tuple[str, str]]:
        """(label, property) pairs to index: on the most general label all of whose concrete
        types index the property (Party.name_folded, Person.national_id)."""
        pairs: set[tuple[str, str]] = set()
        for node in self.schema.nodes.values():
            for prop, spec in node.properties.items():
                if not spec.index:
                    continue
                for label in node.labels:
                    members = self.schema.concrete(label)
                    if all(spec_of.properties.get(prop) is not None and spec_of.properties[prop].index
                           for spec_of in (self.schema.nodes[m] for m in members)):
                        pairs.add((label, prop))
                        break
        return pairs

    def ensure_schema(self) -> None:
        statements = [cypher.node_key_constraint(label) for label in self.schema.key_labels]
        for label, prop in sorted(self._index_labels()):
            statements.append(cypher.range_index(label, prop))
            if prop == "name_folded":
                statements.append(cypher.text_index(label, prop))
        def run(statement: str) -> None:
            self.driver.execute_query(statement, database_=self.database)

        def link_key(rel_type: str) -> None:
            try:
                run(cypher.rel_id_constraint(rel_type))
            except ClientError:  # an edition without relationship uniqueness constraints
                run(cypher.rel_id_index(rel_type))

        with self._guard():
            # A constraint returns once its index is built from the stored data (after a bulk
            # import, most of the time); two at a time use both cores (1.6x on 4 types).
            with ThreadPoolExecutor(max_workers=SCHEMA_WORKERS) as pool:
                jobs = [pool.submit(run, statement) for statement in statements]
                jobs += [pool.submit(link_key, rel_type) for rel_type in sorted(self.schema.relationships)]
                for job in jobs:
                    job.result()
            self.driver.execute_query(cypher.AWAIT_INDEXES, seconds=600, database_=self.database)

    # -- writes ---------------------------------------------------------------------
    def write_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None:
        node = self.schema.node(type_name)
        key, extra = node.key_label, node.labels[1:]
        query = cypher.merge_nodes(key, extra)
        unique = list({row.id: row for row in rows}.values())  # the last row of an id wins
        for chunk in batched(unique, self.batch_size):
            batch = [{"id": r.id, "props": stored_props(r.id, r.props, r.checksum)} for r in chunk]

            def work(tx: ManagedTransaction, batch: list[dict[str, Any]] = batch) -> None:
                written = tx.run(query, rows=batch).single(strict=True)["written"]
                if written != len(batch):
                    record = tx.run(cypher.node_type_conflicts(key, extra), ids=[r["id"] for r in batch]).single()
                    if record is None:  # pragma: no cover - cannot happen with the id constraint
                        raise NodeTypeConflictError(f"{len(batch) - written} {type_name} rows were not written")
                    other = next(label for label in record["labels"] if label in self.schema.nodes)
                    raise NodeTypeConflictError(f"node {record['id']!r} is a {other}, not a {type_name}")

            self._write_tx(work)

    def write_links(self, type_name: str, rows: Sequence[LinkRow]) -> None:
        edge = self.schema.relationship(type_name).edge
        source, target = self._key_and_label(edge.source), self._key_and_label(edge.target)
        move, merge = cypher.move_links(type_name), cypher.merge_links(type_name, source, target)
        unique = list({row.id: row for row in rows}.values())
        for chunk in batched(unique, self.batch_size):
            batch = [{"id": r.id, "source": r.source, "target": r.target,
                      "props": stored_props(r.id, r.props, r.checksum)} for r in chunk]

            def work(tx: ManagedTransaction, batch: list[dict[str, Any]] = batch) -> None:
                tx.run(move, rows=batch).consume()
                written = tx.run(merge, rows=batch).single(strict=True)["written"]
                if written != len(batch):
                    record = tx.run(cypher.missing_endpoints(source, target), rows=batch).single(strict=True)
                    label, node_id = ((edge.source, record["source"]) if record["no_source"]
                                      else (edge.target, record["target"]))
                    raise MissingEndpointError(f"no {label} with id {node_id!r}")

            self._write_tx(work)

    def delete_nodes(self, ids: Sequence[str], type_name: str | None = None) -> None:
        # With the type, one index seek an id; without, one for every key label (a union
        # the planner buffers: 5x slower on 70,000 groups).
        query = (cypher.delete_nodes(self.schema.key_labels) if type_name is None
                 else cypher.delete_typed_nodes(self._type_labels(type_name)))
        for chunk in batched(list(ids), self.batch_size):
            self._write(query, ids=list(chunk))

    def delete_links(self, type_name: str, ids: Sequence[str]) -> None:
        self.schema.relationship(type_name)
        query = cypher.delete_links(type_name)
        for chunk in batched(list(ids), self.batch_size):
            self._write(query, ids=list(chunk))

    def clear(self) -> None:
        with self._guard(), self.driver.session(database=self.database) as session:
            session.run(cypher.CLEAR).consume()

    # -- reads ------------------------------------------------------------------------
    def checksums(self, type_name: str, ids: Sequence[str] | None = None) -> dict[str, str]:
        if type_name in self.schema.relationships:
            query = cypher.link_checksums(type_name, by_ids=ids is not None)
        else:
            query = cypher.node_checksums(self._type_labels(type_name), by_ids=ids is not None)
        if ids is None:
            return dict(self._all_checksums(type_name))
        out: dict[str, str] = {}
        for chunk in batched(list(ids), ID_CHUNK):
            out.update((r["id"], r["checksum"]) for r in self._read(query, ids=list(chunk)))
        return out

    def existing_ids(self, label: str, ids: Sequence[str]) -> set[str]:
        query = cypher.existing_ids(self._type_labels(label))
        found: set[str] = set()
        for chunk in batched(list(ids), ID_CHUNK):
            found.update(r["id"] for r in self._read(query, ids=list(chunk)))
        return found

    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        query = cypher.get_nodes(self.schema.key_labels)
        found: dict[str, Node] = {}
        for chunk in batched(list(dict.fromkeys(ids)), ID_CHUNK):
            for record in self._read(query, ids=list(chunk)):
                node = self._node(record)
                found[node.id] = node
        return [found[i] for i in ids if i in found]

    def find_nodes(self, type_name: str, prop: str, values: Sequence[Any]) -> list[Node]:
        concrete = self.schema.concrete(type_name)
        having = [t for t in concrete if prop in self.schema.nodes[t].properties]
        if not having or not values:
            return []
        # all of them: the abstract label (its index); some: each type with the property (theirs)
        label_sets = [self._type_labels(type_name)] if len(having) == len(concrete) else \
            [self._type_labels(t) for t in having]
        records = self._read(cypher.find_nodes(label_sets, prop), values=list(values))
        return [self._node(r) for r in records]

    def search(self, folded: str, labels: Sequence[str], limit: int) -> list[Node]:
        for label in labels:
            self._type_labels(label)  # unknown labels raise, as in the embedded store
        wanted = [label for label in dict.fromkeys(labels)  # labels that can have a folded name
                  if any("name_folded" in self.schema.nodes[t].properties for t in self.schema.concrete(label))]
        if not wanted or limit <= 0:
            return []
        nodes = [self._node(r) for r in self._read(cypher.search(wanted), q=folded, limit=limit)]

        def rank(node: Node) -> tuple[int, str, str]:
            name = str(node.props.get("name_folded", ""))
            return (0 if name.startswith(folded) else 1, name, node.id)

        return sorted(nodes, key=rank)  # Python's string order, exactly as the embedded store

    def links_of(
        self, ids: Sequence[str], types: Sequence[str] | None = None,
        direction: Direction = "both", as_of: str | None = None,
    ) -> list[Link]:
        if direction not in ("out", "in", "both"):
            raise ValueError(f"direction must be out, in or both, not {direction!r}")
        rel_types = list(dict.fromkeys(types)) if types is not None else []
        for rel_type in rel_types:
            self.schema.relationship(rel_type)
        if not ids or (types is not None and not rel_types):
            return []
        query = cypher.links_of(self._endpoint_key_labels(rel_types, direction), rel_types, direction)
        seen: dict[str, Link] = {}
        for chunk in batched(list(dict.fromkeys(ids)), ID_CHUNK):
            for record in self._read(query, ids=list(chunk), as_of=as_of):
                seen[record["id"]] = self._link(record)
        return sorted(seen.values(), key=lambda link: link.id)

    def _endpoint_key_labels(self, rel_types: Sequence[str], direction: Direction) -> tuple[str, ...]:
        """Key labels the start nodes of links_of can have (all of them when no types are given)."""
        if not rel_types:
            return self.schema.key_labels
        keys: set[str] = set()
        for rel_type in rel_types:
            edge = self.schema.relationship(rel_type).edge
            ends = {"out": [edge.source], "in": [edge.target], "both": [edge.source, edge.target]}[direction]
            keys.update(self._key_and_label(end)[0] for end in ends)
        return tuple(sorted(keys))

    def iter_nodes(self, type_name: str) -> Iterator[Node]:
        query = cypher.iter_nodes(self._type_labels(type_name))
        for record in self._stream(query):
            yield self._node(record)

    def iter_links(self, types: Sequence[str], as_of: str | None = None) -> Iterator[Link]:
        rel_types = list(dict.fromkeys(types))
        for rel_type in rel_types:
            self.schema.relationship(rel_type)
        if not rel_types:
            return
        for record in self._stream(cypher.iter_links(rel_types), as_of=as_of):
            yield self._link(record)

    def counts(self) -> Counts:
        def work(tx: ManagedTransaction) -> Counts:
            counts = Counts()
            for type_name in sorted(self.schema.nodes):
                count = tx.run(cypher.count_nodes([type_name])).single(strict=True)["count"]
                if count:
                    counts.nodes[type_name] = count
            for rel_type in sorted(self.schema.relationships):
                count = tx.run(cypher.count_links(rel_type)).single(strict=True)["count"]
                if count:
                    counts.links[rel_type] = count
            return counts

        with self._guard(), self.driver.session(database=self.database) as session:
            return session.execute_read(work)

    def _all_checksums(self, type_name: str) -> Iterator[tuple[str, str]]:
        """(id, checksum) of every node or link of a type: in chunks of pairs while the type
        is small enough to collect in the server's heap, one record each above that."""
        if type_name in self.schema.relationships:
            count_query = cypher.count_links(type_name)
            chunked, streamed = cypher.link_checksum_chunks(type_name), cypher.link_checksums(type_name, False)
        else:
            type_labels = self._type_labels(type_name)
            count_query = cypher.count_nodes([type_name])  # one label: answered from the count store
            chunked, streamed = cypher.node_checksum_chunks(type_labels), cypher.node_checksums(type_labels, False)
        [record] = self._read(count_query)
        if record["count"] == 0:
            return
        if record["count"] <= COLLECT_LIMIT:
            for record in self._stream(chunked, chunk=PAIR_CHUNK):
                yield from ((item_id, checksum) for item_id, checksum in record["chunk"])
        else:
            for record in self._stream(streamed):
                yield record["id"], record["checksum"]

    def write_marker(self) -> str:
        """A token that changes with every write committed to the database: the bookmark
        a read transaction ends with names the database and its last committed
        transaction. The loader's memo compares it across runs (ingest.memo)."""
        with self._guard(), self.driver.session(database=self.database) as session:
            session.execute_read(lambda tx: tx.run(cypher.PING).consume())
            return "|".join(sorted(session.last_bookmarks().raw_values))

    def store_checksum(self) -> str:
        def items() -> Iterator[tuple[str, str, str]]:
            for type_name in sorted([*self.schema.nodes, *self.schema.relationships]):
                for item_id, checksum in self._all_checksums(type_name):
                    yield type_name, item_id, checksum

        return combine_checksums(items())

