"""Groups, group exposure (JSON, Excel, CSV) and the portfolio's large exposures."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi import Path as FPath
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api import scope
from api.deps import Caller, caller
from api.groups import EXPORT_COLUMNS, GroupOut, exposure_dict, exposure_rows, group_detail, names_of
from api.masking import mask
from api.routes.common import AsOf, GroupId, export_file, problems
from graph.errors import NotFoundError
from queries.risk.exposure import GroupExposure
from queries.risk.portfolio import group_exposure, portfolio
from viz.exports import XLSX

router = APIRouter(tags=["risk"])
GroupCaller = Annotated[Caller, Depends(caller("group.get"))]
ExposureCaller = Annotated[Caller, Depends(caller("group.exposure"))]
ExposureExportCaller = Annotated[Caller, Depends(caller("group.exposure.export"))]
LargeCaller = Annotated[Caller, Depends(caller("portfolio.large"))]
LargeExportCaller = Annotated[Caller, Depends(caller("portfolio.large.export"))]
Fmt = Annotated[Literal["xlsx", "csv"], FPath(description="File format.")]
Top = Annotated[int, Query(ge=1, le=500)]
FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX: {}, "text/csv": {}}, "description": "The table as a file."}}
LARGE_COLUMNS = ("group_id", "anchor_id", "anchor_name", "members", "total_exposure", "currency",
                 "pct_of_capital", "limit_pct", "breach", "headroom")


class GroupExposureOut(BaseModel):
    group_id: str = Field(examples=["grp-basel-P-000001"])
    anchor_id: str
    profile: str
    as_of: str
    currency: str = Field(examples=["USD"])
    members: list[dict[str, Any]] = Field(description="Members with rule, reason and facilities.")
    total_exposure: float | None = Field(default=None, description="Masked without exposure rights.")
    pct_of_capital: float | None = None
    headroom: float | None = None
    capital: float | None = None
    capital_base: str | None = None
    limit_pct: float | None = None
    large: bool | None = None
    breach: bool | None = None
    notes: list[str] = Field(default_factory=list)


class LargeExposures(BaseModel):
    profile: str = Field(examples=["basel"])
    as_of: str | None = None
    currency: str = Field(examples=["USD"])
    capital: float
    large: list[dict[str, Any]] = Field(description="Largest exposures first (groups and ungrouped clients).")
    breaches: list[dict[str, Any]]
    notes: list[str] = Field(default_factory=list)


def _exposure(ctx: Caller, group_id: str, as_of: str | None) -> GroupExposure:
    found = group_exposure(ctx.store, group_id, as_of=as_of, settings=ctx.settings)
    if found is None:
        raise NotFoundError(f"no derived group {group_id!r} (exposure is computed for derived groups)")
    return found


@router.get("/groups/{group_id}", response_model=GroupOut, summary="A group: members and the reason of each",
            responses=problems(404))
def group(ctx: GroupCaller, group_id: GroupId, as_of: AsOf = None) -> JSONResponse:
    data = group_detail(ctx.store, group_id, as_of)
    ctx.audit(group_id)
    return ctx.respond(data.model_dump(), scope.group_scope(ctx.store, ctx.who, group_id, as_of))


@router.get("/groups/{group_id}/exposure", response_model=GroupExposureOut, summary="Group exposure, live",
            responses=problems(404))
def exposure(ctx: ExposureCaller, group_id: GroupId, as_of: AsOf = None) -> JSONResponse:
    data = exposure_dict(_exposure(ctx, group_id, as_of))
    ctx.audit(group_id)
    return ctx.respond(data, scope.group_scope(ctx.store, ctx.who, group_id, as_of))


@router.get("/groups/{group_id}/exposure.{fmt}", tags=["exports"], response_class=Response,
            summary="Group exposure as Excel (.xlsx) or CSV", responses={**FILES, **problems(404)})
def exposure_export(ctx: ExposureExportCaller, group_id: GroupId, fmt: Fmt, as_of: AsOf = None) -> Response:
    found = _exposure(ctx, group_id, as_of)
    ctx.audit(group_id)
    hidden = ctx.hidden(scope.group_scope(ctx.store, ctx.who, group_id, as_of))
    rows = mask(exposure_rows(found, names_of(ctx.store, [m.party_id for m in found.members])), hidden)
    return export_file(f"kith-group-{_safe(group_id)}", fmt, rows, EXPORT_COLUMNS, found.notes)


def _large(ctx: Caller, as_of: str | None, top: int) -> dict[str, Any]:
    found = portfolio(ctx.store, as_of=as_of, top=top, settings=ctx.settings)
    names = names_of(ctx.store, sorted({e.anchor_id for e in [*found.large, *found.breaches]}))

    def row(e: GroupExposure) -> dict[str, Any]:
        data = {k: v for k, v in exposure_dict(e).items() if k != "members"}
        return {**data, "anchor_name": names.get(e.anchor_id, e.anchor_id), "members": len(e.members)}

    return {"profile": found.profile, "as_of": found.as_of, "currency": found.currency, "capital": found.capital,
            "large": [row(e) for e in found.large], "breaches": [row(e) for e in found.breaches],
            "notes": found.notes}


@router.get("/portfolio/large-exposures", response_model=LargeExposures, summary="Largest exposures and breaches",
            responses=problems())
def large(ctx: LargeCaller, as_of: AsOf = None, top: Top = 20) -> JSONResponse:
    data = _large(ctx, as_of, top)
    ctx.audit("large-exposures")
    return ctx.respond(data, "other")


@router.get("/portfolio/large-exposures.{fmt}", tags=["exports"], response_class=Response,
            summary="Large exposures as Excel (.xlsx) or CSV", responses={**FILES, **problems()})
def large_export(ctx: LargeExportCaller, fmt: Fmt, as_of: AsOf = None, top: Top = 20) -> Response:
    data = mask(_large(ctx, as_of, top), ctx.hidden("other"))
    ctx.audit("large-exposures")
    return export_file("kith-large-exposures", fmt, data["large"], LARGE_COLUMNS, data["notes"])


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:80]



