"""First loads into an empty Neo4j database through `neo4j-admin database import`.

The rows go through exactly the same reading, validation, checks, checksums and source
records as `load_files`; only the write differs: instead of Cypher, each type becomes a
CSV file in the import tool's format, written to the database with the server stopped
(`LocalNeo4j.bulk_import`). The import replaces the database wholesale, so this is only
for an empty database; every later load goes through `load_files`, which finds the
same ids and checksums the driver path would have written."""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from graph.embedded import EmbeddedStore
from graph.neo4j import Neo4jStore
from graph.neo4j_server import LocalNeo4j
from graph.schema import Property, load_schema
from graph.settings import Settings, get_settings
from graph.store import LinkRow, NodeRow
from ingest.loader import MEMO_FILE, load_files
from ingest.memo import stamp
from ingest.resolve_hook import Resolver
from ingest.summary import LoadSummary

# Schema property types -> the import tool's column types (what the driver would store).
IMPORT_TYPES = {"number": "double", "percent": "double", "integer": "long", "boolean": "boolean"}


def _column(name: str, prop: Property) -> str:
    kind = IMPORT_TYPES.get(prop.type)
    return f"{name}:{kind}" if kind else name


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class BulkImportSink:
    """Writes validated rows as one import CSV per type (nodes and relationships)."""

    def __init__(self, folder: Path, on_rows_written: Callable[[], None] | None = None) -> None:
        self.folder = folder
        self.schema = load_schema()
        self.multiline = False
        self._files: dict[str, _ImportFile] = {}
        self._on_rows_written = on_rows_written

    def rows_written(self) -> None:
        """The loader has written its last row (ingest.writer.FinishingSink)."""
        if self._on_rows_written is not None:
            self._on_rows_written()

    def _open(self, type_name: str, is_link: bool) -> _ImportFile:
        if type_name not in self._files:
            props = (self.schema.relationships[type_name].properties if is_link
                     else self.schema.nodes[type_name].properties)
            lead = [":START_ID", ":END_ID", ":TYPE", "id", "checksum"] if is_link else ["id:ID", ":LABEL", "checksum"]
            path = self.folder / f"{type_name}.import.csv"
            handle = path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle)
            writer.writerow([*lead, *(_column(n, p) for n, p in props.items())])
            flags = [i for i, p in enumerate(props.values()) if p.type == "boolean"]
            self._files[type_name] = _ImportFile(path, handle, writer, list(props), flags, is_link)
        return self._files[type_name]

    def write_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None:
        out = self._open(type_name, False)
        labels = ";".join(self.schema.nodes[type_name].labels)
        # csv writes None as an empty cell, which the import tool reads as no property.
        out.writer.writerows([row.id, labels, row.checksum, *out.cells(row.props)] for row in rows)
        out.rows += len(rows)

    def write_links(self, type_name: str, rows: Sequence[LinkRow]) -> None:
        out = self._open(type_name, True)
        out.writer.writerows([row.source, row.target, type_name, row.id, row.checksum, *out.cells(row.props)]
                             for row in rows)
        out.rows += len(rows)

    def close(self) -> tuple[list[Path], list[Path]]:
        nodes: list[Path] = []
        links: list[Path] = []
        for out in self._files.values():
            out.handle.close()
            self.multiline = self.multiline or out.has_line_breaks()
            (links if out.is_link else nodes).append(out.path)
        self._files.clear()
        return nodes, links


@dataclass
class _ImportFile:
    path: Path
    handle: TextIO
    writer: Any
    names: list[str]
    flags: list[int]  # positions of the boolean properties, written as the import tool spells them
    is_link: bool
    rows: int = 0

    def cells(self, props: Mapping[str, Any]) -> list[Any]:
        values = [props.get(n) for n in self.names]
        for index in self.flags:
            values[index] = _cell(values[index])
        return values

    def has_line_breaks(self) -> bool:
        """True when a value holds a line break: the file then has more of them than the
        rows' own line ends (csv ends each line with \r\n), and the import tool must be
        told to read quoted fields across lines (slower, so only then)."""
        data = self.path.read_bytes()
        lines = self.rows + 1  # and the header
        return data.count(b"\n") != lines or data.count(b"\r") != lines


def _timed_import(server: LocalNeo4j, nodes: list[Path], links: list[Path], extra: list[str],
                  marks: dict[str, float]) -> str:
    out = server.bulk_import(nodes, links, extra_args=extra)
    marks["imported"] = time.perf_counter()
    return out


def bulk_load_files(
    server: LocalNeo4j, paths: Iterable[Path | str], *, rejects_path: Path | None = None, progress: bool = True,
    resolver: Resolver | None = None, settings: Settings | None = None, work_dir: Path | None = None,
) -> tuple[LoadSummary, Neo4jStore]:
    """Validate and load files into the server's EMPTY database with the import tool,
    start the server, create the schema; returns the summary and a connected store."""
    settings = settings or get_settings()
    started = time.perf_counter()
    marks: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="kith-import-") as scratch, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="kith-import") as pool:
        imports: list[Future[str]] = []

        def start_import() -> None:
            """The files are complete: import them while the loader saves its memo, rejects
            and summary (this process waits on the import tool otherwise)."""
            nodes, links = sink.close()
            marks["csv"] = time.perf_counter()
            extra = ["--multiline-fields=true"] if sink.multiline else []
            imports.append(pool.submit(_timed_import, server, nodes, links, extra, marks))

        sink = BulkImportSink(Path(scratch), start_import)
        # Nothing is stored yet: an empty in-memory store answers the lookups, so every
        # row is new and references resolve within the load, as they would in Neo4j.
        try:
            summary = load_files(EmbeddedStore(), paths, rejects_path=rejects_path, progress=progress,
                                 resolver=resolver, sink=sink, settings=settings)
        finally:
            for job in imports:
                job.exception()  # never leave the tool reading files that are being removed
        imports[0].result()  # the loader calls start_import when its last row is written
    if not server.running:
        server.start()
    marks["server"] = time.perf_counter()
    store = Neo4jStore.connect(server.uri, server.user, server.password)
    store.ensure_schema()
    # the memo's rows were confirmed against an empty store; now they are in this one
    stamp(settings.data_dir / MEMO_FILE, store.write_marker())
    marks["schema"] = time.perf_counter()
    summary.phases.update({"validate_and_write_csv": round(marks["csv"] - started, 3),
                           "import_tool": round(marks["imported"] - marks["csv"], 3),
                           "server_start": round(marks["server"] - marks["imported"], 3),
                           "schema": round(marks["schema"] - marks["server"], 3)})
    summary.store = "neo4j (bulk import)"
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.write_run_record(settings.data_dir / "runs")
    return summary, store
