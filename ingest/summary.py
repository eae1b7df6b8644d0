"""What a load did, per type: loaded (new), updated, unchanged, rejected, merged. A
summary is plain data (JSON for the API's ingest-runs endpoint), printed as a rich
table and kept as a run record in settings.data_dir / "runs"."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

COLUMNS = ("loaded", "updated", "unchanged", "rejected", "merged")


@dataclass
class TypeCounts:
    loaded: int = 0  # new rows written
    updated: int = 0  # rows whose stored content changed
    unchanged: int = 0  # rows equal to what is stored (not sent)
    rejected: int = 0
    merged: int = 0  # party rows the resolver folded into another party of this load


@dataclass
class LoadSummary:
    run_id: str
    started_at: str
    finished_at: str = ""
    seconds: float = 0.0
    store: str = ""
    files: list[str] = field(default_factory=list)
    rejected_files: list[str] = field(default_factory=list)
    types: dict[str, TypeCounts] = field(default_factory=dict)
    rejects_path: str | None = None
    run_record: str | None = None
    phases: dict[str, float] = field(default_factory=dict)  # seconds by step, where a caller measures them
    validated_in_workers: int = 0  # rows validated in worker processes (ingest.parallel)

    def counts(self, type_name: str) -> TypeCounts:
        return self.types.setdefault(type_name, TypeCounts())

    @property
    def totals(self) -> TypeCounts:
        total = TypeCounts()
        for counts in self.types.values():
            for name in COLUMNS:
                setattr(total, name, getattr(total, name) + getattr(counts, name))
        return total

    @property
    def rejected(self) -> int:
        return self.totals.rejected

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["totals"] = asdict(self.totals)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoadSummary:
        fields = {k: v for k, v in data.items() if k not in ("types", "totals")}
        summary = cls(**fields)
        summary.types = {k: TypeCounts(**v) for k, v in data.get("types", {}).items()}
        return summary

    def write_run_record(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.run_id}.json"
        self.run_record = str(path)
        path.write_text(self.to_json(), encoding="utf-8")
        return path

    def table(self) -> Table:
        table = Table(title=f"Ingest run {self.run_id} ({self.seconds:.1f} s, {self.store} store)")
        table.add_column("type")
        for name in COLUMNS:
            table.add_column(name, justify="right")
        for type_name, counts in self.types.items():
            table.add_row(type_name, *(f"{getattr(counts, n):,}" for n in COLUMNS))
        totals = self.totals
        table.add_row("total", *(f"{getattr(totals, n):,}" for n in COLUMNS), style="bold")
        if self.rejects_path and self.rejected:
            table.caption = f"rejects: {self.rejects_path}"
        return table

    def print(self, console: Console | None = None) -> None:
        (console or Console(stderr=True)).print(self.table())
