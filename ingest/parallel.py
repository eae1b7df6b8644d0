"""Validation of large files in worker processes, ahead of the loader.

Validating a row (pydantic) and checksumming it is most of a first load's Python time,
and each row is validated on its own, so it spreads over processes: the loader sends
the lines of a large file in chunks, the workers parse, validate and checksum them,
and the loader takes each result in file order while later chunks are still being
worked on. The loader hands over the next type's files before it checks and writes
the current type (Loader.run), so the workers are busy while it is. Only rows that
validate come back (id, properties, endpoints, checksum);
a row that fails, or cannot be parsed, comes back as None and the loader validates it
itself, so every problem is worded and rejected in one place (ingest.collect).

The workers start from a fresh interpreter (forkserver): the loader may hold threads
(progress bars, checksum prefetch) that a plain fork would copy mid-work.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ingest.lines import LineFile
from ingest.readers import RowError
from ingest.validation import RowValidator, ValidRow
from ingest.writer import row_checksum

# Below this many rows a file is validated in the loading process: starting workers
# costs about a second, which only pays on large files.
MIN_ROWS = 20_000
CHUNK_ROWS = 10_000

Checked = tuple[str, dict[str, Any], str, str, str]  # id, props, source, target, checksum
_validators: dict[str, RowValidator] = {}  # per worker process, by type


def default_workers(configured: int | None) -> int:
    """Workers to use: as configured, else one per CPU when there are at least two."""
    if configured is not None:
        return max(configured, 0)
    cpus = os.cpu_count() or 1
    return cpus if cpus >= 2 else 0


def _check_chunk(type_name: str, kind: str, header: list[str],
                 items: Sequence[tuple[int, str]]) -> list[Checked | None]:
    """In a worker: parse, validate and checksum lines of one file."""
    validator = _validators.get(type_name)
    if validator is None:
        validator = _validators[type_name] = RowValidator(type_name)
    lines = LineFile(kind, header, "", [])
    out: list[Checked | None] = []
    for number, text in items:
        item = lines.parse(number, text)
        result = None if isinstance(item, RowError) else validator.validate(item.data)
        if isinstance(result, ValidRow):
            out.append((result.id, result.props, result.source, result.target,
                        row_checksum(result, validator.is_link)))
        else:
            out.append(None)
    return out


class AheadValidator:
    """A pool of validation workers, started when a file first needs it."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.rows_checked = 0  # rows whose result came back from a worker
        self._pool: ProcessPoolExecutor | None = None

    def wanted(self, rows: int) -> bool:
        return self.workers > 0 and rows >= MIN_ROWS

    def check(self, type_name: str, lines: LineFile, items: Sequence[tuple[int, str]]) -> Iterator[Checked | None]:
        """One result per item, in order; every chunk is handed to the workers now. When
        the workers cannot run (a script that starts a load without an
        `if __name__ == "__main__":` guard cannot start them), the rest comes back as
        None: the loader validates those rows itself, and later files do not try again."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("forkserver"))
        pool = self._pool
        chunks = [items[start:start + CHUNK_ROWS] for start in range(0, len(items), CHUNK_ROWS)]
        jobs = [pool.submit(_check_chunk, type_name, lines.kind, lines.header, chunk) for chunk in chunks]
        return self._results(jobs, chunks)

    def _results(self, jobs: list[Future[list[Checked | None]]],
                 chunks: list[Sequence[tuple[int, str]]]) -> Iterator[Checked | None]:
        for job, chunk in zip(jobs, chunks, strict=True):
            try:
                results: list[Checked | None] = job.result()
            except BrokenProcessPool:  # every job after the first failure fails at once
                self.workers = 0
                results = [None] * len(chunk)
            else:
                self.rows_checked += len(chunk)
            yield from results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
