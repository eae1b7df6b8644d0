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
from collections.abc import Iterable, Sequence
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

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.schema = load_schema()
        self.multiline = False
        self._files: dict[str, tuple[TextIO, Any, list[str], bool]] = {}

    def _open(self, type_name: str, is_link: bool) -> tuple[Any, list[str]]:
        if type_name not in self._files:
            props = (self.schema.relationships[type_name].properties if is_link
                     else self.schema.nodes[type_name].properties)
            names = list(props)
            lead = [":START_ID", ":END_ID", ":TYPE", "id", "checksum"] if is_link else ["id:ID", ":LABEL", "checksum"]
            handle = (self.folder / f"{type_name}.import.csv").open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle)
            writer.writerow([*lead, *(_column(n, props[n]) for n in names)])
            self._files[type_name] = (handle, writer, names, is_link)
        _, writer, names, _ = self._files[type_name]
        return writer, names

    def write_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None:
        writer, names = self._open(type_name, False)
        labels = ";".join(self.schema.nodes[type_name].labels)
        for row in rows:
            values = [_cell(row.props.get(n)) for n in names]
            self._note_newlines(values)
            writer.writerow([row.id, labels, row.checksum, *values])

    def write_links(self, type_name: str, rows: Sequence[LinkRow]) -> None:
        writer, names = self._open(type_name, True)
        for row in rows:
            values = [_cell(row.props.get(n)) for n in names]
            self._note_newlines(values)
            writer.writerow([row.source, row.target, type_name, row.id, row.checksum, *values])

    def _note_newlines(self, values: Iterable[Any]) -> None:
        if not self.multiline:
            self.multiline = any(isinstance(v, str) and ("\n" in v or "\r" in v) for v in values)

    def close(self) -> tuple[list[Path], list[Path]]:
        nodes: list[Path] = []
        links: list[Path] = []
        for type_name, (handle, _, _, is_link) in self._files.items():
            handle.close()
            (links if is_link else nodes).append(self.folder / f"{type_name}.import.csv")
        self._files.clear()
        return nodes, links


def bulk_load_files(
    server: LocalNeo4j, paths: Iterable[Path | str], *, rejects_path: Path | None = None, progress: bool = True,
    resolver: Resolver | None = None, settings: Settings | None = None, work_dir: Path | None = None,
) -> tuple[LoadSummary, Neo4jStore]:
    """Validate and load files into the server's EMPTY database with the import tool,
    start the server, create the schema; returns the summary and a connected store."""
    settings = settings or get_settings()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="kith-import-") as scratch:
        sink = BulkImportSink(Path(scratch))
        # Nothing is stored yet: an empty in-memory store answers the lookups, so every
        # row is new and references resolve within the load, as they would in Neo4j.
        summary = load_files(EmbeddedStore(), paths, rejects_path=rejects_path, progress=progress,
                             resolver=resolver, sink=sink, settings=settings)
        nodes, links = sink.close()
        marks = [time.perf_counter()]
        extra = ["--multiline-fields=true"] if sink.multiline else []
        server.bulk_import(nodes, links, extra_args=extra)
        marks.append(time.perf_counter())
    if not server.running:
        server.start()
    marks.append(time.perf_counter())
    store = Neo4jStore.connect(server.uri, server.user, server.password)
    store.ensure_schema()
    # the memo's rows were confirmed against an empty store; now they are in this one
    stamp(settings.data_dir / MEMO_FILE, store.write_marker())
    marks.append(time.perf_counter())
    summary.phases.update({"validate_and_write_csv": round(marks[0] - started, 3),
                           "import_tool": round(marks[1] - marks[0], 3), "server_start": round(marks[2] - marks[1], 3),
                           "schema": round(marks[3] - marks[2], 3)})
    summary.store = "neo4j (bulk import)"
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.write_run_record(settings.data_dir / "runs")
    return summary, store
