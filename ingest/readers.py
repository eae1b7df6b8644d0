"""Read canonical CSV and JSON Lines files into raw rows with their line numbers.

A file must be UTF-8 (a byte-order mark is tolerated). A file that is not is rejected
as a whole with one entry naming the first bad byte, because no row of it can be
trusted; the load goes on with the other files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class RawRow:
    line: int  # 1-based line in the file where the row starts
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that cannot even be parsed (broken JSON, wrong field count)."""

    line: int
    reason: str
    raw: str


class FileReadError(ValueError):
    """A whole file cannot be read (wrong encoding, not JSON): it is rejected as one entry."""


class FileEncodingError(FileReadError):
    pass


def decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileEncodingError(
            f"not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} (line {line}); "
            "save the file as UTF-8 and load it again"
        ) from None


def read_rows(path: Path) -> Iterator[RawRow | RowError]:
    """Rows of one file; raises FileEncodingError before yielding anything."""
    text = decode(path)
    if path.suffix == ".jsonl":
        return _jsonl_rows(text)
    return _csv_rows(text)


def _jsonl_rows(text: str) -> Iterator[RawRow | RowError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield RowError(number, f"not valid JSON: {error.msg} at column {error.colno}", line)
            continue
        if not isinstance(value, dict):
            yield RowError(number, "each line must be a JSON object", line)
            continue
        yield RawRow(number, value)


def _csv_rows(text: str) -> Iterator[RawRow | RowError]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return
    header = [name.strip() for name in header]
    width = len(header)
    start = reader.line_num + 1
    for values in reader:
        line, start = start, reader.line_num + 1
        if not values:
            continue
        if len(values) != width:
            yield RowError(line, f"row has {len(values)} fields, the header has {width}", ",".join(values))
            continue
        yield RawRow(line, dict(zip(header, values, strict=True)))
