"""Physical lines of a canonical file, for the memo's fast path (ingest.memo).

A re-load mostly reads rows it has validated before. Parsing each into a dict only to
find it unchanged is most of the cost of a re-load, so a file whose every record is
exactly one physical line is split into lines, each line is digested as it is, and
only lines the memo does not know are parsed (`LineFile.parse`), the same way
ingest.readers would have parsed them: same values, same line numbers, same errors.

JSON Lines always qualify. A CSV file qualifies unless a record could span lines: a
lone carriage return, or a quote character - then the csv module must confirm that
it reads exactly one record per non-blank line, or the file goes through read_rows."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.readers import RawRow, RowError, decode


@dataclass(frozen=True, slots=True)
class LineFile:
    kind: str  # "csv" or "jsonl"
    header: list[str]  # CSV column names (stripped), [] for JSON Lines
    header_line: str
    lines: list[str]  # every physical line; line number = index + 1

    def rows(self) -> Iterator[tuple[int, str]]:
        """(line number, text) of every line that holds a record."""
        start = 2 if self.kind == "csv" else 1
        for number, text in enumerate(self.lines[start - 1:], start=start):
            if text if self.kind == "csv" else text.strip():
                yield number, text

    def parse(self, number: int, text: str) -> RawRow | RowError:
        """The row read_rows gives for this line."""
        if self.kind == "jsonl":
            return _json_row(number, text)
        values = next(csv.reader([text]))
        width = len(self.header)
        if len(values) != width:
            return RowError(number, f"row has {len(values)} fields, the header has {width}", ",".join(values))
        return RawRow(number, dict(zip(self.header, values, strict=True)))

    def hasher(self, type_name: str, file: str, with_place: bool) -> LineDigest:
        return LineDigest(type_name, self.kind, self.header_line, file if with_place else None)


@dataclass(frozen=True, slots=True)
class LineRaw:
    """A row's line, parsed only if a reject needs to show the row (rows validated in a
    worker are never parsed by the loader otherwise)."""

    lines: LineFile
    number: int
    text: str

    def data(self) -> Any:
        item = self.lines.parse(self.number, self.text)
        return item.data if isinstance(item, RawRow) else item.raw


def _json_row(number: int, text: str) -> RawRow | RowError:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return RowError(number, f"not valid JSON: {error.msg} at column {error.colno}", text)
    if not isinstance(value, dict):
        return RowError(number, "each line must be a JSON object", text)
    return RawRow(number, value)


class LineDigest:
    """Digest of one line with what else decides its validated form: the type, the
    file's header, and for party rows the file name and line number (their source
    record names them)."""

    def __init__(self, type_name: str, kind: str, header_line: str, place: str | None) -> None:
        self._base = hashlib.blake2b(f"{type_name}\x00{kind}\x00{header_line}\x00".encode(), digest_size=16)
        self._place = place

    def __call__(self, number: int, text: str) -> bytes:
        digest = self._base.copy()
        digest.update(text.encode("utf-8", "surrogatepass"))
        if self._place is not None:
            digest.update(f"\x00{self._place}:{number}".encode())
        return digest.digest()


def split_lines(path: Path) -> LineFile | None:
    """The file as lines, or None when a CSV record may span lines (use read_rows).
    Raises FileEncodingError as read_rows does."""
    text = decode(path)
    if path.suffix == ".jsonl":
        return LineFile("jsonl", [], "", text.splitlines())
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if not lines or any("\r" in line for line in lines):
        return None
    if '"' in text and not _one_record_per_line(text, len(lines)):
        return None
    header = [name.strip() for name in next(csv.reader([lines[0]]))]
    return LineFile("csv", header, lines[0], lines)


def _one_record_per_line(text: str, count: int) -> bool:
    """csv.reader yields one list per physical line (an empty one for a blank line)
    unless a quoted field spans lines: then its line count runs ahead of its records."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records = 0
    for records, _ in enumerate(reader, start=1):
        if reader.line_num != records:
            return False
    return records == count
