"""The RM workbench: an RM's portfolio and tasks (list, close)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import Caller, caller
from api.routes.common import AsOf, problems
from graph.errors import ForbiddenError, NotFoundError
from graph.store import Node
from queries.tasks import close_task, open_tasks
from queries.views import PortfolioView, portfolio_view

router = APIRouter(tags=["workbench"])
PortfolioCaller = Annotated[Caller, Depends(caller("rm.portfolio"))]
TasksCaller = Annotated[Caller, Depends(caller("tasks.list"))]
CloseCaller = Annotated[Caller, Depends(caller("tasks.close"))]
RmId = Annotated[str, Path(min_length=1, max_length=200, examples=["RM-001"])]


class TaskOut(BaseModel):
    id: str = Field(examples=["task-0123456789abcdef"])
    rule: str = Field(examples=["contagion"])
    subject_id: str = Field(examples=["P-000123"])
    period: str = Field(examples=["2026-11"])
    rm_id: str | None = Field(default=None, examples=["RM-001"])
    title: str = Field(examples=["Supplier of a defaulted customer"])
    reason: str = Field(examples=["P-000123 supplies 40% of its receipts to P-000777 (default on 2026-11-02)"])
    status: str = Field(examples=["open"])
    outcome: str | None = None
    created_at: str = Field(examples=["2026-11-25T04:00:00+00:00"])
    closed_at: str | None = None
    closed_by: str | None = None


class CloseBody(BaseModel):
    outcome: str = Field(min_length=1, max_length=2000, examples=["Called the client; no action needed."])


def _task(node: Node) -> dict[str, Any]:
    keep = TaskOut.model_fields
    return {"id": node.id, **{k: v for k, v in node.props.items() if k in keep}}


def _own_rm(ctx: Caller, rm_id: str | None) -> str | None:
    """An RM sees their own book only; other roles any RM's (or all, when rm_id is empty)."""
    if ctx.who.role == "rm":
        if rm_id not in (None, ctx.who.rm_id):
            raise ForbiddenError("an RM sees their own portfolio and tasks only")
        return ctx.who.rm_id
    return rm_id


@router.get("/rms/{rm_id}/portfolio", response_model=PortfolioView, summary="An RM's customers and their links",
            responses=problems(404))
def portfolio(ctx: PortfolioCaller, rm_id: RmId, as_of: AsOf = None) -> JSONResponse:
    wanted = _own_rm(ctx, rm_id) or rm_id
    data = portfolio_view(ctx.store, wanted, as_of).model_dump()
    ctx.audit(wanted)
    return ctx.respond(data, "own")


@router.get("/tasks", response_model=list[TaskOut], summary="Open tasks, oldest first", responses=problems())
def tasks(ctx: TasksCaller, rm_id: Annotated[str | None, Query(max_length=200)] = None) -> JSONResponse:
    wanted = _own_rm(ctx, rm_id)
    return ctx.respond([_task(n) for n in open_tasks(ctx.store, wanted)], "own")


@router.post("/tasks/{task_id}/close", response_model=TaskOut, summary="Close a task with an outcome",
             responses=problems(400, 404, 409))
def close(ctx: CloseCaller, task_id: Annotated[str, Path(min_length=1, max_length=200)],
          body: CloseBody) -> JSONResponse:
    if ctx.who.role == "rm":
        found = [n for n in ctx.store.get_nodes([task_id]) if n.type == "Task"]
        if not found:
            raise NotFoundError(f"no task {task_id!r}")
        if found[0].props.get("rm_id") != ctx.who.rm_id:
            raise ForbiddenError("an RM closes their own tasks only")
    return ctx.respond(_task(close_task(ctx.store, task_id, body.outcome, ctx.who.user)), "own")
