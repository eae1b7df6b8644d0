"""An RM's workbench: open tasks (every rule's, contagion included) and open leads;
tasks are closed with an outcome."""

from __future__ import annotations

from pydantic import BaseModel

from graph.errors import NotFoundError
from graph.store import GraphStore, Node
from queries.distribution import LeadRecord, leads_of
from queries.tasks import close_task, open_tasks
from queries.views import Ref


class TaskItem(BaseModel):
    id: str
    rule: str
    subject: Ref
    period: str
    title: str
    reason: str
    status: str
    created_at: str
    outcome: str | None = None


class Workbench(BaseModel):
    rm: Ref
    tasks: list[TaskItem]
    by_rule: dict[str, int]
    leads: list[LeadRecord]


def _item(task: Node, names: dict[str, str]) -> TaskItem:
    props = task.props
    subject = str(props["subject_id"])
    return TaskItem(
        id=task.id, rule=str(props["rule"]), subject=Ref(id=subject, name=names.get(subject, subject)),
        period=str(props["period"]), title=str(props["title"]), reason=str(props["reason"]),
        status=str(props.get("status", "open")), created_at=str(props["created_at"]), outcome=props.get("outcome"),
    )


def workbench(store: GraphStore, rm_id: str) -> Workbench:
    found = store.get_nodes([rm_id])
    if not found or found[0].type != "RelationshipManager":
        raise NotFoundError(f"no relationship manager {rm_id!r}")
    tasks = open_tasks(store, rm_id)
    subjects = sorted({str(t.props["subject_id"]) for t in tasks})
    names = {n.id: str(n.props.get("name", n.id)) for n in store.get_nodes(subjects)}
    by_rule: dict[str, int] = {}
    for task in tasks:
        by_rule[str(task.props["rule"])] = by_rule.get(str(task.props["rule"]), 0) + 1
    return Workbench(rm=Ref(id=rm_id, name=str(found[0].props.get("name", rm_id))),
                     tasks=[_item(t, names) for t in tasks], by_rule=dict(sorted(by_rule.items())),
                     leads=leads_of(store, rm_id))


def close(store: GraphStore, task_id: str, outcome: str, user: str) -> TaskItem:
    task = close_task(store, task_id, outcome, user)
    subject = str(task.props["subject_id"])
    names = {n.id: str(n.props.get("name", n.id)) for n in store.get_nodes([subject])}
    return _item(task, names)
