"""A throwaway local Neo4j 5.26 Community server, run from its Maven Central jars on Java 17.

No Docker and no tarball: the server's jars are resolved once with Maven (graph.neo4j_jars) into
``settings.neo4j_home_root / "lib" / <version>``, and each server gets a home folder of
its own (conf, data, logs) under ``settings.neo4j_home_root / "servers"``. The server
listens on loopback only, on free ports, with a random password set before its first
start.

Command line (needs ``java`` 17 and ``mvn`` on the PATH)::

    python -m graph.neo4j_server start            # prints KITH_NEO4J_URI=... lines, runs until Ctrl-C
    python -m graph.neo4j_server start --heap 2g --pagecache 2g --home .kith/neo4j/mine --keep
    python -m graph.neo4j_server resolve          # only fetch the jars (e.g. in a CI image)

``start`` prints ``KITH_NEO4J_URI``, ``KITH_NEO4J_USER`` and ``KITH_NEO4J_PASSWORD`` lines
(paste them into ``.env`` or export them) and keeps the server in the foreground until
Ctrl-C or SIGTERM, then stops it and deletes its home folder (unless ``--keep``).

From Python::

    with LocalNeo4j() as server:      # start() on enter, stop() and delete the home on exit
        store = Neo4jStore.connect(server.uri, server.user, server.password, "neo4j")
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from graph.errors import ConfigurationError, StoreUnavailableError
from graph.neo4j_jars import ClassArchive, resolve_jars, tool
from graph.settings import Settings, get_settings

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
ADD_OPENS = ("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
USER = "neo4j"
PASSWORD_FILE = ".kith-password"
START_TIMEOUT = 180.0  # seconds; a busy two-core machine can take a while
STOP_TIMEOUT = 25.0

CONF = """# Written by graph.neo4j_server: a throwaway local server, loopback only.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:{bolt}
server.http.listen_address=127.0.0.1:{http}
server.https.enabled=false
server.memory.heap.initial_size={heap}
server.memory.heap.max_size={heap}
server.memory.pagecache.size={pagecache}
dbms.usage_report.enabled=false
# A throwaway server takes no backups: keep only the newest transaction logs. Neo4j's
# default (two days of them) filled 72 GB of disk on a benchmark server re-derived often.
db.tx_log.rotation.retention_policy=2 files
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the server gets SIGTERM when the process that started it dies."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _main_thread_on_linux() -> bool:
    """PR_SET_PDEATHSIG fires when the starting *thread* ends: only use it from the main thread."""
    return sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()


_RUNNING: weakref.WeakSet[LocalNeo4j] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """Stop servers still running when the interpreter exits normally (and delete their
    folders when they were made for them)."""
    for server in list(_RUNNING):
        server.cleanup()


class LocalNeo4j:
    """One local server: its home folder, ports, password and process."""

    def __init__(
        self, home: Path | None = None, *, settings: Settings | None = None,
        heap: str | None = None, pagecache: str | None = None, keep: bool = False,
    ) -> None:
        self.settings = settings or get_settings()
        self.heap = heap or self.settings.neo4j_heap
        self.pagecache = pagecache or self.settings.neo4j_pagecache
        self._owns_home = home is None and not keep
        self._home = home.resolve() if home is not None else None
        self._process: subprocess.Popen[bytes] | None = None
        self._bolt_port: int | None = None
        self._http_port: int | None = None
        self._password: str | None = None
        self._archive: ClassArchive | None = None  # the running server's (graph.neo4j_jars)

    # -- properties -------------------------------------------------------------
    @property
    def home(self) -> Path:
        if self._home is None:
            root = (self.settings.neo4j_home_root / "servers").resolve()
            root.mkdir(parents=True, exist_ok=True)
            self._home = Path(tempfile.mkdtemp(dir=root, prefix="neo4j-"))
        return self._home

    @property
    def uri(self) -> str:
        if self._bolt_port is None:
            raise ConfigurationError("the local Neo4j server has not been started")
        return f"bolt://127.0.0.1:{self._bolt_port}"

    @property
    def user(self) -> str:
        return USER

    @property
    def password(self) -> str:
        if self._password is None:
            raise ConfigurationError("the local Neo4j server has not been started")
        return self._password

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._process.pid if self.running and self._process is not None else None

    def _env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")}

    def _java(self, lib: Path, main: str, *args: str, jvm: Sequence[str] = ()) -> list[str]:
        return [tool("java"), *jvm, "-cp", f"{lib}/*", main, *args]

    # -- set up ---------------------------------------------------------------
    def _prepare(self, lib: Path) -> None:
        """Conf with (the same, once chosen) ports, and the initial password on first use."""
        home = self.home
        for folder in ("conf", "data", "logs", "plugins", "import"):
            (home / folder).mkdir(parents=True, exist_ok=True)
        if self._bolt_port is None:
            self._bolt_port, self._http_port = free_port(), free_port()
        (home / "conf" / "neo4j.conf").write_text(
            CONF.format(bolt=self._bolt_port, http=self._http_port, heap=self.heap, pagecache=self.pagecache),
            encoding="utf-8",
        )
        secret = home / PASSWORD_FILE
        if secret.exists():
            self._password = secret.read_text(encoding="utf-8").strip()
            return
        password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(24))
        done = subprocess.run(
            self._java(lib, ADMIN_TOOL, "dbms", "set-initial-password", password),
            env=self._env(), cwd=home, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise ConfigurationError(f"neo4j-admin set-initial-password failed:\n{done.stdout}{done.stderr}")
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password)
        self._password = password

    # -- lifecycle --------------------------------------------------------------
    def start(self, timeout: float = START_TIMEOUT) -> LocalNeo4j:
        """Start the server and wait until Bolt answers; fail fast with the log tail."""
        if self.running:
            return self
        lib = resolve_jars(self.settings)
        self._prepare(lib)
        logs = self.home / "logs"
        log = logs / "neo4j.log"
        log_offset = log.stat().st_size if log.exists() else 0
        console = (logs / "console.log").open("ab")
        self._archive = ClassArchive(lib, "server")
        try:
            self._process = subprocess.Popen(
                self._java(lib, ENTRY_POINT, f"--home-dir={self.home}", f"--config-dir={self.home / 'conf'}",
                           jvm=(f"-Xms{self.heap}", f"-Xmx{self.heap}", *ADD_OPENS, *self._archive.jvm_flags())),
                env=self._env(), cwd=self.home, stdin=subprocess.DEVNULL, stdout=console, stderr=console,
                preexec_fn=_die_with_parent if _main_thread_on_linux() else None,
            )
        finally:
            console.close()
        _RUNNING.add(self)
        try:
            self._wait_ready(log, log_offset, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, log: Path, log_offset: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
            while True:
                if self._process is None or self._process.poll() is not None:
                    raise StoreUnavailableError(f"Neo4j exited during start-up:\n{self.log_tail()}")
                if "ERROR Failed to start" in self._read_from(log, log_offset):
                    raise StoreUnavailableError(f"Neo4j failed to start:\n{self.log_tail()}")
                try:
                    driver.verify_connectivity()
                    return
                except (ServiceUnavailable, Neo4jError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise StoreUnavailableError(f"Neo4j did not answer within {timeout:.0f} s:\n{self.log_tail()}")
                time.sleep(0.1)  # a bulk load waits on this start: poll often

    @staticmethod
    def _read_from(path: Path, offset: int) -> str:
        if not path.exists():
            return ""
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace")

    def log_tail(self, lines: int = 40) -> str:
        out = []
        for name in ("neo4j.log", "console.log"):
            path = self.home / "logs" / name
            if path.exists():
                tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
                out.append(f"--- {path}\n" + "\n".join(tail))
        return "\n".join(out) or "(no logs)"

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM to the server's pid; SIGKILL if it is still there after the timeout."""
        process, self._process = self._process, None
        archive, self._archive = self._archive, None
        if process is None:
            return
        clean = process.poll() is None  # it exited on its own: its archive, if any, is not kept
        if clean:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                clean = False
                process.kill()
                process.wait(10)
        if archive is not None:
            archive.settle(clean)

    def restart(self, timeout: float = START_TIMEOUT) -> LocalNeo4j:
        """Stop, then start on the same ports with the same data and password."""
        self.stop()
        return self.start(timeout)

    def cleanup(self) -> None:
        """Stop and delete the home folder if this object made it."""
        self.stop()
        if self._owns_home and self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)

    def bulk_import(
        self, nodes_csvs: Sequence[str | Path], rels_csvs: Sequence[str | Path], extra_args: Sequence[str] = (),
    ) -> str:
        """Replace the `neo4j` database wholesale with `neo4j-admin database import full`.

        For first loads into an empty database. Each entry is passed as ``--nodes=...`` or
        ``--relationships=...``: a path, or neo4j-admin's ``Label1:Label2=path`` form with
        absolute paths. The server is stopped for the import and started again if it was
        running. Returns the tool's output.

        For Neo4jStore to read the result, give each node an ``id`` (``id:ID`` or
        ``id:ID(Party)`` with the matching ``:START_ID(Party)`` in the links) and ``checksum``
        property and all labels of its type (``Party;Person``), and each link ``id`` and
        ``checksum`` properties; then call ``ensure_schema()`` after the start."""
        was_running = self.running
        self.stop()
        lib = resolve_jars(self.settings)
        self._prepare(lib)

        def spec(item: str | Path) -> str:
            return str(Path(item).resolve()) if isinstance(item, Path) else item

        args = ["database", "import", "full",
                *(f"--nodes={spec(n)}" for n in nodes_csvs),
                *(f"--relationships={spec(r)}" for r in rels_csvs),
                *extra_args, "--overwrite-destination", "neo4j"]
        done = subprocess.run(
            self._java(lib, ADMIN_TOOL, *args, jvm=(f"-Xmx{self.heap}",)),
            env=self._env(), cwd=self.home, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise ConfigurationError(f"neo4j-admin database import failed:\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
        if was_running:
            self.start()
        return done.stdout + done.stderr

    def __enter__(self) -> LocalNeo4j:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None,
    ) -> None:
        self.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.neo4j_server", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start a server and keep it in the foreground")
    start.add_argument("--home", type=Path, help="server folder to use (reused with its data if it exists)")
    start.add_argument("--heap", help="JVM heap, e.g. 1g (default: KITH_NEO4J_HEAP or 1g)")
    start.add_argument("--pagecache", help="page cache, e.g. 1g (default: KITH_NEO4J_PAGECACHE or 1g)")
    start.add_argument("--keep", action="store_true", help="keep the home folder (data) when stopping")
    commands.add_parser("resolve", help="only resolve the server's jars with Maven")
    args = parser.parse_args(argv)

    if args.command == "resolve":
        print(resolve_jars())
        return 0
    server = LocalNeo4j(args.home, heap=args.heap, pagecache=args.pagecache, keep=args.keep)
    stopping = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server.start()
        print(f"KITH_NEO4J_URI={server.uri}")
        print(f"KITH_NEO4J_USER={server.user}")
        print(f"KITH_NEO4J_PASSWORD={server.password}")
        print(f"# home {server.home}; Ctrl-C to stop", flush=True)
        while not stopping.wait(1.0):
            if not server.running:
                print(f"Neo4j exited:\n{server.log_tail()}", file=sys.stderr)
                return 1
    finally:
        server.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
