"""Reference checks: a link's endpoints must be nodes of the edge's labels from the
schema, either loaded in this run or already in the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graph.schema import load_schema
from graph.store import GraphStore

QUERY_BATCH = 10_000


class ReferenceIndex:
    """Knows the node ids of this load (id -> concrete type) and asks the store for the rest."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.loaded: dict[str, str] = {}
        self._schema = load_schema()

    def add(self, node_id: str, type_name: str) -> None:
        self.loaded[node_id] = type_name

    def missing(self, label: str, ids: Iterable[str]) -> set[str]:
        """Which ids are neither loaded as a `label` in this run nor stored as one."""
        types = set(self._schema.concrete(label))
        unknown = sorted({i for i in ids if self.loaded.get(i) not in types})
        found: set[str] = set()
        for start in range(0, len(unknown), QUERY_BATCH):
            found |= self.store.existing_ids(label, unknown[start:start + QUERY_BATCH])
        return set(unknown) - found

    def describe(self, label: str, node_id: str) -> str:
        other = self.loaded.get(node_id)
        if other is not None:
            return f"{node_id!r} is a {other} in this load, not a {label}"
        return f"no {label} with id {node_id!r} in this load or in the store"


def batched(items: Sequence[str], size: int = QUERY_BATCH) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
