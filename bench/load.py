"""Load benchmark of the service (issue 6, must-show 5), on Neo4j, bounded in time.

Generates the demo bank (ingest.demo) at --parties (or takes --data), imports it into a
throwaway local Neo4j with the import tool (every type; preparation is not timed), starts
the Kith service in its own process on loopback (uvicorn, `api.app:create_app`), and
drives it with an asyncio/httpx load generator:
1. party 360 (`GET /parties/{id}`) for --seconds, then the 2-hop connected-party view
   (`GET /parties/{id}/view?depth=2`) for --seconds: requests/s, p50, p95, p99;
2. the same mixed load held while Neo4j is restarted (`LocalNeo4j.restart()`): status
   codes during the outage (must be 503 only, never 500) and the time from Neo4j being
   back to the service answering 200 again (target: within 10 s).
Every read is audited by the service (one fsynced JSONL line per read), as in production.

    python -m bench.load --parties 1000000 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import random
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from neo4j import GraphDatabase
from pydantic import SecretStr
from rich.console import Console
from rich.table import Table

from api.auth import issue_token
from graph.neo4j import Neo4jStore
from graph.neo4j_server import LocalNeo4j
from graph.schema import load_schema
from graph.settings import get_settings

RESULTS = Path(__file__).parent / "results" / "load.json"


@dataclass(frozen=True)
class Hit:
    kind: str
    start: float
    end: float
    status: int  # 0 for a client-side timeout or connection error


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def party_ids(folder: Path, size: int, seed: int) -> list[str]:
    """A random sample of party ids from the generated files (no database scan)."""
    ids: list[str] = []
    for name in ("Company.csv", "Person.csv"):
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                ids.extend(row["id"] for row in csv.DictReader(handle))
    random.Random(seed).shuffle(ids)
    return ids[:size]


def start_service(server: LocalNeo4j, port: int, secret: str, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KITH_NEO4J_URI": server.uri, "KITH_NEO4J_USER": server.user,
           "KITH_NEO4J_PASSWORD": server.password, "KITH_JWT_SECRET": secret, "KITH_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(cmd, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=30).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the service did not start")


async def worker(client: httpx.AsyncClient, kinds: list[str], ids: list[str], until: list[float], hits: list[Hit],
                 rng: random.Random) -> None:
    while time.perf_counter() < until[0]:
        kind, party = rng.choice(kinds), rng.choice(ids)
        url = f"/parties/{party}" if kind == "party360" else f"/parties/{party}/view?depth=2"
        start = time.perf_counter()
        try:
            status = (await client.get(url)).status_code
        except httpx.HTTPError:
            status = 0
        hits.append(Hit(kind, start, time.perf_counter(), status))


async def drive(base: str, token: str, kinds: list[str], ids: list[str], seconds: float, concurrency: int,
                seed: int, timeout: float, until: list[float] | None = None) -> list[Hit]:
    """Load until `seconds` from now, or until until[0] when given (the caller may move it)."""
    hits: list[Hit] = []
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=timeout, limits=limits) as client:
        if until is None:
            until = [time.perf_counter() + seconds]
        await asyncio.gather(*(worker(client, kinds, ids, until, hits, random.Random(seed + i))
                               for i in range(concurrency)))
    return hits


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def figures(hits: list[Hit], seconds: float) -> dict[str, Any]:
    ok = [(h.end - h.start) * 1000 for h in hits if h.status == 200]
    return {"requests": len(hits), "ok": len(ok), "rps": round(len(hits) / seconds, 1),
            "p50_ms": round(pct(ok, 0.50), 2), "p95_ms": round(pct(ok, 0.95), 2), "p99_ms": round(pct(ok, 0.99), 2),
            "statuses": {str(k): v for k, v in sorted(Counter(h.status for h in hits).items())}}


def restart_phase(args: argparse.Namespace, server: LocalNeo4j, base: str, token: str,
                  ids: list[str]) -> dict[str, Any]:
    """Mixed load while Neo4j stops and starts again; classify every answer by when it
    was asked: while Neo4j shut down, while it was down (stopped until it answers again),
    and after it is back."""
    marks: dict[str, float] = {}
    until = [float("inf")]

    async def run() -> list[Hit]:
        load = asyncio.create_task(drive(base, token, ["party360", "view2"], ids, 0, args.concurrency,
                                         args.seed + 100, args.timeout, until))
        await asyncio.sleep(args.before)
        await asyncio.to_thread(bounce)
        until[0] = marks["up"] + args.after
        return await load

    def bounce() -> None:
        # marked in threads: the event loop, busy with answers, would mark late
        marks["stopping"] = time.perf_counter()
        server.stop()
        marks["down"] = time.perf_counter()
        watcher = threading.Thread(target=_mark_back, args=(server, marks), daemon=True)
        watcher.start()
        server.start()
        watcher.join(60)
        marks.setdefault("up", time.perf_counter())  # the watcher gave up: the launcher's word

    hits = asyncio.run(run())
    stopping, down = marks["stopping"], marks["down"]
    # Neo4j is back at the first answer any client had from it: the watcher's, or a 200
    # of the service (whichever came first; the watcher polls and may see it late).
    up = min([marks["up"], *(h.end for h in hits if h.status == 200 and h.start >= down)])
    shutting = [h for h in hits if stopping <= h.start < down]
    during = [h for h in hits if down <= h.start and h.end < up]
    in_flight = [h for h in hits if h.start < up <= h.end and h.start >= down]
    after = sorted((h for h in hits if h.start >= up), key=lambda h: h.start)
    return {
        "stop_seconds": round(down - stopping, 2), "outage_seconds": round(up - down, 2),
        "asked_while_shutting_down": _statuses(shutting),
        "answered_during_outage": _statuses(during),
        "in_flight_when_back": _statuses(in_flight),
        "asked_after_restart": _statuses(after),
        "all": _statuses(hits),
        "only_503_during_outage": bool(during) and all(h.status == 503 for h in during),
        "server_errors_500": sum(1 for h in hits if h.status >= 500 and h.status != 503),
        "client_timeouts": sum(1 for h in hits if h.status == 0),
        "outage_answer_ms_p50_p99": [round(pct(lat, 0.5), 1), round(pct(lat, 0.99), 1)]
        if (lat := [(h.end - h.start) * 1000 for h in during]) else None,
        "neo4j_back_by": "a service answer" if up < marks["up"] else "the watcher's query",
        "watcher_saw_it_seconds_later": round(marks["up"] - up, 2),
        # requests asked in the outage's last moments and answered once Neo4j was back
        "in_flight_200_end_seconds_after_neo4j_back": [round(pct(ends, q), 2) for q in (0.0, 0.5, 1.0)]
        if (ends := [h.end - up for h in in_flight if h.status == 200]) else None,
        **_recovery(after, up),
    }


def _mark_back(server: LocalNeo4j, marks: dict[str, float]) -> None:
    """Mark "up" at the first query the database answers (not when the launcher, which
    polls, notices): the outage as a client of Neo4j sees it."""
    deadline = time.perf_counter() + 300
    with GraphDatabase.driver(server.uri, auth=(server.user, server.password), connection_timeout=1.0,
                              max_transaction_retry_time=0.0) as driver:
        store = Neo4jStore(driver)  # not connect(): that checks the server, which is still down
        while time.perf_counter() < deadline:
            try:
                store.ping()
            except Exception:
                time.sleep(0.05)
                continue
            marks["up"] = time.perf_counter()
            return


def _statuses(hits: list[Hit]) -> dict[str, int]:
    return {str(k): v for k, v in sorted(Counter(h.status for h in hits).items())}


def _recovery(after: list[Hit], up: float) -> dict[str, Any]:
    """Seconds from Neo4j answering again to the service answering 200 for good: the end
    of the last failed request asked after that moment (0 if none failed)."""
    bad = [h for h in after if h.status != 200]
    recovery = max((h.end - up for h in bad), default=0.0)
    first_ok = next((h.end - up for h in after if h.status == 200), None)
    return {"first_200_seconds_after_neo4j_back": None if first_ok is None else round(first_ok, 2),
            "recovery_seconds_after_neo4j_back": round(recovery, 2),
            "recovered_within_10s": recovery <= 10.0 and bool(after) and after[-1].status == 200}


def import_all(server: LocalNeo4j, data: Path, scratch: Path) -> None:
    """Every node and relationship type of the demo bank, straight into the empty database with
    the import tool (rows converted by the schema's types, with their checksums: the same lean
    path as bench.risk_setup, here for all types, since views walk key-person links too)."""
    from bench.risk_setup import _convert_file

    schema = load_schema()
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        nodes = [p for t, spec in schema.nodes.items() if not spec.internal
                 and (p := _convert_file(data, scratch, t, False))]
        links = [p for t, spec in schema.relationships.items() if not spec.internal
                 and (p := _convert_file(data, scratch, t, True))]
        server.bulk_import(nodes, links, extra_args=["--multiline-fields=true"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def prepare(args: argparse.Namespace, work: Path) -> Path:
    from ingest.demo.generator import generate

    data: Path = args.data.resolve() if args.data else work / f"demo-{args.parties}-{args.seed}"
    if not (data / "manifest.json").exists():
        generate(data, args.parties, seed=args.seed)
    return data


def run(args: argparse.Namespace) -> dict[str, Any]:
    work: Path = args.work.resolve()
    started = time.perf_counter()
    data = prepare(args, work)
    generated = time.perf_counter() - started
    server = LocalNeo4j(heap=args.heap, pagecache=args.pagecache)
    service: subprocess.Popen[bytes] | None = None
    try:
        started = time.perf_counter()
        settings = get_settings().model_copy(update={"data_dir": work / "data"})
        import_all(server, data, work / "import")
        server.start()
        store = Neo4jStore.connect(server.uri, server.user, server.password)
        store.ensure_schema()
        counts = store.counts()
        store.close()
        loaded = time.perf_counter() - started
        secret = secrets.token_urlsafe(48)
        port = free_port()
        service = start_service(server, port, secret, work / "service")
        token = issue_token("bench", "risk", settings=settings.model_copy(update={"jwt_secret": SecretStr(secret)}))
        base, ids = f"http://127.0.0.1:{port}", party_ids(data, args.sample, args.seed)
        asyncio.run(drive(base, token, ["party360", "view2"], ids[:200], args.warmup, 4, args.seed, args.timeout))
        steady = {kind: figures(asyncio.run(drive(base, token, [kind], ids, args.seconds, args.concurrency,
                                                  args.seed, args.timeout)), args.seconds)
                  for kind in ("party360", "view2")}
        restart = restart_phase(args, server, base, token, ids)
    finally:
        if service is not None:
            service.terminate()
            service.wait(30)
        server.cleanup()
    return {
        "benchmark": "load", "parties": args.parties, "nodes": counts.total_nodes, "relationships": counts.total_links,
        "store": "neo4j (local 5.26 community)", "concurrency": args.concurrency, "seconds_per_phase": args.seconds,
        "sampled_parties": len(ids), "generate_seconds": round(generated, 1), "load_seconds": round(loaded, 1),
        "steady": steady, "restart": restart,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "notes": ["service and load generator share the machine (loopback); every read is audited (fsync)",
                  "p50/p95/p99 over 200 answers; rps counts every answer"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parties", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=30.0, help="per steady phase")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--sample", type=int, default=5000, help="distinct parties to ask for")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--before", type=float, default=5.0, help="load before Neo4j stops")
    parser.add_argument("--after", type=float, default=20.0, help="load after Neo4j is back")
    parser.add_argument("--timeout", type=float, default=60.0, help="client timeout per request")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--work", type=Path, default=Path(".kith/bench-load"))
    parser.add_argument("--data", type=Path, default=None, help="an already generated demo bank folder")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    report(result)
    return 0


def report(result: dict[str, Any]) -> None:
    table = Table(title=f"Service under load: {result['parties']:,} parties on Neo4j, "
                        f"{result['concurrency']} concurrent clients")
    for column in ("phase", "requests/s", "p50 ms", "p95 ms", "p99 ms", "statuses"):
        table.add_column(column)
    for kind, fig in result["steady"].items():
        table.add_row(kind, f"{fig['rps']:,}", f"{fig['p50_ms']:,}", f"{fig['p95_ms']:,}", f"{fig['p99_ms']:,}",
                      json.dumps(fig["statuses"]))
    rs = result["restart"]
    for label, key in (("restart: asked while stopping", "asked_while_shutting_down"),
                       ("restart: answered while down", "answered_during_outage"),
                       ("restart: in flight when back", "in_flight_when_back"),
                       ("restart: asked after back", "asked_after_restart")):
        table.add_row(label, "", "", "", "", json.dumps(rs[key]))
    table.caption = (f"outage {rs['outage_seconds']} s; only 503 while down: {rs['only_503_during_outage']}; "
                     f"500s: {rs['server_errors_500']}; recovery {rs['recovery_seconds_after_neo4j_back']} s "
                     f"after Neo4j is back (within 10 s: {rs['recovered_within_10s']})")
    Console().print(table)


if __name__ == "__main__":
    raise SystemExit(main())
