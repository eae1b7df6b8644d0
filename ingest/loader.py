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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from graph.memory import collector_paused
from graph.schema import load_schema
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from ingest import checks
from ingest.collect import RECORD_TYPES, Collector, RowReader, Source, Split
from ingest.formats import classify, expand
from ingest.lines import LineRaw
from ingest.memo import RowMemo, write_marker
from ingest.parallel import AheadValidator, default_workers
from ingest.progress import Bars
from ingest.readers import RawRow, read_rows
from ingest.references import ReferenceIndex
from ingest.rejects import Reject, RejectsWriter
from ingest.resolve_hook import IdentityResolver, Resolver
from ingest.source_records import SOURCE_RECORD, has_record, source_record
from ingest.summary import LoadSummary
from ingest.validation import RowValidator, ValidRow
from ingest.writer import Candidate, FinishingSink, Sink, StoredChecksums, row_checksum, write_rows

MEMO_FILE = "ingest-memo.json"


def load_files(
    store: GraphStore, paths: Iterable[Path | str], *, rejects_path: Path | None = None,
    progress: bool = True, resolver: Resolver | None = None, sink: Sink | None = None,
    settings: Settings | None = None, memo: bool = True,
) -> LoadSummary:
    """Load canonical files and folders (`<Type>.csv` / `<Type>.jsonl`) into the store.
    With `memo`, link rows identical to rows validated in an earlier run are recognised
    by their digest instead of validated again (see ingest.memo)."""
    files, unknown = classify(expand(paths))
    sources = [Source(f.type, f.name, _reader(f.path), _size(f.path), f.path) for f in files]
    rejected_files = [
        Reject(file=p.name, line=None, type="?", id=None, field=None, reason=f"whole file rejected: {why}")
        for p, why in unknown
    ]
    return load_sources(store, sources, rejects_path=rejects_path, progress=progress, resolver=resolver,
                        sink=sink, settings=settings, rejected_files=rejected_files, memo=memo,
                        file_names=[str(p) for p in [*(f.path for f in files), *(p for p, _ in unknown)]])


def _reader(path: Path) -> RowReader:
    return lambda: read_rows(path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_sources(
    store: GraphStore, sources: Sequence[Source], *, rejects_path: Path | None = None,
    progress: bool = True, resolver: Resolver | None = None, sink: Sink | None = None,
    settings: Settings | None = None, rejected_files: Sequence[Reject] = (), file_names: Sequence[str] = (),
    memo: bool = True,
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
        row_memo = RowMemo(settings.data_dir / MEMO_FILE) if memo else None
        if row_memo is not None:
            row_memo.start(write_marker(store))
        loader = Loader(store, rejects=rejects, summary=summary, bars=bars, resolver=resolver or IdentityResolver(),
                        sink=sink or store, batch_size=settings.batch_size, memo=row_memo,
                        ahead=AheadValidator(default_workers(settings.ingest_workers)))
        try:
            with collector_paused():  # a load holds every row of a type at once (graph.memory)
                loader.run(sources)
            if isinstance(sink, FinishingSink):
                sink.rows_written()
        finally:
            loader.checksums.close()
            loader.ahead.close()
            summary.validated_in_workers = loader.ahead.rows_checked
        if row_memo is not None:
            row_memo.save(write_marker(store) if sink is None or sink is store else None)
    summary.rejects_path = str(rejects_path) if rejects.count else None
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.finished_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if hasattr(store, "flush"):
        store.flush()  # the embedded store persists on flush; a no-op elsewhere
    summary.write_run_record(runs)
    if progress:
        summary.print()
    return summary


class Loader(Collector):
    def __init__(self, store: GraphStore, *, rejects: RejectsWriter, summary: LoadSummary, bars: Bars,
                 resolver: Resolver, sink: Sink, batch_size: int, memo: RowMemo | None = None,
                 ahead: AheadValidator | None = None) -> None:
        self.store = store
        self.ahead = ahead or AheadValidator(0)
        self.rejects = rejects
        self.summary = summary
        self.bars = bars
        self.resolver = resolver
        self.sink = sink
        self.batch_size = batch_size
        self.memo = memo
        self.schema = load_schema()
        self.refs = ReferenceIndex(store)
        self.party_types = frozenset(self.schema.concrete("Party"))
        self.stored = store.counts()
        self.checksums = StoredChecksums(store, {**self.stored.nodes, **self.stored.links}, batch_size)
        self._first_seen: dict[tuple[bool, str], tuple[str, int]] = {}  # (is_link, id) -> (file, line)
        self._parties_seen: set[str] = set()  # canonical party ids of this load
        self._prepared: dict[Source, Split] = {}

    # -- orchestration --------------------------------------------------------
    def run(self, sources: Sequence[Source]) -> None:
        by_type: dict[str, list[Source]] = {}
        for source in sorted(sources, key=lambda s: s.type in self.schema.relationships):
            by_type.setdefault(source.type, []).append(source)
        phases = self.summary.phases
        order = list(by_type.items())
        for index, (type_name, group) in enumerate(order):
            started = time.perf_counter()
            if not (self.memo is not None and self.memo.believes(type_name)):
                # a believed memo settles known rows unread: only the others are compared, by id
                related = RECORD_TYPES if type_name in self.party_types else ()
                self.checksums.prefetch([type_name, *related], sum(s.size for s in group))
            bar = self.bars.task(f"read {type_name}")
            candidates = self.collect(type_name, group, bar)
            bar.done()
            read = time.perf_counter()
            if index + 1 < len(order):
                self.prepare(*order[index + 1])  # the workers validate it while this type is written
            if type_name in self.schema.relationships:
                self.load_links(type_name, candidates)
            else:
                self.load_nodes(type_name, candidates)
            done = time.perf_counter()
            phases["read_and_validate"] = round(phases.get("read_and_validate", 0.0) + read - started, 3)
            phases["compare_check_write"] = round(phases.get("compare_check_write", 0.0) + done - read, 3)

    def revalidate(self, type_name: str, rows: list[Candidate]) -> list[Candidate]:
        """Recalled rows the store does not hold as they were: validate them in full."""
        if not any(c.recalled for c in rows):
            return rows
        validator = RowValidator(type_name)
        out: list[Candidate] = []
        for c in rows:
            fresh = self.validate(validator, c.file, RawRow(c.line, c.raw), c.digest) if c.recalled else c
            if fresh is not None:
                fresh.checksum = row_checksum(fresh.row, validator.is_link)
                fresh.stored = c.stored
                out.append(fresh)
        return out

    # -- nodes ----------------------------------------------------------------
    def load_nodes(self, type_name: str, candidates: list[Candidate]) -> None:
        is_party = type_name in self.party_types
        parties: list[Candidate] = []
        merged: list[Candidate] = []
        survivors = self._stored_survivors(type_name, candidates) if is_party else set()
        own_first = sorted(candidates, key=lambda c: c.row.id != c.row_id)  # a party's own row wins over others
        for candidate in own_first:
            resolved_away = candidate.row.id != candidate.row_id and candidate.row.id in survivors
            if is_party and (candidate.row.id in self._parties_seen or resolved_away):
                # another record of a party loaded in this run, or of a stored party it was
                # resolved into: it adds its source record and never overwrites the party
                merged.append(candidate)
                continue
            self._parties_seen.add(candidate.row.id)
            parties.append(candidate)
        self.summary.counts(type_name).merged += len(merged)
        accepted = self.sync(type_name, False, parties,
                             lambda rows: checks.node_type_clashes(self, type_name, self.revalidate(type_name, rows)))
        for candidate in accepted:
            self.refs.add(candidate.row.id, type_name)
        if is_party:
            self.write_source_records(type_name, accepted, merged)

    def _stored_survivors(self, type_name: str, candidates: list[Candidate]) -> set[str]:
        """Stored parties that rows of this load were resolved into (not their own id)."""
        mapped = sorted({c.row.id for c in candidates if c.row.id != c.row_id})
        return self.store.existing_ids(type_name, mapped) if mapped else set()

    def write_source_records(self, type_name: str, parties: list[Candidate], merged: list[Candidate]) -> None:
        """SourceRecord + HAS_RECORD for every party row; a recalled row's record is
        recalled too and only rebuilt when the store does not hold it as it was."""
        records: list[Candidate] = []
        links: list[Candidate] = []
        record_of: dict[int, str] = {}  # id(party candidate) -> its source record id
        for c in parties + self.revalidate(type_name, merged):
            if c.recalled:
                record = ValidRow(id=c.record[0], props={})
                records.append(Candidate(file=c.file, line=c.line, raw=c, row_id=record.id, row=record,
                                         checksum=c.record[1], recalled=True))
            else:
                record = self._source_record(type_name, c)
                records.append(Candidate(file=c.file, line=c.line, raw=None, row_id=record.id, row=record))
            record_of[id(c)] = record.id
            links.append(Candidate(file=c.file, line=c.line, raw=None, row_id=record.id,
                                   row=has_record(c.row.id, record.id, c.row_id)))
        stored = {c.row.id: c for c in self.sync(SOURCE_RECORD, False, records, self._rebuild_records(type_name))}
        self.sync("HAS_RECORD", True, links)
        if self.memo is not None:
            for c in parties:
                record_row = stored.get(record_of[id(c)])
                if c.digest and record_row is not None:
                    self.memo.remember(type_name, c.digest, (c.row_id, c.row.id, c.checksum, record_row.row.id,
                                                             record_row.checksum))

    def _source_record(self, type_name: str, party: Candidate) -> ValidRow:
        content_hash = party.checksum or row_checksum(party.row, False)  # merged rows were not checksummed yet
        return source_record(type_name, party.row_id, party.row, content_hash, party.file, party.line)

    def _rebuild_records(self, type_name: str) -> Callable[[list[Candidate]], list[Candidate]]:
        def rebuild(rows: list[Candidate]) -> list[Candidate]:
            out: list[Candidate] = []
            for c in rows:
                if not c.recalled:
                    out.append(c)
                    continue
                for party in self.revalidate(type_name, [c.raw]):
                    party.checksum = row_checksum(party.row, False)
                    record = self._source_record(type_name, party)
                    out.append(Candidate(file=c.file, line=c.line, raw=None, row_id=record.id, row=record,
                                         checksum=row_checksum(record, False), stored=c.stored))
            return out

        return rebuild

    # -- links ----------------------------------------------------------------
    def load_links(self, type_name: str, candidates: list[Candidate]) -> None:
        def check(rows: list[Candidate]) -> list[Candidate]:
            rows = checks.references(self, type_name, self.revalidate(type_name, rows))
            if type_name == "OWNS":
                rows = checks.ownership(self, rows)
            return rows

        accepted = self.sync(type_name, True, candidates, check)
        if self.memo is not None:
            for c in accepted:
                if c.digest:
                    self.memo.remember(type_name, c.digest, (c.row_id, c.row.id, c.checksum))

    # -- shared ---------------------------------------------------------------
    def sync(self, type_name: str, is_link: bool, candidates: list[Candidate],
             check: Callable[[list[Candidate]], list[Candidate]] | None = None) -> list[Candidate]:
        """Checksum, compare with the store, check what changed, write it; returns the
        rows that are now in the store (unchanged ones included)."""
        for candidate in candidates:
            if not candidate.checksum:  # recalled rows and rows checked by a worker have theirs
                candidate.checksum = row_checksum(candidate.row, is_link)
        stored = self.stored_checksums(type_name, [c.row.id for c in candidates])
        for candidate in candidates:
            candidate.stored = stored.get(candidate.row.id)
        unchanged = [c for c in candidates if c.stored == c.checksum]
        changed = [c for c in candidates if c.stored != c.checksum]
        accepted = check(changed) if check is not None and changed else changed
        bar = self.bars.task(f"write {type_name}", total=len(accepted))
        self.checksums.settle()
        write_rows(self.sink, type_name, is_link, accepted, self.batch_size, bar.advance)
        bar.done()
        counts = self.summary.counts(type_name)
        counts.unchanged += len(unchanged)
        counts.loaded += sum(1 for c in accepted if c.is_new)
        counts.updated += sum(1 for c in accepted if c.is_changed)
        return unchanged + accepted

    def stored_checksums(self, type_name: str, ids: list[str]) -> dict[str, str]:
        """Stored checksums of these ids: from a believed memo for the ids it knows (a
        changed row of a known id), from the store for the others."""
        known = self.memo.stored_checksums(type_name) if self.memo is not None else {}
        if not known:
            return self.checksums.get(type_name, ids)
        out = dict(self.checksums.get(type_name, [i for i in ids if i not in known]))  # a scan's map stays as read
        out.update((i, known[i]) for i in ids if i in known)
        return out

    def settled(self, type_name: str, ids: list[str]) -> None:
        """Party rows a believed memo counted as stored unchanged: references to them
        need no store lookup."""
        for node_id in ids:
            self.refs.add(node_id, type_name)

    def reject(self, type_name: str, file: str, line: int | None, row_id: Any, field: str | None,
               reason: str, raw: Any) -> None:
        raw = raw.data() if isinstance(raw, LineRaw) else raw  # a row validated in a worker
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
