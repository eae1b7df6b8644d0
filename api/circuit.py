"""A circuit breaker in front of the store: once the store is found unavailable, answer
503 (Retry-After) at once instead of letting every request wait out the driver's retries,
and let one probe request through each `probe_seconds` until one succeeds again. Keeps
the worker threads free during a Neo4j outage and closes within a second or so of Neo4j
being back."""

from __future__ import annotations

import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem
from graph.errors import StoreUnavailableError

EXEMPT = ("/static", "/ui", "/openapi.json", "/docs", "/redoc", "/auth/", "/admin/audit", "/admin/tokens")


class Circuit:
    def __init__(self, probe_seconds: float = 1.0) -> None:
        self.probe_seconds = probe_seconds
        self.down_since: float | None = None
        self._last_probe = 0.0
        self._lock = threading.Lock()

    def admit(self) -> bool:
        if self.down_since is None:
            return True
        with self._lock:
            now = time.monotonic()
            if now - self._last_probe >= self.probe_seconds:
                self._last_probe = now
                return True
        return False

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
        if not self.circuit.admit():
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
