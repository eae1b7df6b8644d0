"""Introduction paths, key-person leads and referrer/source effectiveness."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import AfterValidator

from api import scope
from api.deps import Caller, caller
from api.routes.common import DATE, AsOf, PartyId, calendar_date, problems
from queries.leads import KeyPersonLead, key_person_leads
from queries.paths import IntroPath, intro_paths
from queries.referrals import By, Period, ReferralStats, referral_report

router = APIRouter(tags=["relationships"])
PathCaller = Annotated[Caller, Depends(caller("path.intro"))]
LeadsCaller = Annotated[Caller, Depends(caller("leads.list"))]
ReferralCaller = Annotated[Caller, Depends(caller("referrals.report"))]
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


@router.get("/referrals/effectiveness", response_model=list[ReferralStats],
            summary="Referrer or source (channel) effectiveness: conversions, value, commission",
            responses=problems())
def referrals(ctx: ReferralCaller, by: By = "referrer", period: Period | None = None,
              date_from: Day = None, date_to: Day = None) -> JSONResponse:
    found = referral_report(ctx.store, by, period, date_from, date_to)
    return ctx.respond([r.model_dump() for r in found], "other")
