"""Load canonical files into a graph store: validate every row, keep every bad row in
the rejects file with its file, line, field and reason, and write only what is new or
changed. `load_files` is the entry point; `load_sources` serves other readers (BODS).

Per type, in load order (node types before link types):
collect (read + validate + duplicate ids) -> resolve ids -> checksum -> compare with
the store -> checks on new and changed rows (type clashes; references; ownership
totals) -> write -> source records for party rows.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.schema import load_schema
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from ingest import checks
from ingest.formats import classify, expand
from ingest.progress import Bars
from ingest.readers import FileReadError, RawRow, RowError, read_rows
from ingest.references import ReferenceIndex
from ingest.rejects import Reject, RejectsWriter
from ingest.resolve_hook import IdentityResolver, Resolver
from ingest.source_records import has_record, source_record
from ingest.summary import LoadSummary
from ingest.validation import RowValidator
from ingest.writer import Candidate, Sink, fetch_stored, row_checksum, write_rows

RowReader = Callable[[], Iterator[RawRow | RowError]]


@dataclass(frozen=True, slots=True)
class Source:
    """Rows of one type from one file (or one part of a BODS file)."""

    type: str
    file: str
    rows: RowReader


def load_files(
    store: GraphStore, paths: Iterable[Path | str], *, rejects_path: Path | None = None,
    progress: bool = True, resolver: Resolver | None = None, sink: Sink | None = None,
    settings: Settings | None = None,
) -> LoadSummary:
    """Load canonical files and folders (`<Type>.csv` / `<Type>.jsonl`) into the store."""
    files, unknown = classify(expand(paths))
    sources = [Source(f.type, f.name, _reader(f.path)) for f in files]
    rejected_files = [
        Reject(file=p.name, line=None, type="?", id=None, field=None, reason=f"whole file rejected: {why}")
        for p, why in unknown
    ]
    return load_sources(store, sources, rejects_path=rejects_path, progress=progress, resolver=resolver,
                        sink=sink, settings=settings, rejected_files=rejected_files,
                        file_names=[str(p) for p in [*(f.path for f in files), *(p for p, _ in unknown)]])


def _reader(path: Path) -> RowReader:
    return lambda: read_rows(path)


def load_sources(
    store: GraphStore, sources: Sequence[Source], *, rejects_path: Path | None = None,
    progress: bool = True, resolver: Resolver | None = None, sink: Sink | None = None,
    settings: Settings | None = None, rejected_files: Sequence[Reject] = (), file_names: Sequence[str] = (),
) -> LoadSummary:
    settings = settings or get_settings()
    started = time.perf_counter()
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    runs = settings.data_dir / "runs"
    rejects_path = rejects_path or runs / f"{run_id}.rejects.jsonl"
    summary = LoadSummary(run_id=run_id, started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                          store=store.kind, files=list(file_names))
    with RejectsWriter(rejects_path) as rejects, Bars(progress) as bars:
        for reject in rejected_files:
            rejects.add(reject)
            summary.rejected_files.append(f"{reject.file}: {reject.reason}")
        loader = Loader(store, rejects=rejects, summary=summary, bars=bars, resolver=resolver or IdentityResolver(),
                        sink=sink or store, batch_size=settings.batch_size)
        loader.run(sources)
    summary.rejects_path = str(rejects_path) if rejects.count else None
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.finished_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if hasattr(store, "flush"):
        store.flush()  # the embedded store persists on flush; a no-op elsewhere
    summary.write_run_record(runs)
    if progress:
        summary.print()
    return summary


class Loader:
    def __init__(self, store: GraphStore, *, rejects: RejectsWriter, summary: LoadSummary, bars: Bars,
                 resolver: Resolver, sink: Sink, batch_size: int) -> None:
        self.store = store
        self.rejects = rejects
        self.summary = summary
        self.bars = bars
        self.resolver = resolver
        self.sink = sink
        self.batch_size = batch_size
        self.schema = load_schema()
        self.refs = ReferenceIndex(store)
        self.party_types = frozenset(self.schema.concrete("Party"))
        self.stored = store.counts()
        self._first_seen: dict[tuple[bool, str], str] = {}  # (is_link, id) -> "file:line"
        self._parties_seen: set[str] = set()  # canonical party ids of this load

    # -- orchestration --------------------------------------------------------
    def run(self, sources: Sequence[Source]) -> None:
        by_type: dict[str, list[Source]] = {}
        for source in sorted(sources, key=lambda s: s.type in self.schema.relationships):
            by_type.setdefault(source.type, []).append(source)
        for type_name, group in by_type.items():
            candidates = self.collect(type_name, group)
            if type_name in self.schema.relationships:
                self.load_links(type_name, candidates)
            else:
                self.load_nodes(type_name, candidates)

    def collect(self, type_name: str, group: Sequence[Source]) -> list[Candidate]:
        """Read and validate every row of one type; bad rows go to the rejects."""
        validator = RowValidator(type_name)
        bar = self.bars.task(f"read {type_name}")
        out: list[Candidate] = []
        for source in group:
            try:
                rows = source.rows()
            except (FileReadError, OSError) as error:
                self.reject_file(type_name, source.file, str(error))
                continue
            for item in rows:
                bar.advance()
                if isinstance(item, RowError):
                    self.reject(type_name, source.file, item.line, None, None, item.reason, item.raw)
                    continue
                candidate = self.validate(validator, source.file, item)
                if candidate is not None:
                    out.append(candidate)
        bar.done()
        return out

    def validate(self, validator: RowValidator, file: str, item: RawRow) -> Candidate | None:
        result = validator.validate(item.data)
        raw_id = item.data.get("id")
        if isinstance(result, list):
            fields = ",".join(sorted({p.field for p in result if p.field})) or None
            reason = "; ".join(f"{p.field}: {p.reason}" if p.field else p.reason for p in result)
            self.reject(validator.type_name, file, item.line, raw_id, fields, reason, item.data)
            return None
        key = (validator.is_link, result.id)
        first = self._first_seen.get(key)
        if first is not None:
            reason = f"duplicate id {result.id!r} in this load (first at {first}); this row is not loaded"
            self.reject(validator.type_name, file, item.line, result.id, "id", reason, item.data)
            return None
        self._first_seen[key] = f"{file}:{item.line}"
        return Candidate(file=file, line=item.line, raw=item.data, row_id=result.id, row=result)

    # -- nodes ----------------------------------------------------------------
    def load_nodes(self, type_name: str, candidates: list[Candidate]) -> None:
        is_party = type_name in self.party_types
        parties: list[Candidate] = []
        merged: list[Candidate] = []
        for candidate in candidates:
            if is_party:
                candidate.row.id = self.resolver.canonical(candidate.row_id)
                if candidate.row.id in self._parties_seen:
                    merged.append(candidate)  # another record of a party loaded in this run
                    continue
                self._parties_seen.add(candidate.row.id)
            parties.append(candidate)
        self.summary.counts(type_name).merged += len(merged)
        accepted = self.sync(type_name, False, parties, lambda rows: checks.node_type_clashes(self, type_name, rows))
        for candidate in accepted:
            self.refs.add(candidate.row.id, type_name)
        if is_party:
            self.write_source_records(type_name, accepted + merged)

    def write_source_records(self, type_name: str, candidates: list[Candidate]) -> None:
        records: list[Candidate] = []
        links: list[Candidate] = []
        for c in candidates:
            content_hash = c.checksum or row_checksum(c.row, False)  # merged rows were not checksummed yet
            record = source_record(type_name, c.row_id, c.row, content_hash, c.file, c.line)
            records.append(Candidate(file=c.file, line=c.line, raw=None, row_id=record.id, row=record))
            links.append(Candidate(file=c.file, line=c.line, raw=None, row_id=record.id,
                                   row=has_record(c.row.id, record, c.row_id)))
        self.sync("SourceRecord", False, records)
        self.sync("HAS_RECORD", True, links)

    # -- links ----------------------------------------------------------------
    def load_links(self, type_name: str, candidates: list[Candidate]) -> None:
        for candidate in candidates:
            candidate.row.source = self.resolver.canonical(candidate.row.source)
            candidate.row.target = self.resolver.canonical(candidate.row.target)

        def check(rows: list[Candidate]) -> list[Candidate]:
            rows = checks.references(self, type_name, rows)
            if type_name == "OWNS":
                rows = checks.ownership(self, rows, candidates)
            return rows

        self.sync(type_name, True, candidates, check)

    # -- shared ---------------------------------------------------------------
    def sync(self, type_name: str, is_link: bool, candidates: list[Candidate],
             check: Callable[[list[Candidate]], list[Candidate]] | None = None) -> list[Candidate]:
        """Checksum, compare with the store, check what changed, write it; returns the
        rows that are now in the store (unchanged ones included)."""
        for candidate in candidates:
            candidate.checksum = row_checksum(candidate.row, is_link)
        stored_total = (self.stored.links if is_link else self.stored.nodes).get(type_name, 0)
        stored = fetch_stored(self.store, type_name, [c.row.id for c in candidates], stored_total, self.batch_size)
        for candidate in candidates:
            candidate.stored = stored.get(candidate.row.id)
        unchanged = [c for c in candidates if c.stored == c.checksum]
        changed = [c for c in candidates if c.stored != c.checksum]
        accepted = check(changed) if check is not None and changed else changed
        bar = self.bars.task(f"write {type_name}", total=len(accepted))
        write_rows(self.sink, type_name, is_link, accepted, self.batch_size, bar.advance)
        bar.done()
        counts = self.summary.counts(type_name)
        counts.unchanged += len(unchanged)
        counts.loaded += sum(1 for c in accepted if c.is_new)
        counts.updated += sum(1 for c in accepted if c.is_changed)
        return unchanged + accepted

    def reject(self, type_name: str, file: str, line: int | None, row_id: Any, field: str | None,
               reason: str, raw: Any) -> None:
        self.rejects.add(Reject(file=file, line=line, type=type_name, id=None if row_id is None else str(row_id),
                                field=field, reason=reason, raw=raw))
        self.summary.counts(type_name).rejected += 1

    def reject_candidate(self, type_name: str, candidate: Candidate, field: str | None, reason: str) -> None:
        self.reject(type_name, candidate.file, candidate.line, candidate.row_id, field, reason, candidate.raw)

    def reject_file(self, type_name: str, file: str, reason: str) -> None:
        self.rejects.add(Reject(file=file, line=None, type=type_name, id=None, field=None,
                                reason=f"whole file rejected: {reason}", raw=None))
        self.summary.rejected_files.append(f"{file}: {reason}")
        self.summary.counts(type_name)
