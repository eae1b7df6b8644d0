"""Introduction paths, key-person leads and referrer/source effectiveness."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator

from api import scope
from api.deps import Caller, caller
from api.masking import mask
from api.routes.common import DATE, AsOf, PartyId, calendar_date, problems
from queries.leads import KeyPersonLead, key_person_leads, marketing_export
from queries.paths import IntroPath, intro_paths
from queries.referrals import By, Period, ReferralStats, referral_report
from viz.exports import XLSX, to_csv, to_xlsx

router = APIRouter(tags=["relationships"])
PathCaller = Annotated[Caller, Depends(caller("path.intro"))]
LeadsCaller = Annotated[Caller, Depends(caller("leads.list"))]
LeadsExportCaller = Annotated[Caller, Depends(caller("leads.export"))]
ReferralCaller = Annotated[Caller, Depends(caller("referrals.report"))]
EXPORT_COLUMNS = ("party_id", "name", "industry", "region", "segment", "value", "score", "via")
Text = Annotated[str | None, Query(max_length=100)]
Day = Annotated[str | None, Query(pattern=DATE, examples=["2025-01-01"], json_schema_extra={"format": "date"}),
                AfterValidator(calendar_date)]


@router.get("/parties/{party_id}/intro-paths", response_model=list[IntroPath],
            summary="Warm introduction paths to a prospect, best first, with the RM to ask",
            responses=problems(404))
def paths(ctx: PathCaller, party_id: PartyId, as_of: AsOf = None,
          limit: Annotated[int, Query(ge=1, le=50)] = 5,
          max_depth: Annotated[int, Query(ge=2, le=5)] = 4) -> JSONResponse:
    found = intro_paths(ctx.store, party_id, as_of, limit, max_depth)
    ctx.audit(party_id)
    return ctx.respond([p.model_dump() for p in found], scope.party_scope(ctx.store, ctx.who, party_id, as_of))


@router.get("/leads", response_model=list[KeyPersonLead], summary="Key-person leads, best first",
            description="Companies one key person away from a customer; do-not-contact parties never appear.",
            responses=problems())
def leads(ctx: LeadsCaller, as_of: AsOf = None, industry: Text = None, region: Text = None, segment: Text = None,
          require_consent: bool = False, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> JSONResponse:
    for_rm = ctx.who.rm_id if ctx.who.role == "rm" else None
    found = key_person_leads(ctx.store, as_of, industry, region, segment, for_rm, require_consent, limit)
    ctx.audit("leads")
    return ctx.respond([lead.model_dump() for lead in found], "other")


@router.get("/leads/export.{fmt}", tags=["exports"], response_class=Response,
            summary="The marketing list (leads, consent checked again) as Excel (.xlsx) or CSV",
            responses={200: {"content": {XLSX: {}, "text/csv": {}}, "description": "The list as a file."},
                       **problems()})
def leads_export(ctx: LeadsExportCaller, fmt: Annotated[Literal["xlsx", "csv"], Path()], as_of: AsOf = None,
                 industry: Text = None, region: Text = None, segment: Text = None,
                 require_consent: bool = False) -> Response:
    rows = marketing_export(ctx.store, as_of, require_consent, industry=industry, region=region, segment=segment)
    ctx.audit("leads-export")
    rows = mask(rows, ctx.hidden("other"))
    body: bytes | str = to_xlsx("leads", rows, EXPORT_COLUMNS) if fmt == "xlsx" else to_csv(rows, EXPORT_COLUMNS)
    media = XLSX if fmt == "xlsx" else "text/csv"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="kith-leads.{fmt}"'})


@router.get("/referrals/effectiveness", response_model=list[ReferralStats],
            summary="Referrer or source (channel) effectiveness: conversions, value, commission",
            responses=problems())
def referrals(ctx: ReferralCaller, by: By = "referrer", period: Period | None = None,
              date_from: Day = None, date_to: Day = None) -> JSONResponse:
    found = referral_report(ctx.store, by, period, date_from, date_to)
    return ctx.respond([r.model_dump() for r in found], "other")
