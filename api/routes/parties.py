"""Health, party search, party 360 and the connected-party view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from api import scope
from api.deps import Caller, StoreDep, caller
from api.party import Party360, SearchResult, party_360, search_parties
from api.routes.common import AsOf, PartyId, problems
from queries.views import DEFAULT_CAP, MAX_DEPTH, ConnectedView, connected_view
from viz.network import VisGraph, standalone_html, to_vis

router = APIRouter()
SearchCaller = Annotated[Caller, Depends(caller("party.search"))]
PartyCaller = Annotated[Caller, Depends(caller("party.get"))]
ViewCaller = Annotated[Caller, Depends(caller("party.view"))]
NetworkCaller = Annotated[Caller, Depends(caller("party.network"))]
ExportCaller = Annotated[Caller, Depends(caller("party.view.export"))]


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    store: str = Field(description="Store kind.", examples=["neo4j"])
    nodes: dict[str, int] = Field(description="Node counts by type.", examples=[{"Person": 6000, "Company": 4000}])
    relationships: dict[str, int] = Field(description="Relationship counts by type.", examples=[{"OWNS": 5200}])


@router.get("/health", response_model=Health, tags=["service"], summary="Store kind and counts",
            responses=problems())
def health(store: StoreDep) -> Health:
    counts = store.counts()
    return Health(status="ok", store=store.kind, nodes=dict(sorted(counts.nodes.items())),
                  relationships=dict(sorted(counts.links.items())))


@router.get("/parties", response_model=SearchResult, tags=["parties"], summary="Search parties by name",
            description="Case- and diacritics-insensitive (`Nguyen` finds `Nguyễn`); prefix matches first.",
            responses=problems())
def search(ctx: SearchCaller,
           q: Annotated[str, Query(min_length=1, max_length=200, examples=["nguyen"])],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> JSONResponse:
    result = search_parties(ctx.store, q, limit)
    ctx.audit(result.folded)
    return ctx.respond(result.model_dump(), "other")


@router.get("/parties/{party_id}", response_model=Party360, tags=["parties"], summary="Party 360",
            responses=problems(404))
def party(ctx: PartyCaller, party_id: PartyId, as_of: AsOf = None) -> JSONResponse:
    data = party_360(ctx.store, party_id, as_of)
    ctx.audit(party_id)
    return ctx.respond(data.model_dump(exclude_none=True), scope.party_scope(ctx.store, ctx.who, party_id, as_of))


ViewTypes = Annotated[list[str] | None, Query(max_length=20, description="Relationship types to walk.")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH)]
Cap = Annotated[int, Query(ge=1, le=500, description="Neighbours shown per expansion (+N more beyond).")]


@router.get("/parties/{party_id}/view", response_model=ConnectedView, tags=["parties"],
            summary="Connected-party view", responses=problems(404))
def view(ctx: ViewCaller, party_id: PartyId, depth: Depth = 2,
         types: ViewTypes = None, as_of: AsOf = None, cap: Cap = DEFAULT_CAP) -> JSONResponse:
    data = connected_view(ctx.store, party_id, depth, types, as_of, cap)
    ctx.audit(party_id)
    return ctx.respond(data.model_dump(), scope.party_scope(ctx.store, ctx.who, party_id, as_of))


@router.get("/parties/{party_id}/network", response_model=VisGraph, tags=["parties"],
            summary="Connected-party view laid out for vis-network (positions fixed, physics off)",
            responses=problems(404))
def network(ctx: NetworkCaller, party_id: PartyId, depth: Depth = 2,
            as_of: AsOf = None, cap: Cap = DEFAULT_CAP) -> JSONResponse:
    data = connected_view(ctx.store, party_id, depth, None, as_of, cap)
    ctx.audit(party_id)
    return ctx.respond(to_vis(data), scope.party_scope(ctx.store, ctx.who, party_id, as_of))


@router.get("/parties/{party_id}/view.html", response_class=HTMLResponse, tags=["exports"],
            summary="Connected-party view as a standalone HTML file (assets inlined)",
            responses={200: {"content": {"text/html": {}}}, **problems(404)})
def view_export(ctx: ExportCaller, party_id: PartyId, depth: Depth = 2,
                as_of: AsOf = None, cap: Cap = DEFAULT_CAP) -> HTMLResponse:
    data = connected_view(ctx.store, party_id, depth, None, as_of, cap)
    ctx.audit(party_id)
    hidden = ctx.hidden(scope.party_scope(ctx.store, ctx.who, party_id, as_of))
    html = standalone_html(data, hidden)
    headers = {"Content-Disposition": f'attachment; filename="kith-network-{_safe(party_id)}.html"'}
    return HTMLResponse(html, headers=headers)


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:80]
