"""Declared against derived groups (issue 4: "every difference between declared and
derived groups is reported"): for each group the bank declared, the derived group that
overlaps it most, the members only one side has and the rule that joins each derived
member; derived groups the bank has not declared at all. JSON, Excel and CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi import Path as FPath
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.deps import Caller, caller
from api.groups import names_of
from api.masking import mask
from api.routes.common import AsOf, export_file, problems
from queries.risk.derive import GroupDifference, compare_declared
from viz.exports import XLSX

router = APIRouter(tags=["risk"])
DiffCaller = Annotated[Caller, Depends(caller("group.differences"))]
DiffExportCaller = Annotated[Caller, Depends(caller("group.differences.export"))]
Profile = Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$", description="Limit profile (default: settings).",
                                      examples=["basel"])]
Limit = Annotated[int, Query(ge=1, le=10_000, description="At most this many differences, declared groups first.")]
COLUMNS = ("declared_id", "derived_id", "side", "party_id", "party_name", "reason")
FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX: {}, "text/csv": {}}, "description": "One row per differing member."}}


class Difference(BaseModel):
    declared_id: str | None = Field(description="The bank's group; null when the bank declared none.")
    derived_id: str | None = Field(description="The derived group overlapping it most; null when none.")
    only_declared: list[dict[str, str]] = Field(description="Declared members the rules do not join.")
    only_derived: list[dict[str, str]] = Field(description="Members the rules join, with the reason of each.")


class Differences(BaseModel):
    profile: str | None = None
    as_of: str | None = None
    total: int = Field(description="Differences found (before the limit).")
    differences: list[Difference]


def _report(ctx: Caller, profile: str | None, as_of: str | None) -> list[GroupDifference]:
    found = compare_declared(ctx.store, profile, as_of, settings=ctx.settings)
    return sorted(found, key=lambda d: (d.declared_id is None, d.declared_id or "", d.derived_id or ""))


def _as_dict(d: GroupDifference, names: dict[str, str]) -> dict[str, Any]:
    return {"declared_id": d.declared_id, "derived_id": d.derived_id,
            "only_declared": [{"party_id": p, "party_name": names.get(p, p)} for p in sorted(d.only_declared)],
            "only_derived": [{"party_id": p, "party_name": names.get(p, p), "reason": d.derived_reasons.get(p, "")}
                             for p in sorted(d.only_derived)]}


def _names(ctx: Caller, found: list[GroupDifference]) -> dict[str, str]:
    return names_of(ctx.store, sorted({p for d in found for p in [*d.only_declared, *d.only_derived]}))


@router.get("/portfolio/group-differences", response_model=Differences, responses=problems(404),
            summary="Declared groups against derived groups: every differing member, with reasons")
def differences(ctx: DiffCaller, as_of: AsOf = None, profile: Profile = None, limit: Limit = 500) -> JSONResponse:
    found = _report(ctx, profile, as_of)
    shown = found[:limit]
    ctx.audit("group-differences")
    names = _names(ctx, shown)  # one lookup for every shown member
    data = {"profile": profile or ctx.settings.limit_profile, "as_of": as_of, "total": len(found),
            "differences": [_as_dict(d, names) for d in shown]}
    return ctx.respond(data, "other")


@router.get("/portfolio/group-differences.{fmt}", tags=["exports"], response_class=Response,
            responses={**FILES, **problems(404)}, summary="Declared against derived groups as Excel or CSV")
def differences_export(ctx: DiffExportCaller, fmt: Annotated[Literal["xlsx", "csv"], FPath()],
                       as_of: AsOf = None, profile: Profile = None) -> Response:
    found = _report(ctx, profile, as_of)
    ctx.audit("group-differences")
    names = _names(ctx, found)
    rows = [{"declared_id": d.declared_id or "", "derived_id": d.derived_id or "", "side": side, "party_id": p,
             "party_name": names.get(p, p), "reason": d.derived_reasons.get(p, "") if side == "derived only" else ""}
            for d in found for side, members in (("declared only", d.only_declared), ("derived only", d.only_derived))
            for p in sorted(members)]
    rows = mask(rows, ctx.hidden("other"))
    notes = [f"profile {profile or ctx.settings.limit_profile}, as of {as_of or 'today'}"]
    return export_file("kith-group-differences", fmt, rows, COLUMNS, notes, sheet="group-differences")
