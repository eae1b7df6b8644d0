"""The FastAPI app factory: `create_app(settings, store=None)` and `serve(settings)`.

The lifespan opens the configured store (graph.factory.open_store) and closes it; a
store passed in by the caller (tests, the demo) is used as is and left open.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.audit import AuditLog
from api.auth import signing_secret
from api.circuit import Circuit, CircuitBreaker
from api.routes import admin, analysis, differences, pages, parties, relations, risk, stewardship, work
from graph.factory import open_store
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from viz.network import STATIC

DESCRIPTION = """Kith: relationship and group-client intelligence for banks.

Authenticate with a bearer token (`kith token USER ROLE`). Roles: rm, risk, marketing, admin.
Every error is `application/problem+json`. Every read of a party, group or path is audited."""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or get_settings()
    secret = signing_secret(settings)  # fails fast outside demo mode without a key

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = open_store(settings, serving=True) if owned else store
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(title="Kith", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.secret = secret
    app.state.audit = AuditLog(settings.data_dir / "audit" / "audit.jsonl")
    if store is not None:
        app.state.store = store
    errors.install(app)
    circuit = Circuit(ping=lambda: app.state.store.ping())
    app.add_middleware(CircuitBreaker, circuit=circuit)  # outside CatchAll: it sees the 503s
    routers = (parties.router, risk.router, differences.router, analysis.router, relations.router,
               stewardship.router, work.router, admin.router, pages.router)
    for router in routers:
        app.include_router(router)
    if settings.demo_mode:
        app.include_router(admin.demo_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def serve(settings: Settings | None = None, store: GraphStore | None = None) -> None:
    """Run the service with uvicorn on settings.host:settings.port (blocks)."""
    import uvicorn

    settings = settings or get_settings()
    uvicorn.run(create_app(settings, store), host=settings.host, port=settings.port, log_level="info",
                proxy_headers=False)
