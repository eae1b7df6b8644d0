"""Ingest run records and their rejects, as the loader leaves them in data_dir/runs
(`<run_id>.json` summaries, `<run_id>.rejects.jsonl` rejected rows)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from graph.errors import InvalidRequestError, NotFoundError
from ingest.summary import LoadSummary

RUN_ID = re.compile(r"^[A-Za-z0-9._-]{1,120}$")


def _folder(data_dir: Path) -> Path:
    return data_dir / "runs"


def _checked(run_id: str) -> str:
    if not RUN_ID.match(run_id) or ".." in run_id:
        raise InvalidRequestError("not a run id")
    return run_id


def list_runs(data_dir: Path, limit: int) -> list[dict[str, Any]]:
    """Run summaries, newest first."""
    paths = sorted(_folder(data_dir).glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[:limit]
    return [LoadSummary.from_dict(json.loads(p.read_text(encoding="utf-8"))).to_dict() for p in paths]


def get_run(data_dir: Path, run_id: str) -> dict[str, Any]:
    path = _folder(data_dir) / f"{_checked(run_id)}.json"
    if not path.is_file():
        raise NotFoundError(f"no ingest run {run_id!r}")
    return LoadSummary.from_dict(json.loads(path.read_text(encoding="utf-8"))).to_dict()


def run_rejects(data_dir: Path, run_id: str, offset: int, limit: int) -> list[dict[str, Any]]:
    get_run(data_dir, run_id)
    path = _folder(data_dir) / f"{_checked(run_id)}.rejects.jsonl"
    if not path.is_file():
        return []
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number >= offset + limit:
                break
            if number >= offset and line.strip():
                out.append(json.loads(line))
    return out
