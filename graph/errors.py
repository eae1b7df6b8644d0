"""Domain exceptions. Each carries the HTTP status the service maps it to, so the API
answers with a problem+json body and never a traceback."""

from __future__ import annotations


class KithError(Exception):
    status = 500
    title = "Internal error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(KithError):
    status = 404
    title = "Not found"


class InvalidRequestError(KithError):
    status = 422
    title = "Invalid request"


class ForbiddenError(KithError):
    status = 403
    title = "Forbidden"


class ConflictError(KithError):
    status = 409
    title = "Conflict"


class StoreUnavailableError(KithError):
    """The graph database cannot be reached; the caller may retry later."""

    status = 503
    title = "Store unavailable"
    retry_after_seconds = 5


class ConfigurationError(KithError):
    title = "Configuration error"
