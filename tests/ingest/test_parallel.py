"""Rows validated in worker processes (ingest.parallel) load exactly as rows validated by
the loader itself: same graph, same counts, same rejects with the same lines and reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.parallel
from graph.embedded import EmbeddedStore
from graph.settings import Settings
from graph.store import GraphStore
from ingest.rejects import read_rejects
from tests.ingest.test_loader import EXAMPLES, load, write_bad_input


def _rejects(path: Path) -> list[tuple[object, ...]]:
    return sorted((r["file"], r["line"], r["field"], r["reason"], r["raw"]) for r in read_rejects(path))


def test_rows_checked_in_workers_load_as_rows_checked_here(
    store: GraphStore, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_bad_input(tmp_path / "in")
    serial_store = EmbeddedStore()
    serial = load(serial_store, [folder, EXAMPLES], settings.model_copy(update={"ingest_workers": 0}),
                  rejects_path=tmp_path / "serial.jsonl")
    # every file goes to the workers, in chunks of three rows (order across chunks matters)
    monkeypatch.setattr(ingest.parallel, "MIN_ROWS", 1)
    monkeypatch.setattr(ingest.parallel, "CHUNK_ROWS", 3)
    workers = settings.model_copy(update={"ingest_workers": 2, "data_dir": tmp_path / "workers"})
    parallel = load(store, [folder, EXAMPLES], workers, rejects_path=tmp_path / "workers.jsonl")

    assert serial.validated_in_workers == 0
    # link and party rows go to the workers (other node types are read as rows, not lines)
    assert parallel.validated_in_workers >= parallel.counts("OWNS").loaded + parallel.counts("Person").loaded > 0
    assert store.store_checksum() == serial_store.store_checksum()
    assert store.counts() == serial_store.counts()
    assert {t: vars(c) for t, c in parallel.types.items()} == {t: vars(c) for t, c in serial.types.items()}
    assert _rejects(tmp_path / "workers.jsonl") == _rejects(tmp_path / "serial.jsonl")
    again = load(store, [folder, EXAMPLES], workers, rejects_path=tmp_path / "again.jsonl")
    assert again.totals.loaded == again.totals.updated == 0
    assert store.store_checksum() == serial_store.store_checksum()
