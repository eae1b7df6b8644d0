"""Every error as `application/problem+json` (RFC 9457): domain errors with their own
status, 422 for bad parameters, 503 with Retry-After when the store is down, and a
500 without internals for genuine bugs. Never a traceback."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.errors import KithError, StoreUnavailableError

PROBLEM = "application/problem+json"
log = logging.getLogger("kith.api")


class Problem(BaseModel):
    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str | None = Field(default=None, examples=["no party 'P-404'"])
    instance: str | None = Field(default=None, examples=["/parties/P-404"])
    errors: list[dict[str, Any]] | None = Field(default=None, description="Parameter errors (422 only).")


def problem(status: int, title: str, detail: str | None, instance: str | None = None,
            headers: dict[str, str] | None = None, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, instance=instance, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM, headers=headers)


def _store_down(exc: BaseException) -> bool:
    """A driver error that means the database is unreachable (raised past the store)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"ServiceUnavailable", "SessionExpired", "TransientError", "DatabaseUnavailable"}) or (
        isinstance(exc, OSError) and type(exc).__module__.startswith("neo4j"))


def from_exception(exc: BaseException, path: str | None) -> JSONResponse:
    if isinstance(exc, StoreUnavailableError) or _store_down(exc):
        retry = str(getattr(exc, "retry_after_seconds", StoreUnavailableError.retry_after_seconds))
        return problem(503, StoreUnavailableError.title, "the graph store is unavailable; retry later", path,
                       headers={"Retry-After": retry})
    if isinstance(exc, KithError) and exc.status < 500:
        return problem(exc.status, exc.title, exc.detail, path)
    ref = uuid.uuid4().hex[:12]
    log.error("unhandled error %s on %s", ref, path, exc_info=exc)
    return problem(500, "Internal error", f"an internal error occurred (reference {ref})", path)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()]


def install(app: FastAPI) -> None:
    async def on_kith(request: Request, exc: Exception) -> JSONResponse:
        return from_exception(exc, request.url.path)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem(422, "Invalid request", "the request's parameters are not valid", request.url.path,
                       errors=_validation_errors(exc))

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers) if exc.headers else None
        return problem(exc.status_code, _title(exc.status_code), str(exc.detail), request.url.path, headers)

    app.add_exception_handler(KithError, on_kith)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_middleware(CatchAll)


def _title(status: int) -> str:
    return {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
            405: "Method not allowed", 422: "Invalid request"}.get(status, "Error")


class CatchAll:
    """Outermost guard: any exception not handled above becomes a problem+json answer
    (503 for an unreachable store, otherwise a 500 with a reference, never internals)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, guarded)
        except Exception as exc:
            if started:
                raise
            await from_exception(exc, scope.get("path"))(scope, receive, send)
