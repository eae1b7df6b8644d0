"""Data stewardship: de-duplication candidates and judgements; ingest runs and rejects."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import Caller, SettingsDep, caller
from api.prospects import PossibleDuplicate, ProspectIn, duplicate_check
from api.routes.common import problems
from api.runs import get_run, list_runs, run_rejects
from ingest.resolution import candidates, judge

router = APIRouter(tags=["stewardship"])
CandidatesCaller = Annotated[Caller, Depends(caller("dedup.candidates"))]
JudgeCaller = Annotated[Caller, Depends(caller("dedup.judge"))]
ProspectCaller = Annotated[Caller, Depends(caller("prospect.check"))]
RunsCaller = Annotated[Caller, Depends(caller("ingest.runs"))]
RejectsCaller = Annotated[Caller, Depends(caller("ingest.rejects"))]
RunId = Annotated[str, Path(min_length=1, max_length=120, examples=["20261125-040000-ab12"])]


class Candidate(BaseModel):
    a: str = Field(examples=["P-000123"])
    a_name: str | None = None
    b: str = Field(examples=["P-000456"])
    b_name: str | None = None
    score: float = Field(examples=[0.97])
    reasons: Any = Field(description="Why the pair may be the same entity.")


class Judgement(BaseModel):
    a: str = Field(min_length=1, max_length=200, examples=["P-000123"])
    b: str = Field(min_length=1, max_length=200, examples=["P-000456"])
    decision: Literal["same", "different"]
    note: str = Field(default="", max_length=2000)


class RunSummary(BaseModel):
    run_id: str
    started_at: str
    finished_at: str = ""
    seconds: float = 0.0
    store: str = ""
    files: list[str] = Field(default_factory=list)
    types: dict[str, dict[str, int]] = Field(default_factory=dict)
    totals: dict[str, int] = Field(default_factory=dict)
    rejects_path: str | None = None


@router.get("/dedup/candidates", response_model=list[Candidate], summary="Open 'possibly same' pairs, best first",
            responses=problems())
def dedup_candidates(ctx: CandidatesCaller, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                     min_score: Annotated[float | None, Query(ge=0, le=1)] = None) -> JSONResponse:
    found = candidates(ctx.store, limit, min_score)
    ctx.audit("dedup-candidates")
    return ctx.respond(found, "other")


@router.post("/dedup/judgements", response_model=dict[str, Any], summary="Judge a pair: same or different",
             description="Recorded with the user (who decided), applied at once, replayed by later loads.",
             responses=problems(400, 404))
def dedup_judge(ctx: JudgeCaller, body: Judgement) -> JSONResponse:
    return ctx.respond(judge(ctx.store, body.a, body.b, body.decision, ctx.who.user, body.note), "other")


@router.post("/prospects/check", response_model=list[PossibleDuplicate],
             summary="Before entering a prospect: stored parties that may be the same entity",
             description="Scored by the de-duplication matcher; identifiers that agree score 99.",
             responses=problems(400))
def prospect_check(ctx: ProspectCaller, body: ProspectIn,
                   limit: Annotated[int, Query(ge=1, le=50)] = 10) -> JSONResponse:
    found = duplicate_check(ctx.store, body, limit)
    ctx.audit(f"prospect:{body.name[:100]}")
    return ctx.respond([d.model_dump() for d in found], "other")


@router.get("/ingest/runs", response_model=list[RunSummary], summary="Ingest runs, newest first",
            responses=problems())
def runs(ctx: RunsCaller, settings: SettingsDep, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JSONResponse:
    return ctx.respond(list_runs(settings.data_dir, limit), "other")


@router.get("/ingest/runs/{run_id}", response_model=RunSummary, summary="One ingest run's summary",
            responses=problems(404))
def run(ctx: RunsCaller, settings: SettingsDep, run_id: RunId) -> JSONResponse:
    return ctx.respond(get_run(settings.data_dir, run_id), "other")


@router.get("/ingest/runs/{run_id}/rejects", response_model=list[dict[str, Any]],
            summary="Rejected rows of a run, with file, line, field and reason", responses=problems(404))
def rejects(ctx: RejectsCaller, settings: SettingsDep, run_id: RunId, offset: Annotated[int, Query(ge=0)] = 0,
            limit: Annotated[int, Query(ge=1, le=10_000)] = 1000) -> JSONResponse:
    found = run_rejects(settings.data_dir, run_id, offset, limit)
    ctx.audit(f"rejects:{run_id}")
    return ctx.respond(found, "other")
