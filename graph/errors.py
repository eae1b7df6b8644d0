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


class MissingEndpointError(InvalidRequestError, KeyError):
    """A link names a source or target node that does not exist (or has the wrong type).

    Also a KeyError, so code written against the first embedded store keeps working."""

    title = "Missing endpoint"

    def __str__(self) -> str:
        return self.detail


class NodeTypeConflictError(ConflictError, ValueError):
    """A node id is already taken by a node of another type (a Person over a Company)."""

    title = "Node type conflict"
