"""Web pages (not in the OpenAPI schema): deep links for every party, group and path."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, RedirectResponse

from viz.pages import render

router = APIRouter(include_in_schema=False)
Id = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/search")


@router.get("/ui/login")
def login() -> HTMLResponse:
    return HTMLResponse(render("login"))


@router.get("/ui/search")
def search(q: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    return HTMLResponse(render("search", {"q": q}))


@router.get("/ui/party/{party_id}")
def party(party_id: Id) -> HTMLResponse:
    return HTMLResponse(render("party", {"id": party_id}))


@router.get("/ui/group/{group_id}")
def group(group_id: Id) -> HTMLResponse:
    return HTMLResponse(render("group", {"id": group_id}))


@router.get("/ui/paths/{party_id}")
def paths(party_id: Id) -> HTMLResponse:
    """Introduction paths to a party; each path has its own anchor (#path-1, #path-2, ...)."""
    return HTMLResponse(render("path", {"id": party_id}))


@router.get("/ui/leads")
def leads() -> HTMLResponse:
    return HTMLResponse(render("leads"))


@router.get("/ui/workbench")
def workbench() -> HTMLResponse:
    return HTMLResponse(render("workbench"))
