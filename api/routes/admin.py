"""Admin: the audit trail (query and CSV export) and token issue; the demo login."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from api.audit import AuditFilter, AuditRecord, UserActivity, to_csv, users
from api.auth import Role, issue_token
from api.deps import AuditDep, Caller, SettingsDep, caller
from api.routes.common import problems

router = APIRouter(tags=["admin"])
AuditCaller = Annotated[Caller, Depends(caller("audit.query"))]
AuditExportCaller = Annotated[Caller, Depends(caller("audit.export"))]
UsersCaller = Annotated[Caller, Depends(caller("admin.users"))]
TokenCaller = Annotated[Caller, Depends(caller("admin.tokens"))]
Stamp = Annotated[str | None, Query(max_length=40, description="ISO timestamp bound (UTC).",
                                    examples=["2026-11-25T00:00:00"])]
Text = Annotated[str | None, Query(max_length=200)]


class TokenRequest(BaseModel):
    user: str = Field(min_length=1, max_length=100, examples=["an.nguyen"])
    role: Role = Field(examples=["rm"])
    rm_id: str | None = Field(default=None, max_length=200, description="Required for the rm role.",
                              examples=["RM-001"])
    ttl_minutes: int = Field(default=480, ge=1, le=7 * 24 * 60)


class TokenOut(BaseModel):
    token: str
    user: str
    role: str
    rm_id: str | None = None
    expires_in: int = Field(description="Seconds.", examples=[28800])


def _filter(user: str | None, action: str | None, subject_id: str | None, since: str | None,
            until: str | None, limit: int) -> AuditFilter:
    return AuditFilter(user=user, action=action, subject_id=subject_id, since=since, until=until, limit=limit)


@router.get("/admin/audit", response_model=list[AuditRecord], summary="Query the audit trail (newest first)",
            responses=problems())
def audit_query(ctx: AuditCaller, audit_log: AuditDep, user: Text = None, action: Text = None,
                subject_id: Text = None, since: Stamp = None, until: Stamp = None,
                limit: Annotated[int, Query(ge=1, le=10_000)] = 1000) -> list[AuditRecord]:
    return audit_log.query(_filter(user, action, subject_id, since, until, limit))


@router.get("/admin/audit.csv", response_class=PlainTextResponse, summary="The audit trail as CSV",
            responses={200: {"content": {"text/csv": {}}}, **problems()})
def audit_export(ctx: AuditExportCaller, audit_log: AuditDep, user: Text = None, action: Text = None,
                 subject_id: Text = None, since: Stamp = None, until: Stamp = None,
                 limit: Annotated[int, Query(ge=1, le=1_000_000)] = 100_000) -> PlainTextResponse:
    events = audit_log.query(_filter(user, action, subject_id, since, until, limit))
    return PlainTextResponse(to_csv(events), media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="kith-audit.csv"'})


@router.get("/admin/users", response_model=list[UserActivity], summary="Users seen in the audit trail",
            responses=problems())
def admin_users(ctx: UsersCaller, audit_log: AuditDep) -> list[UserActivity]:
    return users(audit_log)


def _token(body: TokenRequest, settings: SettingsDep) -> TokenOut:
    ttl = dt.timedelta(minutes=body.ttl_minutes)
    token = issue_token(body.user, body.role, body.rm_id, settings=settings, ttl=ttl)
    return TokenOut(token=token, user=body.user, role=body.role, rm_id=body.rm_id, expires_in=body.ttl_minutes * 60)


@router.post("/admin/tokens", response_model=TokenOut, summary="Issue a bearer token for a user and role",
             responses=problems(400))
def admin_token(ctx: TokenCaller, body: TokenRequest, settings: SettingsDep) -> TokenOut:
    return _token(body, settings)


demo_router = APIRouter(tags=["demo"])


@demo_router.post("/auth/demo-token", response_model=TokenOut, summary="Demo mode only: a token for the login page",
                  responses=problems(400))
def demo_token(body: TokenRequest, settings: SettingsDep, request: Request) -> TokenOut:
    return _token(body, settings)
