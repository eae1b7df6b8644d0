"""The jobs the CLI runs around a load: load, then the derived facts that follow from it.

After every load, in this order: de-duplication (judgements replayed first, so a
person's decision is never undone), derived groups with their reasons, and the task
rules. Each step lives in the module that owns its rule; this file only sequences them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from graph.settings import Settings
from graph.store import GraphStore
from ingest.loader import load_files
from ingest.resolution import KithResolver, resolve
from ingest.summary import LoadSummary
from queries.referrals import refresh_referrer_records
from queries.risk.derive import derive_groups
from queries.risk.fx import FX_FILE_NAME
from queries.task_rules import exposures_from_risk, run_task_rules


def install_rates(paths: Sequence[Path], settings: Settings) -> list[Path]:
    """A rate table (fx_rates.csv) is not a graph type: it becomes the bank's rate table
    in the data folder, which the exposure figures read. Returns the other paths."""
    others = []
    for path in paths:
        if path.name == FX_FILE_NAME:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, settings.data_dir / FX_FILE_NAME)
        else:
            others.append(path)
    return others


def load(store: GraphStore, paths: Sequence[Path], *, settings: Settings, rejects: Path | None,
         progress: bool) -> LoadSummary:
    """Load files through the resolver, so merged records keep mapping to their survivor."""
    graph_files = install_rates(paths, settings)
    return load_files(store, graph_files, rejects_path=rejects, progress=progress, resolver=KithResolver(store),
                      settings=settings)


def after_load(store: GraphStore, settings: Settings, console: Console) -> None:
    """Resolution, derived groups and task rules, each once, in the order they depend on."""
    as_of = settings.business_date or dt.date.today().isoformat()
    with console.status("Resolving duplicates (judgements replayed first) ..."):
        resolved = resolve(store)
    console.print(f"Resolution: {resolved.merged} merged, {resolved.candidates} possibly same, "
                  f"{resolved.related} possibly related, {resolved.replayed_judgements} judgements replayed")
    with console.status(f"Deriving groups of connected clients as of {as_of} ..."):
        derived = derive_groups(store, as_of=as_of, settings=settings)
    console.print(f"Groups ({derived.profile}): {derived.groups} groups, {derived.memberships} memberships "
                  f"({derived.groups_written} groups written, {derived.groups_deleted} removed)")
    with console.status("Refreshing referrer track records ..."):
        refresh_referrer_records(store, as_of)
    with console.status("Running task rules ..."):
        exposures = exposures_from_risk(store, as_of)
        created = run_task_rules(store, as_of, exposures)
    console.print("Tasks created: " + ", ".join(f"{rule} {len(ids)}" for rule, ids in created.items()))
    flush = getattr(store, "flush", None)
    if callable(flush):
        flush()
