"""A circuit breaker in front of the store: once the store is found unavailable, answer
503 (Retry-After) at once instead of letting every request wait out the driver's retries,
and ping the store (the cheapest round trip, not a user's request, which may be a heavy
cold query after a restart) at most once per `probe_seconds`; the first ping that
answers closes the circuit. Keeps the worker threads free during a Neo4j outage and
closes within a second or so of Neo4j being back."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem
from graph.errors import KithError, StoreUnavailableError

EXEMPT = ("/static", "/ui", "/openapi.json", "/docs", "/redoc", "/auth/", "/admin/audit", "/admin/tokens")


class Circuit:
    def __init__(self, ping: Callable[[], None], probe_seconds: float = 0.5) -> None:
        self.ping = ping
        self.probe_seconds = probe_seconds
        self.down_since: float | None = None
        self._last_probe = 0.0
        self._lock = threading.Lock()

    def probe_due(self) -> bool:
        """True for one caller per probe_seconds while the circuit is open."""
        with self._lock:
            now = time.monotonic()
            if now - self._last_probe >= self.probe_seconds:
                self._last_probe = now
                return True
        return False

    def probe(self) -> bool:
        """Ping the store (blocking); close the circuit when it answers."""
        try:
            self.ping()
        except (KithError, OSError):
            return False
        self.down_since = None
        return True

    def record(self, status: int) -> None:
        if status == 503:
            if self.down_since is None:
                self.down_since = time.monotonic()
        elif 200 <= status < 300:
            self.down_since = None


class CircuitBreaker:
    def __init__(self, app: ASGIApp, circuit: Circuit) -> None:
        self.app = app
        self.circuit = circuit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path == "/" or path.startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        if self.circuit.down_since is not None and not await self._store_back():
            retry = str(StoreUnavailableError.retry_after_seconds)
            answer = problem(503, StoreUnavailableError.title, "the graph store is unavailable; retry later", path,
                             headers={"Retry-After": retry})
            await answer(scope, receive, send)
            return

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.circuit.record(int(message["status"]))
            await send(message)

        await self.app(scope, receive, watch)

    async def _store_back(self) -> bool:
        """While open: most requests are refused at once; one per probe period pings."""
        if not self.circuit.probe_due():
            return False
        return await run_in_threadpool(self.circuit.probe)
