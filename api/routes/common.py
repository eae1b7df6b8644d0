"""Parameters and documented error answers shared by the routers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path, Query
from fastapi.responses import Response
from pydantic import AfterValidator

from api.errors import PROBLEM, Problem
from viz.exports import XLSX, to_csv, to_xlsx

DATE = r"^\d{4}-\d{2}-\d{2}$"


def calendar_date(value: str | None) -> str | None:
    """A YYYY-MM-DD that is a real day (the pattern alone lets 2026-13-45 through)."""
    if value is not None:
        dt.date.fromisoformat(value)  # ValueError -> 422
    return value


AsOf = Annotated[str | None, Query(pattern=DATE, description="Answer as of this date (YYYY-MM-DD).",
                                   examples=["2026-06-30"], json_schema_extra={"format": "date"}),
                 AfterValidator(calendar_date)]
PartyId = Annotated[str, Path(min_length=1, max_length=200, description="Party id.", examples=["P-000123"])]
GroupId = Annotated[str, Path(min_length=1, max_length=200, description="Group id.", examples=["G-0001"])]

_TEXT = {
    400: "Malformed request.", 401: "Missing or invalid bearer token.", 403: "The role may not use this endpoint.",
    404: "Unknown party, group or item.", 409: "Conflict with the current state.",
    422: "Invalid parameters.", 500: "Internal error (no details).",
    503: "The graph store is unavailable; retry after the Retry-After seconds.",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem+json answers an endpoint can give."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted({401, 403, 422, 500, 503, *codes}):
        entry: dict[str, Any] = {"description": _TEXT[code], "model": Problem,
                                 "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        if code == 503:
            entry["headers"] = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}}
        out[code] = entry
    return out


def export_file(name: str, fmt: str, rows: list[dict[str, Any]], cols: tuple[str, ...], notes: list[str],
                sheet: str | None = None) -> Response:
    """Rows as an Excel (.xlsx) or CSV attachment named `name.fmt` (the sheet is `name` unless given)."""
    if fmt == "xlsx":
        body: bytes | str = to_xlsx(sheet or name, rows, cols, notes)
        media = XLSX
    else:
        body, media = to_csv(rows, cols), "text/csv"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
