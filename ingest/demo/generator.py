"""`generate()`: the whole demo bank, written stage by stage to one folder."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.demo import bank, business, ownership, roles
from ingest.demo import parties as records
from ingest.demo.plan import build_plan
from ingest.demo.writer import Sink, write_csv

DEFAULT_DUPLICATE_SHARE = 0.05
Progress = Callable[[str], None]
STAGES = ("plan", "companies", "persons", "duplicates", "ownership and boards", "nominee hubs", "employment",
          "facilities", "guarantees", "supplies", "relationship managers", "referrals")


class DemoManifest(BaseModel):
    """What a run wrote: where, how much of each type, from which seed."""

    out_dir: Path
    seed: int
    parties: int = Field(description="Person and Company records, duplicates included.")
    entities: int = Field(description="Real-world parties behind the records.")
    duplicate_records: int
    counts: dict[str, int] = Field(description="Rows per node or relationship type.")
    files: list[str]
    side_files: list[str] = Field(description="Files that are not graph types: truth, FX rates, group differences.")
    jsonl_types: list[str]
    cross_holdings: int
    ownership_cycles: int
    nominee_directors: list[str]
    largest_group_limits_usd: list[float] = Field(description="Facility limits of the five largest groups, USD.")
    eligible_capital_usd_hint: float = Field(
        description="A capital figure under which the largest groups are large exposures and the first breaches.")
    seconds: float


def _stage(progress: Progress | None, name: str) -> None:
    if progress is not None:
        progress(name)


def generate(out_dir: Path, parties: int, seed: int = 7, duplicate_share: float = DEFAULT_DUPLICATE_SHARE,
             progress: Progress | None = None) -> DemoManifest:
    """Write the demo bank's canonical files to `out_dir`: deterministic for a seed, streamed row by row."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _stage(progress, "plan")
    plan = build_plan(seed, parties, duplicate_share)
    referrers = bank.plan_referrers(plan)
    sink = Sink(out_dir)
    dups = records.DuplicateRecords()
    with (out_dir / "truth.csv").open("w", encoding="utf-8", newline="") as truth_file:
        truth = records.TruthWriter(truth_file)
        _stage(progress, "companies")
        records.write_companies(plan, sink, truth, dups)
        _stage(progress, "persons")
        records.write_persons(plan, sink, truth, dups)
    _stage(progress, "duplicates")
    records.write_duplicates(sink, dups)
    _stage(progress, "ownership and boards")
    state = ownership.write_ownership(plan, sink)
    _stage(progress, "nominee hubs")
    nominees = roles.write_nominee_hubs(plan, sink)
    _stage(progress, "employment")
    roles.write_employment(plan, sink)
    _stage(progress, "facilities")
    group_limits = business.write_facilities(plan, sink)
    _stage(progress, "guarantees")
    business.write_guarantees(plan, sink)
    _stage(progress, "supplies")
    business.write_supplies(plan, sink)
    _stage(progress, "relationship managers")
    bank.write_portfolios(plan, sink, dups.prospect_ids)
    _stage(progress, "referrals")
    bank.write_referrers(plan, sink, referrers)
    bank.write_referrals(plan, sink, referrers, dups.prospect_ids)
    sink.close()
    business.write_fx_rates(out_dir / "fx_rates.csv")
    write_csv(out_dir / "declared_group_differences.csv", ownership.GROUP_DIFFERENCES_HEADER,
              list(state.declared_differences))
    largest = sorted(group_limits.values(), reverse=True)[:5]
    manifest = DemoManifest(
        out_dir=out_dir, seed=seed, parties=plan.n_records, entities=plan.n_companies + plan.n_persons,
        duplicate_records=len(dups.companies) + len(dups.persons), counts=dict(sorted(sink.counts.items())),
        files=sink.files(), side_files=["truth.csv", "fx_rates.csv", "declared_group_differences.csv"],
        jsonl_types=sorted(t for t in sink.counts if t in {"Facility", "REFERRED"}),
        cross_holdings=state.cross_holdings, ownership_cycles=state.cycles, nominee_directors=nominees,
        largest_group_limits_usd=[round(x, 2) for x in largest],
        eligible_capital_usd_hint=round(largest[0] * 3, -6) if largest else 0.0,
        seconds=round(time.perf_counter() - started, 2),
    )
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest.model_dump(mode="json", exclude={"seconds", "out_dir"}), indent=2, ensure_ascii=False)
        + "\n", encoding="utf-8")
    return manifest
