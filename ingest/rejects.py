"""Rejected rows: every row that does not load is written here with the file, line,
field and reason, so nothing is lost silently. JSON Lines (one object a row) or CSV,
chosen by the rejects file's suffix."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

REJECT_FIELDS = ("file", "line", "type", "id", "field", "reason", "raw")


@dataclass(frozen=True, slots=True)
class Reject:
    file: str
    line: int | None  # None when the whole file is rejected
    type: str
    id: str | None
    field: str | None
    reason: str
    raw: dict[str, Any] | str | None = None

    def message(self) -> str:
        """One readable line: where, what and why."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        what = f" {self.field}" if self.field else ""
        return f"{where} {self.type} {self.id or '?'}{what}: {self.reason}"


class RejectsWriter:
    """Streams rejects to a file as they happen (a crash keeps what was found so far)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0
        self.by_type: dict[str, int] = {}
        self.first: list[Reject] = []  # a few kept in memory for the summary and tests
        self._handle: TextIO | None = None
        self._csv: Any = None

    def __enter__(self) -> RejectsWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def add(self, reject: Reject) -> None:
        self.count += 1
        self.by_type[reject.type] = self.by_type.get(reject.type, 0) + 1
        if len(self.first) < 1000:
            self.first.append(reject)
        if self.path is not None:
            self._write(reject)

    def _write(self, reject: Reject) -> None:
        if self._handle is None:
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            if self.path.suffix == ".csv":
                self._csv = csv.writer(self._handle)
                self._csv.writerow(REJECT_FIELDS)
        record = asdict(reject)
        if self._csv is not None:
            raw = record["raw"]
            record["raw"] = raw if isinstance(raw, str) or raw is None else json.dumps(raw, ensure_ascii=False)
            self._csv.writerow([record[k] for k in REJECT_FIELDS])
        else:
            self._handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def read_rejects(path: Path) -> list[dict[str, Any]]:
    """Read a rejects file back (JSON Lines or CSV)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    return [json.loads(line) for line in text.splitlines() if line.strip()]
