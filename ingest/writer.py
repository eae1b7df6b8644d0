"""Idempotent writes: compare each row's content checksum with the stored one and send
only new or changed rows, in batches. Unchanged rows cost one checksum lookup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from graph.store import GraphStore, LinkRow, NodeRow, content_checksum
from ingest.validation import ValidRow

# Fetch a type's whole checksum map in one scan rather than by id when the load
# covers at least this share of what is stored: a scan is much cheaper than lookups.
FULL_SCAN_SHARE = 0.5


class Sink(Protocol):
    """Where validated rows go: the store itself, or a bulk-import file writer."""

    def write_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None: ...

    def write_links(self, type_name: str, rows: Sequence[LinkRow]) -> None: ...


@runtime_checkable
class FinishingSink(Sink, Protocol):
    """A sink told when the last row is written, before the loader saves its memo and
    summary (the bulk-import sink starts the import tool then)."""

    def rows_written(self) -> None: ...


@dataclass(slots=True)
class Candidate:
    """A valid row on its way to the store, with where it came from."""

    file: str
    line: int
    raw: Any
    row_id: str  # the id as the source gave it (before the resolver)
    row: ValidRow
    checksum: str = ""
    stored: str | None = None  # the stored checksum, None when new
    digest: bytes = b""  # raw-row digest for the memo (ingest.memo)
    recalled: bool = False  # known from the memo: checksum set, props not filled in
    record: tuple[str, ...] = ()  # recalled party rows: (source record id, its checksum)

    @property
    def is_new(self) -> bool:
        return self.stored is None

    @property
    def is_changed(self) -> bool:
        return self.stored is not None and self.stored != self.checksum


def row_checksum(row: ValidRow, is_link: bool) -> str:
    """Checksum of what is stored: a link's endpoints are part of its content."""
    if is_link:
        return content_checksum({**row.props, "source_id": row.source, "target_id": row.target})
    return content_checksum(row.props)


def fetch_stored(store: GraphStore, type_name: str, ids: list[str], stored_total: int,
                 batch_size: int) -> dict[str, str]:
    if not ids or stored_total == 0:
        return {}
    if len(ids) >= stored_total * FULL_SCAN_SHARE:
        return store.checksums(type_name)
    out: dict[str, str] = {}
    for start in range(0, len(ids), batch_size):
        out.update(store.checksums(type_name, ids[start:start + batch_size]))
    return out


def write_rows(sink: Sink, type_name: str, is_link: bool, rows: list[Candidate], batch_size: int,
               advance: Callable[[int], None]) -> None:
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        if is_link:
            sink.write_links(type_name, [
                LinkRow(id=c.row.id, source=c.row.source, target=c.row.target, props=c.row.props, checksum=c.checksum)
                for c in batch
            ])
        else:
            sink.write_nodes(type_name, [NodeRow(id=c.row.id, props=c.row.props, checksum=c.checksum) for c in batch])
        advance(len(batch))


class StoredChecksums:
    """Stored checksums by type, fetched in a background thread while the main thread
    reads and validates the same type's files: the database scans and streams while
    Python parses, instead of one waiting for the other. Only whole-type scans are
    prefetched (loads covering a large share of what is stored, by file size), and
    only while nothing is written, so the answer is the store as it was before."""

    ROW_BYTES = 48  # a small canonical row; over-estimating the row count only costs a scan

    def __init__(self, store: GraphStore, stored: dict[str, int], batch_size: int) -> None:
        self.store = store
        self.stored = stored  # stored counts by type (nodes and links)
        self.batch_size = batch_size
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kith-checksums")
        self._scans: dict[str, Future[dict[str, str]]] = {}

    def prefetch(self, type_names: list[str], size_bytes: int) -> None:
        estimate = size_bytes // self.ROW_BYTES
        for type_name in type_names:
            total = self.stored.get(type_name, 0)
            if type_name not in self._scans and total and estimate >= total * FULL_SCAN_SHARE:
                self._scans[type_name] = self._pool.submit(self.store.checksums, type_name)

    def get(self, type_name: str, ids: list[str]) -> dict[str, str]:
        scan = self._scans.get(type_name)
        if scan is not None:
            return scan.result()
        return fetch_stored(self.store, type_name, ids, self.stored.get(type_name, 0), self.batch_size)

    def settle(self) -> None:
        """Wait for every scan under way: called before any write, so no scan ever sees
        a half-written type (and an in-process store is never read while written)."""
        for scan in self._scans.values():
            scan.exception()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
