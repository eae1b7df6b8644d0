"""Reading and validating the rows of one type: the first step of the loader.

Rows come from lines when they can (ingest.lines): a line the memo has confirmed, in a
run where the memo is believed (see ingest.memo), is counted as unchanged right away -
no parsing, no validation, no store lookup. Every other row is parsed, recalled from the
memo (to be confirmed against the store) or validated in full, and becomes a Candidate.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.lines import LineFile, LineRaw, split_lines
from ingest.memo import RowMemo, row_digest
from ingest.parallel import AheadValidator, Checked
from ingest.progress import Bar
from ingest.readers import FileReadError, RawRow, RowError
from ingest.resolve_hook import IdentityResolver, Resolver
from ingest.source_records import SOURCE_RECORD
from ingest.validation import RowValidator, ValidRow
from ingest.writer import Candidate

if TYPE_CHECKING:
    from ingest.summary import LoadSummary

RowReader = Callable[[], Iterator[RawRow | RowError]]
RECORD_TYPES = (SOURCE_RECORD, "HAS_RECORD")  # written with every party row


@dataclass(frozen=True, slots=True)
class Source:
    """Rows of one type from one file (or one part of a BODS file)."""

    type: str
    file: str
    rows: RowReader
    size: int = 0  # bytes, when known: guides whether to scan a type's stored checksums
    path: Path | None = None  # the file, when its lines can be read directly


@dataclass(frozen=True, slots=True)
class Split:
    """A file read as lines: (line number, text, memo digest) per row, and the workers'
    results for the rows the memo does not know, in order (ingest.parallel)."""

    lines: LineFile
    rows: list[tuple[int, str, bytes]]
    checked: Iterator[Checked | None]


class Collector:
    """The loader's reading half; Loader supplies these attributes and `reject`."""

    memo: RowMemo | None
    ahead: AheadValidator
    resolver: Resolver
    party_types: frozenset[str]
    summary: LoadSummary
    _first_seen: dict[tuple[bool, str], tuple[str, int]]  # (is_link, id) -> (file, line) where first seen
    _prepared: dict[Source, Split]  # files whose validation was started ahead of their turn

    def reject(self, type_name: str, file: str, line: int | None, row_id: Any, field: str | None,
               reason: str, raw: Any) -> None:
        raise NotImplementedError

    def reject_file(self, type_name: str, file: str, reason: str) -> None:
        raise NotImplementedError

    def settled(self, type_name: str, ids: list[str]) -> None:
        raise NotImplementedError

    def collect(self, type_name: str, group: Sequence[Source], bar: Bar) -> list[Candidate]:
        """Read and validate every row of one type; bad rows go to the rejects."""
        validator = RowValidator(type_name)
        if self.memo is not None:
            self.memo.begin(type_name)
        out: list[Candidate] = []
        for source in group:
            try:
                split = self._prepared.pop(source, None) or self._split(validator, source)
                rows = source.rows() if split is None else None
            except (FileReadError, OSError) as error:
                self.reject_file(type_name, source.file, str(error))
                continue
            if split is not None:
                self._collect_lines(validator, source.file, split, out, bar)
                continue
            for item in rows or ():
                bar.advance()
                self._take(validator, source.file, item, self._digest_of(validator, source.file, item), out)
        return out

    def prepare(self, type_name: str, group: Sequence[Source]) -> None:
        """Split the type's files into lines and start their validation in the workers
        (ingest.parallel), so they work on it while this process writes the type before.
        A file that cannot be read is left to `collect`, which rejects it."""
        validator = RowValidator(type_name)
        for source in group:
            if source not in self._prepared:
                try:
                    split = self._split(validator, source)
                except (FileReadError, OSError):
                    continue
                if split is not None:
                    self._prepared[source] = split

    def _split(self, validator: RowValidator, source: Source) -> Split | None:
        """The file's lines when the memo can key rows by line (the endpoints and ids a
        line gives are then its own: only the identity resolver keeps them), each with
        its digest, and the workers' results for the lines the memo does not know."""
        memoised = validator.is_link or validator.type_name in self.party_types
        if source.path is None or self.memo is None or not memoised or type(self.resolver) is not IdentityResolver:
            return None
        lines = split_lines(source.path)
        if lines is None:
            return None
        type_name = validator.type_name
        digest_of = lines.hasher(type_name, source.file, type_name in self.party_types)
        table = self.memo.table(type_name)
        rows = [(number, text, digest_of(number, text)) for number, text in lines.rows()]
        return Split(lines, rows, self._checked_ahead(type_name, lines, [(n, t) for n, t, d in rows if d not in table]))

    def _collect_lines(self, validator: RowValidator, file: str, split: Split, out: list[Candidate],
                       bar: Bar) -> None:
        assert self.memo is not None
        type_name, is_link = validator.type_name, validator.is_link
        table, believed = self.memo.table(type_name), self.memo.believes(type_name)
        fresh = self.memo.fresh[type_name]
        seen = self._first_seen
        settled: list[str] = []  # stored ids of the rows counted as unchanged
        lines, checked = split.lines, split.checked
        for number, text, digest in split.rows:
            entry = table.get(digest)
            ahead = next(checked) if entry is None else None
            if ahead is not None:
                self._take_checked(validator, file, LineRaw(lines, number, text), digest, ahead, out)
            elif entry is None:
                self._take(validator, file, lines.parse(number, text), digest, out)
            elif believed and (is_link, entry[0]) not in seen:
                seen[(is_link, entry[0])] = (file, number)
                fresh[digest] = entry
                settled.append(entry[1])
            else:
                self._take(validator, file, lines.parse(number, text), digest, out)
        unchanged = len(settled)
        if not is_link:
            self.settled(type_name, settled)
        bar.advance(unchanged)
        for counted in (type_name, *(RECORD_TYPES if type_name in self.party_types else ())):
            self.summary.counts(counted).unchanged += unchanged

    def _checked_ahead(self, type_name: str, lines: LineFile,
                       unknown: list[tuple[int, str]]) -> Iterator[Checked | None]:
        """Results from the worker processes for the lines the memo does not know (those
        it knows are recalled, not validated), in order; None for each when the file is too small
        to be worth the workers."""
        if not self.ahead.wanted(len(unknown)):
            return itertools.repeat(None)
        return self.ahead.check(type_name, lines, unknown)

    def _take_checked(self, validator: RowValidator, file: str, raw: LineRaw, digest: bytes, ahead: Checked,
                      out: list[Candidate]) -> None:
        """A row a worker has validated: as `validate` would make it, not parsed here. The
        worker's checksum holds: lines are only read with the identity resolver (_split)."""
        row_id, props, source, target, checksum = ahead
        candidate = self._candidate(validator, file, raw.number, raw, ValidRow(row_id, props, source, target), digest)
        candidate.checksum = checksum
        if self.first_time(validator, candidate):
            out.append(candidate)

    def _take(self, validator: RowValidator, file: str, item: RawRow | RowError, digest: bytes,
              out: list[Candidate]) -> None:
        if isinstance(item, RowError):
            self.reject(validator.type_name, file, item.line, None, None, item.reason, item.raw)
            return
        candidate = self.recall(validator, file, item, digest) if digest else None
        candidate = candidate or self.validate(validator, file, item, digest)
        if candidate is not None and self.first_time(validator, candidate):
            out.append(candidate)

    def validate(self, validator: RowValidator, file: str, item: RawRow, digest: bytes = b"") -> Candidate | None:
        """Full validation; ids go through the resolver (party rows and link endpoints)."""
        result = validator.validate(item.data)
        if isinstance(result, list):
            fields = ",".join(sorted({p.field for p in result if p.field})) or None
            reason = "; ".join(f"{p.field}: {p.reason}" if p.field else p.reason for p in result)
            self.reject(validator.type_name, file, item.line, item.data.get("id"), fields, reason, item.data)
            return None
        return self._candidate(validator, file, item.line, item.data, result, digest)

    def _candidate(self, validator: RowValidator, file: str, line: int, raw: Any, result: ValidRow,
                   digest: bytes) -> Candidate:
        if validator.is_link:
            result.source = self.resolver.canonical(result.source)
            result.target = self.resolver.canonical(result.target)
        row_id = result.id
        if validator.type_name in self.party_types:
            result.id = self.resolver.canonical(result.id)
        return Candidate(file=file, line=line, raw=raw, row_id=row_id, row=result, digest=digest)

    def _digest_of(self, validator: RowValidator, file: str, item: RawRow | RowError) -> bytes:
        """The memo digest of a parsed link row with an id or party row (b"" for other
        rows). Ids are taken as validation leaves them (stripped), after the resolver; a
        party row's digest includes its file and line, which its source record names."""
        if self.memo is None or isinstance(item, RowError):
            return b""
        data = item.data
        key = data.get("id")
        if not isinstance(key, str) or not key:
            return b""
        if validator.is_link:
            source = self.resolver.canonical(str(data.get("source_id", "")).strip())
            return row_digest(data, source, self.resolver.canonical(str(data.get("target_id", "")).strip()))
        if validator.type_name in self.party_types:
            return row_digest(data, self.resolver.canonical(key.strip()), f"{file}:{item.line}")
        return b""

    def recall(self, validator: RowValidator, file: str, item: RawRow, digest: bytes) -> Candidate | None:
        """A row the memo has seen validated, byte for byte: not validated again unless
        the store disagrees (Loader.revalidate)."""
        known = self.memo.lookup(validator.type_name, digest) if self.memo else None
        if known is None:
            return None
        if validator.is_link:
            row_id, link_id, checksum = known
            data = item.data
            source = self.resolver.canonical(str(data.get("source_id", "")).strip())
            target = self.resolver.canonical(str(data.get("target_id", "")).strip())
            row = ValidRow(id=link_id, props={}, source=source, target=target)
            return Candidate(file=file, line=item.line, raw=data, row_id=row_id, row=row, checksum=checksum,
                             digest=digest, recalled=True)
        row_id, party_id, checksum, *record = known
        return Candidate(file=file, line=item.line, raw=item.data, row_id=row_id, row=ValidRow(id=party_id, props={}),
                         checksum=checksum, digest=digest, recalled=True, record=tuple(record))

    def first_time(self, validator: RowValidator, candidate: Candidate) -> bool:
        """Duplicate ids within one load: the first row wins, later ones are rejected."""
        key = (validator.is_link, candidate.row_id)
        first = self._first_seen.get(key)
        if first is None:
            self._first_seen[key] = (candidate.file, candidate.line)
            return True
        reason = (f"duplicate id {candidate.row_id!r} in this load (first at {first[0]}:{first[1]}); "
                  "this row is not loaded")
        self.reject(validator.type_name, candidate.file, candidate.line, candidate.row_id, "id", reason, candidate.raw)
        return False
