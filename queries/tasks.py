"""Tasks: one model for every rule. A task's id is derived from rule + subject + period,
so a rule that fires again (on every reload) finds its task and makes no second one."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import ConflictError, NotFoundError
from graph.store import GraphStore, Node, NodeRow, content_checksum


@dataclass(frozen=True)
class TaskSpec:
    rule: str
    subject_id: str
    period: str
    rm_id: str | None
    title: str
    reason: str


def task_id(rule: str, subject_id: str, period: str) -> str:
    digest = hashlib.blake2b(f"{rule}|{subject_id}|{period}".encode(), digest_size=8).hexdigest()
    return f"task-{digest}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def raise_tasks(store: GraphStore, specs: Sequence[TaskSpec]) -> list[str]:
    """Create the tasks that do not exist yet; return the ids of the new ones.

    An existing task (open or closed) is left alone: closing a task is a person's
    decision that a reload must not undo.
    """
    wanted = {task_id(s.rule, s.subject_id, s.period): s for s in specs}
    existing = store.checksums("Task", list(wanted))
    rows = []
    for tid, spec in wanted.items():
        if tid in existing:
            continue
        props: dict[str, Any] = {
            "rule": spec.rule, "subject_id": spec.subject_id, "period": spec.period, "rm_id": spec.rm_id,
            "title": spec.title, "reason": spec.reason, "status": "open", "created_at": _now(), "source": "kith",
        }
        props = {k: v for k, v in props.items() if v is not None}
        rows.append(NodeRow(id=tid, props=props, checksum=content_checksum(props)))
    store.write_nodes("Task", rows)
    return [row.id for row in rows]


def open_tasks(store: GraphStore, rm_id: str | None = None) -> list[Node]:
    """Open tasks, for one RM or all, oldest first."""
    nodes = store.find_nodes("Task", "rm_id", [rm_id]) if rm_id else list(store.iter_nodes("Task"))
    return sorted((n for n in nodes if n.props.get("status") == "open"), key=lambda n: (n.props["created_at"], n.id))


def close_task(store: GraphStore, tid: str, outcome: str, user: str) -> Node:
    found = store.get_nodes([tid])
    if not found or found[0].type != "Task":
        raise NotFoundError(f"no task {tid!r}")
    task = found[0]
    if task.props.get("status") == "closed":
        raise ConflictError(f"task {tid!r} is already closed")
    props = {**task.props, "status": "closed", "outcome": outcome, "closed_at": _now(), "closed_by": user}
    store.write_nodes("Task", [NodeRow(id=tid, props=props, checksum=content_checksum(props))])
    return Node(id=tid, type="Task", props=props)
