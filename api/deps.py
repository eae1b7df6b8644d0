"""Dependency aliases, in one place: the store, the settings, the audit log and the
caller (principal + policy check + audit + masking) every route takes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api import policy
from api.audit import AuditLog
from api.auth import Principal, UnauthorizedError, decode_token
from api.masking import mask
from graph.errors import ForbiddenError
from graph.settings import Settings
from graph.store import GraphStore

bearer = HTTPBearer(auto_error=False, description="A token from `kith token USER ROLE` (HS256 JWT).")


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_audit(request: Request) -> AuditLog:
    audit: AuditLog = request.app.state.audit
    return audit


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]


def get_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("a bearer token is required")
    return decode_token(credentials.credentials, request.app.state.secret, request.app.state.settings.jwt_issuer)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


@dataclass
class Caller:
    """The caller of one endpoint: who they are, the store, and the endpoint's rule."""

    who: Principal
    endpoint: str
    store: GraphStore
    audit_log: AuditLog
    request: Request

    @property
    def settings(self) -> Settings:
        settings: Settings = self.request.app.state.settings
        return settings

    def audit(self, subject_id: str) -> None:
        kind = policy.ENDPOINTS[self.endpoint].audit
        if kind is None:
            return
        client = self.request.client.host if self.request.client else None
        url = self.request.url.path + (f"?{self.request.url.query}" if self.request.url.query else "")
        self.audit_log.record(self.who, self.endpoint, kind, subject_id, client, url)

    def hidden(self, scope: policy.Scope) -> frozenset[str]:
        return policy.hidden_fields(self.who.role, scope)

    def respond(self, data: Any, scope: policy.Scope, status_code: int = 200) -> JSONResponse:
        return JSONResponse(mask(data, self.hidden(scope)), status_code=status_code)


def caller(endpoint: str) -> Callable[..., Caller]:
    """Dependency for one endpoint key: authenticates, then applies the policy's roles."""
    rule = policy.ENDPOINTS[endpoint]

    def dependency(request: Request, who: PrincipalDep, store: StoreDep, audit_log: AuditDep) -> Caller:
        if who.role not in rule.roles:
            raise ForbiddenError(f"the {who.role} role may not use {endpoint}")
        return Caller(who=who, endpoint=endpoint, store=store, audit_log=audit_log, request=request)

    return dependency
