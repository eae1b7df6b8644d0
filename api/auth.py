"""Bearer-token authentication: HS256 JWTs signed with settings.jwt_secret.

Outside demo mode a missing secret is a startup error (no default key ever signs a
token). In demo mode, when no secret is configured, a random secret is generated once
per process, so tokens printed by `kith demo` die with the process.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Literal, get_args

import jwt

from graph.errors import ConfigurationError, InvalidRequestError, KithError
from graph.settings import Settings, get_settings

Role = Literal["rm", "risk", "marketing", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
ALGORITHM = "HS256"
MIN_SECRET_BYTES = 32
_DEMO_SECRET = secrets.token_urlsafe(48)


class UnauthorizedError(KithError):
    status = 401
    title = "Unauthorized"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: the user, the role, and for an RM the RelationshipManager id."""

    user: str
    role: Role
    rm_id: str | None = None


def signing_secret(settings: Settings) -> str:
    """The HS256 key; raises ConfigurationError when none is configured outside demo mode."""
    if settings.jwt_secret is not None:
        secret = settings.jwt_secret.get_secret_value()
        if len(secret.encode()) < MIN_SECRET_BYTES:
            raise ConfigurationError(f"KITH_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes")
        return secret
    if settings.demo_mode:
        return _DEMO_SECRET
    raise ConfigurationError(
        "KITH_JWT_SECRET is not set: the service will not start without a signing key "
        "outside demo mode (generate one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
    )


def check_role(role: str, rm_id: str | None) -> Role:
    if role not in ROLES:
        raise InvalidRequestError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "rm" and not rm_id:
        raise InvalidRequestError("a token for the rm role needs the RelationshipManager id (rm_id)")
    return role


def issue_token(
    user: str, role: str, rm_id: str | None = None, ttl_minutes: int | None = None,
    settings: Settings | None = None, ttl: dt.timedelta | None = None,
) -> str:
    """A signed bearer token for user in role (rm_id names the RM's RelationshipManager node).

    Lifetime: ttl, else ttl_minutes, else settings.jwt_ttl_minutes."""
    settings = settings or get_settings()
    if not user.strip():
        raise InvalidRequestError("user must not be empty")
    checked = check_role(role, rm_id)
    now = dt.datetime.now(dt.UTC)
    minutes = ttl_minutes if ttl_minutes is not None else settings.jwt_ttl_minutes
    lifetime = ttl if ttl is not None else dt.timedelta(minutes=minutes)
    if lifetime.total_seconds() <= 0:
        raise InvalidRequestError("the token lifetime must be positive")
    claims: dict[str, object] = {
        "sub": user, "role": checked, "iss": settings.jwt_issuer, "iat": now, "exp": now + lifetime,
        "jti": uuid.uuid4().hex,
    }
    if rm_id:
        claims["rm"] = rm_id
    return jwt.encode(claims, signing_secret(settings), algorithm=ALGORITHM)


def decode_token(token: str, secret: str, issuer: str) -> Principal:
    """The principal a valid token names; UnauthorizedError for anything else."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], issuer=issuer,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise UnauthorizedError("the token has expired") from None
    except jwt.PyJWTError:
        raise UnauthorizedError("the token is not valid") from None
    role, rm_id, user = claims.get("role"), claims.get("rm"), claims.get("sub")
    if not isinstance(role, str) or role not in ROLES or not isinstance(user, str):
        raise UnauthorizedError("the token names no known role")
    if rm_id is not None and not isinstance(rm_id, str):
        raise UnauthorizedError("the token's rm claim is not valid")
    if role == "rm" and not rm_id:
        raise UnauthorizedError("an rm token must name its RelationshipManager")
    return Principal(user=user, role=role, rm_id=rm_id)
