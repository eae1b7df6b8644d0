"""`python -m ingest.demo OUT_DIR --parties N --seed S`: generate the demo bank and print its counts."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.demo.generator import DEFAULT_DUPLICATE_SHARE, STAGES, DemoManifest, generate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest.demo", description=__doc__)
    parser.add_argument("out_dir", type=Path, help="folder for the generated files")
    parser.add_argument("--parties", type=int, default=10_000, help="Person and Company records (1,000 to 1,000,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duplicates", type=float, default=DEFAULT_DUPLICATE_SHARE,
                        help="share of parties that appear a second time")
    return parser


def counts_table(manifest: DemoManifest) -> Table:
    table = Table(title=f"Demo bank: seed {manifest.seed}, {manifest.seconds:.1f} s", caption=str(manifest.out_dir))
    table.add_column("type")
    table.add_column("rows", justify="right")
    for type_name, count in manifest.counts.items():
        table.add_row(type_name, f"{count:,}")
    table.add_row("[bold]parties (records)", f"[bold]{manifest.parties:,}")
    table.add_row("real-world entities", f"{manifest.entities:,}")
    table.add_row("planted duplicate records", f"{manifest.duplicate_records:,}")
    return table


def main(argv: list[str] | None = None) -> DemoManifest:
    args = _parser().parse_args(argv)
    console = Console()
    columns = (TextColumn("{task.description:<24}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("starting", total=len(STAGES))

        def advance(stage: str) -> None:
            progress.update(task, description=stage, completed=STAGES.index(stage))

        manifest = generate(args.out_dir, args.parties, seed=args.seed, duplicate_share=args.duplicates,
                            progress=advance)
    console.print(counts_table(manifest))
    return manifest
