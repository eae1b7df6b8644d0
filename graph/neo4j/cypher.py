"""All Cypher of the Neo4j store core, as named constants and small builders.

Every value is a parameter (`$rows`, `$ids`, `$as_of`, ...). Labels, relationship types
and property names are spliced into the text only by the builders below, and only after
`name()` has checked them against the schema (`graph.schema.load_schema()`): nothing from
input ever becomes query text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from graph.schema import load_schema
from graph.store import STORED_APART

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def name(value: str) -> str:
    """A schema label, relationship type or property name, back-quoted; anything else raises."""
    schema = load_schema()
    known = (
        value in schema.nodes or value in schema.abstract_nodes or value in schema.relationships
        or value in STORED_APART
        or any(value in t.properties for t in schema.nodes.values())
        or any(value in t.properties for t in schema.relationships.values())
    )
    if not known or not _IDENT.match(value):
        raise ValueError(f"not a schema name: {value!r}")
    return f"`{value}`"


def labels(names: Iterable[str]) -> str:
    """`:A:B` for a node pattern."""
    return "".join(f":{name(n)}" for n in names)


def rel_types(types: Sequence[str]) -> str:
    """`:A|B` for a relationship pattern; empty (any type) when no types are given."""
    return ":" + "|".join(name(t) for t in types) if types else ""


def valid_on(var: str) -> str:
    """The "as of" rule of graph.store.valid_on, for relationship variable `var`."""
    return (
        f"($as_of IS NULL OR (({var}.valid_from IS NULL OR {var}.valid_from <= $as_of)"
        f" AND ({var}.valid_to IS NULL OR {var}.valid_to >= $as_of)))"
    )


# -- schema -----------------------------------------------------------------------
def _slug(*parts: str) -> str:
    return "kith_" + "_".join(p.lower() for p in parts)


def node_key_constraint(label: str) -> str:
    return f"CREATE CONSTRAINT {_slug(label, 'id')} IF NOT EXISTS FOR (n{labels([label])}) REQUIRE n.id IS UNIQUE"


def rel_id_constraint(rel_type: str) -> str:
    return (f"CREATE CONSTRAINT {_slug(rel_type, 'id')} IF NOT EXISTS "
            f"FOR ()-[r{rel_types([rel_type])}]-() REQUIRE r.id IS UNIQUE")


def rel_id_index(rel_type: str) -> str:
    """Fallback where relationship uniqueness constraints are not available."""
    return f"CREATE INDEX {_slug(rel_type, 'id')} IF NOT EXISTS FOR ()-[r{rel_types([rel_type])}]-() ON (r.id)"


def range_index(label: str, prop: str) -> str:
    return f"CREATE INDEX {_slug(label, prop)} IF NOT EXISTS FOR (n{labels([label])}) ON (n.{name(prop)})"


def text_index(label: str, prop: str) -> str:
    return f"CREATE TEXT INDEX {_slug(label, prop, 'text')} IF NOT EXISTS FOR (n{labels([label])}) ON (n.{name(prop)})"


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
PING = "RETURN 1"  # a read that changes nothing: its bookmark is the write marker


# -- writes -----------------------------------------------------------------------
def merge_nodes(key_label: str, extra_labels: Sequence[str]) -> str:
    """Insert or replace nodes by id; a node of another type under the same id is skipped
    (and counted, so the caller can raise)."""
    lines = ["UNWIND $rows AS row", f"MERGE (n{labels([key_label])} {{id: row.id}})"]
    if extra_labels:  # a conflicting row is counted, and its batch rolled back by the caller
        lines += [f"ON CREATE SET n{labels(extra_labels)}, n = row.props", "ON MATCH SET n = row.props",
                  f"RETURN count(CASE WHEN n{labels(extra_labels)} THEN n END) AS written"]
    else:
        lines += ["ON CREATE SET n = row.props", "ON MATCH SET n = row.props", "RETURN count(n) AS written"]
    return "\n".join(lines)


def node_type_conflicts(key_label: str, extra_labels: Sequence[str]) -> str:
    return (f"UNWIND $ids AS id MATCH (n{labels([key_label])} {{id: id}}) WHERE NOT n{labels(extra_labels)} "
            "RETURN n.id AS id, labels(n) AS labels LIMIT 1")


def _endpoint(var: str, key_label: str, label: str, param: str, optional: bool = False) -> str:
    clause = "OPTIONAL MATCH" if optional else "MATCH"
    where = f" WHERE {var}{labels([label])}" if label != key_label else ""
    return f"{clause} ({var}{labels([key_label])} {{id: row.{param}}}){where}"


def move_links(rel_type: str) -> str:
    """Delete links whose id is being written with other endpoints (the merge re-creates them)."""
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH (a)-[r{rel_types([rel_type])} {{id: row.id}}]->(b)",
        "WHERE a.id <> row.source OR b.id <> row.target",
        "DELETE r",
    ])


def merge_links(rel_type: str, source: tuple[str, str], target: tuple[str, str]) -> str:
    """Insert or replace links by id between existing endpoints; `source`/`target` are
    (key label, label). Rows whose endpoints are missing are not written (count them)."""
    return "\n".join([
        "UNWIND $rows AS row",
        _endpoint("a", *source, "source"),
        _endpoint("b", *target, "target"),
        f"MERGE (a)-[r{rel_types([rel_type])} {{id: row.id}}]->(b)",
        "ON CREATE SET r = row.props",  # ON CREATE/ON MATCH: no Eager in the plan, unlike a plain SET
        "ON MATCH SET r = row.props",
        "RETURN count(r) AS written",
    ])


def missing_endpoints(source: tuple[str, str], target: tuple[str, str]) -> str:
    return "\n".join([
        "UNWIND $rows AS row",
        _endpoint("a", *source, "source", optional=True),
        _endpoint("b", *target, "target", optional=True),
        "WITH row, a, b WHERE a IS NULL OR b IS NULL",
        "RETURN row.source AS source, a IS NULL AS no_source, row.target AS target LIMIT 1",
    ])


def nodes_by_ids(key_labels: Sequence[str]) -> str:
    """A subquery yielding `n` for every node whose id is in $ids, whatever its type."""
    parts = [f"MATCH (n{labels([label])}) WHERE n.id IN $ids RETURN n" for label in key_labels]
    return "CALL () {\n  " + "\n  UNION\n  ".join(parts) + "\n}"


def delete_nodes(key_labels: Sequence[str]) -> str:
    return nodes_by_ids(key_labels) + "\nDETACH DELETE n"


def delete_typed_nodes(type_labels: Sequence[str]) -> str:
    return f"MATCH (n{labels(type_labels)}) WHERE n.id IN $ids DETACH DELETE n"


def delete_links(rel_type: str) -> str:
    return f"MATCH ()-[r{rel_types([rel_type])}]->() WHERE r.id IN $ids DELETE r"


CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


# -- reads ------------------------------------------------------------------------
NODE_FIELDS = "labels(n) AS labels, properties(n) AS props"
LINK_FIELDS = "r.id AS id, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props"


def node_checksums(type_labels: Sequence[str], by_ids: bool) -> str:
    where = " WHERE n.id IN $ids" if by_ids else ""
    return f"MATCH (n{labels(type_labels)}){where} RETURN n.id AS id, n.checksum AS checksum"


def link_checksums(rel_type: str, by_ids: bool) -> str:
    where = " WHERE r.id IN $ids" if by_ids else ""
    return f"MATCH ()-[r{rel_types([rel_type])}]->(){where} RETURN r.id AS id, r.checksum AS checksum"


def existing_ids(type_labels: Sequence[str]) -> str:
    return f"MATCH (n{labels(type_labels)}) WHERE n.id IN $ids RETURN n.id AS id"


def get_nodes(key_labels: Sequence[str]) -> str:
    return nodes_by_ids(key_labels) + f"\nRETURN {NODE_FIELDS}"


def find_nodes(label_sets: Sequence[Sequence[str]], prop: str) -> str:
    """Nodes with any of the label sets whose property is in $values (one index seek each)."""
    parts = [f"MATCH (n{labels(type_labels)}) WHERE n.{name(prop)} IN $values RETURN n" for type_labels in label_sets]
    return "CALL () {\n  " + "\n  UNION\n  ".join(parts) + f"\n}}\nRETURN {NODE_FIELDS}"


def search(search_labels: Sequence[str]) -> str:
    """Name search: prefix hits first, then by folded name, then id (as the embedded store)."""
    parts = [f"MATCH (n{labels([label])}) WHERE n.name_folded CONTAINS $q RETURN n" for label in search_labels]
    return "\n".join([
        "CALL () {\n  " + "\n  UNION\n  ".join(parts) + "\n}",
        "WITH n WHERE n.name_folded <> ''",
        f"RETURN {NODE_FIELDS}",
        "ORDER BY CASE WHEN n.name_folded STARTS WITH $q THEN 0 ELSE 1 END, n.name_folded, n.id",
        "LIMIT $limit",
    ])


def links_of(key_labels: Sequence[str], types: Sequence[str], direction: str) -> str:
    pattern = {"out": "(n)-[r{t}]->()", "in": "(n)<-[r{t}]-()", "both": "(n)-[r{t}]-()"}[direction]
    return "\n".join([
        nodes_by_ids(key_labels),
        "MATCH " + pattern.format(t=rel_types(types)),
        f"WHERE {valid_on('r')}",
        "WITH DISTINCT r",
        f"RETURN {LINK_FIELDS}",
    ])


def iter_nodes(type_labels: Sequence[str]) -> str:
    return f"MATCH (n{labels(type_labels)}) RETURN {NODE_FIELDS}"


def iter_links(types: Sequence[str]) -> str:
    return f"MATCH ()-[r{rel_types(types)}]->() WHERE {valid_on('r')} RETURN {LINK_FIELDS}"


def count_nodes(type_labels: Sequence[str]) -> str:
    return f"MATCH (n{labels(type_labels)}) RETURN count(n) AS count"


def count_links(rel_type: str) -> str:
    return f"MATCH ()-[r{rel_types([rel_type])}]->() RETURN count(r) AS count"


def node_checksum_chunks(type_labels: Sequence[str]) -> str:
    """Every (id, checksum) of a node type in lists of $chunk pairs: far fewer records to
    decode than one per node (the whole list is collected in the server's heap)."""
    return (f"MATCH (n{labels(type_labels)}) WITH collect([n.id, n.checksum]) AS pairs "
            "UNWIND range(0, size(pairs) - 1, $chunk) AS i RETURN pairs[i..i + $chunk] AS chunk")


def link_checksum_chunks(rel_type: str) -> str:
    return (f"MATCH ()-[r{rel_types([rel_type])}]->() WITH collect([r.id, r.checksum]) AS pairs "
            "UNWIND range(0, size(pairs) - 1, $chunk) AS i RETURN pairs[i..i + $chunk] AS chunk")


PING = "RETURN 1 AS up"
