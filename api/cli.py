"""The `kith` command line (typer + rich): demo, ingest, stats, and the jobs around them.

Every command opens the configured store (Neo4j when KITH_NEO4J_URI is set, the embedded
store otherwise) and calls the same functions the service calls.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.errors import KithError
from graph.factory import open_store
from graph.settings import Settings, get_settings
from graph.store import GraphStore

app = typer.Typer(help="Kith: one graph of a bank's parties, groups and referrers.", no_args_is_help=True)
console = Console()


@contextlib.contextmanager
def _store(settings: Settings) -> Iterator[GraphStore]:
    store = open_store(settings)
    try:
        yield store
    finally:
        store.close()


def _fail(error: KithError) -> None:
    console.print(f"[red]{error.title}:[/red] {error.detail}")
    raise typer.Exit(code=2)


@app.command()
def stats() -> None:
    """Node and relationship counts by type, and the store's content checksum."""
    settings = get_settings()
    with _store(settings) as store:
        counts = store.counts()
        checksum = store.store_checksum()
    table = Table(title=f"Kith store ({store.kind})")
    table.add_column("kind")
    table.add_column("type")
    table.add_column("count", justify="right")
    for type_name, count in sorted(counts.nodes.items()):
        table.add_row("node", type_name, f"{count:,}")
    for type_name, count in sorted(counts.links.items()):
        table.add_row("relationship", type_name, f"{count:,}")
    table.add_row("", "total nodes", f"{counts.total_nodes:,}")
    table.add_row("", "total relationships", f"{counts.total_links:,}")
    console.print(table)
    console.print(f"content checksum: {checksum}")


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Canonical <Type>.csv/.jsonl files or folders, or BODS JSON.")],
    rejects: Annotated[Path | None, typer.Option(help="Where to write rejected rows (JSON Lines).")] = None,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
    after: Annotated[bool, typer.Option(help="Run resolution, groups and task rules after the load.")] = True,
) -> None:
    """Load files into the store: validated, idempotent, bad rows to a rejects file."""
    from api.cli_jobs import after_load, load

    settings = get_settings()
    with _store(settings) as store:
        try:
            summary = load(store, files, settings=settings, rejects=rejects, progress=progress)
            if after:
                after_load(store, settings, console)
        except KithError as error:
            _fail(error)
    if summary.rejected:
        console.print(f"[yellow]{summary.rejected} rejected rows[/yellow] -> {summary.rejects_path}")


@app.command()
def demo(
    parties: Annotated[int, typer.Option(help="Number of parties in the demo bank (1k to 1M).")] = 10_000,
    seed: Annotated[int, typer.Option(help="Generator seed (same seed, same bank).")] = 7,
    serve: Annotated[bool, typer.Option(help="Start the service after loading.")] = True,
    fresh: Annotated[bool, typer.Option(help="Empty the store before loading.")] = True,
) -> None:
    """Generate a demo bank, load it into the configured store and start the service."""
    from api.cli_jobs import after_load, load
    from ingest.demo import generate

    settings = get_settings().model_copy(update={"demo_mode": True})
    out = settings.data_dir / "demo"
    shutil.rmtree(out, ignore_errors=True)
    console.print(f"Generating a demo bank of {parties:,} parties (seed {seed}) in {out} ...")
    manifest = generate(out, parties=parties, seed=seed)
    console.print(f"Generated {sum(manifest.counts.values()):,} rows.")
    with _store(settings) as store:
        if fresh:
            store.clear()
        # The side files (truth, fx rates) are not graph types: load only the graph files.
        files = [out / name for name in [*manifest.files, "fx_rates.csv"]]
        load(store, files, settings=settings, rejects=None, progress=True)
        after_load(store, settings, console)
    if serve:
        _serve(settings)


def _print_demo_tokens(settings: Settings) -> None:
    """Demo mode signs with a per-process secret, so tokens are issued here, in the serving process."""
    from api.auth import issue_token

    for role in ("risk", "marketing", "admin"):
        console.print(f"  {role:9} token: {issue_token(f'demo-{role}', role, settings=settings)}")
    console.print(f"  Or sign in at http://{settings.host}:{settings.port}/ (demo mode offers a role picker).")


def _serve(settings: Settings) -> None:
    from api.app import serve as serve_app

    if settings.demo_mode:
        _print_demo_tokens(settings)
    console.print(f"Serving on http://{settings.host}:{settings.port}/  (Ctrl-C to stop)")
    serve_app(settings)


@app.command("serve")
def serve_command() -> None:
    """Start the HTTP service (API and web view) on the configured host and port."""
    _serve(get_settings())


@app.command()
def token(
    user: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Argument(help="rm, risk, marketing or admin.")],
    rm_id: Annotated[str | None, typer.Option(help="For role rm: the RelationshipManager id.")] = None,
    ttl_minutes: Annotated[int, typer.Option(help="Lifetime in minutes.")] = 480,
) -> None:
    """Issue a bearer token (JWT signed with KITH_JWT_SECRET) for a user and role."""
    from api.auth import issue_token

    try:
        console.print(issue_token(user, role, rm_id=rm_id, ttl_minutes=ttl_minutes, settings=get_settings()))
    except KithError as error:
        _fail(error)


@app.command()
def neo4j() -> None:
    """Start a throwaway local Neo4j 5 Community server (loopback, free port) until Ctrl-C."""
    from graph.neo4j_server import main as neo4j_main

    neo4j_main(["start"])


def main() -> None:
    app()


if __name__ == "__main__":
    main()
