"""`generate()`: the whole demo bank, written stage by stage to one folder."""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.demo import bank, business, ownership, roles
from ingest.demo import parties as records
from ingest.demo.plan import Plan, build_plan
from ingest.demo.writer import JSONL_TYPES, Sink, write_csv

DEFAULT_DUPLICATE_SHARE = 0.05
PARALLEL_FROM = 50_000  # parties; below this a second process costs more than it saves
Progress = Callable[[str], None]
STAGES = ("plan", "ownership and boards", "employment", "facilities", "guarantees and supplies", "companies",
          "persons", "relationship managers", "referrals", "waiting for the structure lane")


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


@dataclass
class StructureResult:
    """What the structure lane (ownership, roles, credit, trade) hands back to `generate`."""

    counts: dict[str, int]
    files: list[str]
    cross_holdings: int
    cycles: int
    nominees: list[str]
    largest_group_limits_usd: list[float]


def _structure_lane(plan: Plan, out_dir: Path, progress: Progress | None = None) -> StructureResult:
    """Ownership, boards, employment, facilities, guarantees, supplies: files the party lane never writes."""
    sink = Sink(out_dir)
    _stage(progress, "ownership and boards")
    state = ownership.write_ownership(plan, sink)
    nominees = roles.write_nominee_hubs(plan, sink)
    _stage(progress, "employment")
    roles.write_employment(plan, sink)
    _stage(progress, "facilities")
    group_limits = business.write_facilities(plan, sink)
    _stage(progress, "guarantees and supplies")
    business.write_guarantees(plan, sink)
    business.write_supplies(plan, sink)
    sink.close()
    business.write_fx_rates(out_dir / "fx_rates.csv")
    write_csv(out_dir / "declared_group_differences.csv", ownership.GROUP_DIFFERENCES_HEADER,
              list(state.declared_differences))
    largest = sorted(group_limits.values(), reverse=True)[:5]
    return StructureResult(dict(sink.counts), sink.files(), state.cross_holdings, state.cycles, nominees,
                           [round(x, 2) for x in largest])


_FORKED_PLAN: list[tuple[Plan, Path]] = []  # handed to the forked worker without pickling


def _structure_lane_in_fork() -> StructureResult:
    plan, out_dir = _FORKED_PLAN[0]
    return _structure_lane(plan, out_dir)


def _party_lane(plan: Plan, out_dir: Path, progress: Progress | None) -> tuple[Sink, records.DuplicateRecords]:
    """Parties, duplicates, truth.csv, family ties, RMs and referrals."""
    referrers = bank.plan_referrers(plan)
    sink = Sink(out_dir)
    dups = records.DuplicateRecords()
    with (out_dir / "truth.csv").open("w", encoding="utf-8", newline="") as truth_file:
        truth = records.TruthWriter(truth_file)
        _stage(progress, "companies")
        records.write_companies(plan, sink, truth, dups)
        _stage(progress, "persons")
        records.write_persons(plan, sink, truth, dups)
    records.write_duplicates(sink, dups)
    _stage(progress, "relationship managers")
    bank.write_portfolios(plan, sink, dups.prospect_ids)
    _stage(progress, "referrals")
    bank.write_referrers(plan, sink, referrers)
    bank.write_referrals(plan, sink, referrers, dups.prospect_ids)
    sink.close()
    return sink, dups


def _run_lanes(plan: Plan, out_dir: Path, parallel: bool,
               progress: Progress | None) -> tuple[Sink, records.DuplicateRecords, StructureResult]:
    """The two lanes write disjoint files from independent random streams, so running the
    structure lane in a forked process changes no byte of the output."""
    if not parallel or "fork" not in mp.get_all_start_methods():
        structure = _structure_lane(plan, out_dir, progress)
        sink, dups = _party_lane(plan, out_dir, progress)
        return sink, dups, structure
    _FORKED_PLAN[:] = [(plan, out_dir)]
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork")) as pool:
            future = pool.submit(_structure_lane_in_fork)
            sink, dups = _party_lane(plan, out_dir, progress)
            _stage(progress, "waiting for the structure lane")
            return sink, dups, future.result()
    finally:
        _FORKED_PLAN.clear()


def generate(out_dir: Path, parties: int, seed: int = 7, duplicate_share: float = DEFAULT_DUPLICATE_SHARE,
             progress: Progress | None = None, parallel: bool | None = None) -> DemoManifest:
    """Write the demo bank's canonical files to `out_dir`: deterministic for a seed, streamed row by row.

    With `parallel` (by default from 50,000 parties, where the platform can fork) ownership,
    roles and credit are written by a second process while this one writes the parties; the
    files are byte for byte the same either way.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _stage(progress, "plan")
    plan = build_plan(seed, parties, duplicate_share)
    in_parallel = parties >= PARALLEL_FROM if parallel is None else parallel
    sink, dups, structure = _run_lanes(plan, out_dir, in_parallel, progress)
    counts = {**sink.counts, **structure.counts}
    largest = structure.largest_group_limits_usd
    manifest = DemoManifest(
        out_dir=out_dir, seed=seed, parties=plan.n_records, entities=plan.n_companies + plan.n_persons,
        duplicate_records=len(dups.companies) + len(dups.persons), counts=dict(sorted(counts.items())),
        files=sorted([*sink.files(), *structure.files]),
        side_files=["truth.csv", "fx_rates.csv", "declared_group_differences.csv"],
        jsonl_types=sorted(t for t in counts if t in JSONL_TYPES),
        cross_holdings=structure.cross_holdings, ownership_cycles=structure.cycles,
        nominee_directors=structure.nominees, largest_group_limits_usd=largest,
        eligible_capital_usd_hint=round(largest[0] * 3, -6) if largest else 0.0,
        seconds=round(time.perf_counter() - started, 2),
    )
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest.model_dump(mode="json", exclude={"seconds", "out_dir"}), indent=2, ensure_ascii=False)
        + "\n", encoding="utf-8")
    return manifest
