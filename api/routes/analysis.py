"""Integrated ownership, beneficial owners, what-if and contagion (risk analysis)."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api import scope
from api.deps import Caller, caller
from api.routes.common import DATE, AsOf, PartyId, problems
from queries.risk.contagion import ContagionResult, record_risk_event
from queries.risk.ownership import BeneficialOwners, CompanyOwnership, beneficial_owners, ownership_of
from queries.risk.whatif import WhatIf, whatif_facility, whatif_link

router = APIRouter(tags=["risk"])
OwnershipCaller = Annotated[Caller, Depends(caller("company.ownership"))]
OwnersCaller = Annotated[Caller, Depends(caller("company.beneficial_owners"))]
WhatIfCaller = Annotated[Caller, Depends(caller("whatif"))]
ContagionCaller = Annotated[Caller, Depends(caller("contagion.record"))]
Method = Annotated[Literal["multiplication", "dominancy"], Query()]
MaxPaths = Annotated[int, Query(ge=1, le=200)]


class FacilityProposal(BaseModel):
    borrower_id: str = Field(min_length=1, max_length=200, examples=["c-hoang"])
    facility: dict[str, Any] = Field(examples=[{"facility_type": "term_loan", "limit_amount": 5e6,
                                                "drawn_amount": 0, "currency": "USD"}])


class LinkProposal(BaseModel):
    link_type: str = Field(max_length=40, examples=["OWNS"])
    source_id: str = Field(min_length=1, max_length=200, examples=["c-hoang"])
    target_id: str = Field(min_length=1, max_length=200, examples=["c-other"])
    props: dict[str, Any] = Field(default_factory=dict, examples=[{"share_pct": 60.0}])
    party_id: str | None = Field(default=None, max_length=200, description="Seen from this party (default target).")


class RiskEvent(BaseModel):
    party_id: str = Field(min_length=1, max_length=200, examples=["c-other"])
    kind: Literal["default", "watch_list", "sanction"] = Field(examples=["default"])
    date: str = Field(pattern=DATE, examples=["2026-11-02"])
    description: str | None = Field(default=None, max_length=2000)
    max_hops: int | None = Field(default=None, ge=1, le=10)


def _plain(data: Any) -> Any:
    return dataclasses.asdict(data)


@router.get("/companies/{party_id}/ownership", response_model=CompanyOwnership,
            summary="Integrated (direct and indirect) ownership of a company, with paths and cycles",
            responses=problems(404))
def ownership(ctx: OwnershipCaller, party_id: PartyId, as_of: AsOf = None, method: Method = "multiplication",
              max_paths: MaxPaths = 20) -> JSONResponse:
    found = ownership_of(ctx.store, party_id, as_of, method, max_paths)
    ctx.audit(party_id)
    return ctx.respond(_plain(found), scope.party_scope(ctx.store, ctx.who, party_id, as_of))


@router.get("/companies/{party_id}/beneficial-owners", response_model=BeneficialOwners,
            summary="Ultimate beneficial owners above a threshold, natural persons first", responses=problems(404))
def owners(ctx: OwnersCaller, party_id: PartyId, as_of: AsOf = None,
           threshold_pct: Annotated[float, Query(ge=0, le=100)] = 25.0, inclusive: bool = False,
           method: Method = "multiplication", max_paths: MaxPaths = 20) -> JSONResponse:
    found = beneficial_owners(ctx.store, party_id, as_of, threshold_pct, inclusive, method, max_paths)
    ctx.audit(party_id)
    return ctx.respond(_plain(found), scope.party_scope(ctx.store, ctx.who, party_id, as_of))


@router.post("/whatif/facility", response_model=WhatIf, summary="Exposure before and after a proposed facility",
             responses=problems(400))
def whatif_new_facility(ctx: WhatIfCaller, body: FacilityProposal, as_of: AsOf = None) -> JSONResponse:
    found = whatif_facility(ctx.store, body.borrower_id, body.facility, as_of=as_of, settings=ctx.settings)
    ctx.audit(body.borrower_id)
    return ctx.respond(_plain(found), "other")


@router.post("/whatif/link", response_model=WhatIf, summary="Groups and exposure before and after a proposed link",
             responses=problems(400))
def whatif_new_link(ctx: WhatIfCaller, body: LinkProposal, as_of: AsOf = None) -> JSONResponse:
    found = whatif_link(ctx.store, body.link_type, body.source_id, body.target_id, body.props, body.party_id,
                        as_of=as_of, settings=ctx.settings)
    ctx.audit(body.party_id or body.target_id)
    return ctx.respond(_plain(found), "other")


@router.post("/risk-events", response_model=ContagionResult,
             summary="Record a default, watch-list or sanction event; contagion tasks for the RMs it reaches",
             responses=problems(400, 404))
def contagion(ctx: ContagionCaller, body: RiskEvent) -> JSONResponse:
    found = record_risk_event(ctx.store, body.party_id, body.kind, body.date, body.description, ctx.who.user,
                              body.max_hops)
    ctx.audit(body.party_id)
    return ctx.respond(_plain(found), "other")
