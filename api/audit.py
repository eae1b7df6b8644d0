"""The audit trail: every read of a party, group or path, append-only.

Stored as JSON Lines in settings.data_dir/audit/audit.jsonl, opened in append mode and
never rewritten (one write per event, flushed and fsynced), validated with the
AuditEvent schema type. Not in the graph, because a store reload (`clear`) would erase
it and every read would become a graph write (on the embedded store a rewrite of the
whole file).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, Field

from api.auth import Principal
from graph.models import model_for

AUDIT_FIELDS = ("id", "at", "user", "role", "action", "subject_type", "subject_id", "ip", "url")


class AuditRecord(BaseModel):
    id: str = Field(examples=["5f0c3b0e6f7a4c1d9f1a2b3c4d5e6f70"])
    at: str = Field(description="ISO timestamp (UTC).", examples=["2026-11-25T04:00:00+00:00"])
    user: str = Field(examples=["an.nguyen"])
    role: str = Field(examples=["rm"])
    action: str = Field(description="Endpoint key.", examples=["party.get"])
    subject_type: str = Field(examples=["party"])
    subject_id: str = Field(examples=["P-000123"])
    ip: str | None = Field(default=None, examples=["127.0.0.1"])
    url: str | None = Field(default=None, examples=["/parties/P-000123"])


class AuditFilter(BaseModel):
    user: str | None = None
    action: str | None = None
    subject_id: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 1000


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._model = model_for("AuditEvent")

    def record(self, who: Principal, action: str, subject_type: str, subject_id: str,
               ip: str | None, url: str | None) -> AuditRecord:
        props = {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"), "user": who.user, "role": who.role,
            "action": action, "subject_type": subject_type, "subject_id": subject_id, "ip": ip, "url": url,
            "source": "kith-api",
        }
        event_id = uuid.uuid4().hex
        self._model.model_validate({"id": event_id, **props})
        event = AuditRecord(id=event_id, **{k: v for k, v in props.items() if k != "source"})
        line = json.dumps(event.model_dump(), ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        return event

    def _all(self) -> Iterator[AuditRecord]:
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield AuditRecord.model_validate_json(line)

    def query(self, flt: AuditFilter) -> list[AuditRecord]:
        """Matching events, newest first, at most flt.limit of them."""
        hits = [e for e in self._all() if _matches(e, flt)]
        hits.reverse()
        return hits[: flt.limit]


class UserActivity(BaseModel):
    user: str = Field(examples=["an.nguyen"])
    roles: list[str] = Field(examples=[["rm"]])
    reads: int = Field(description="Audited reads.", examples=[42])
    last_seen: str = Field(examples=["2026-11-25T04:00:00+00:00"])


def users(log: AuditLog) -> list[UserActivity]:
    """Every user the trail knows, with their roles, number of reads and last read."""
    seen: dict[str, UserActivity] = {}
    for event in log._all():
        found = seen.setdefault(event.user, UserActivity(user=event.user, roles=[], reads=0, last_seen=event.at))
        found.reads += 1
        found.last_seen = max(found.last_seen, event.at)
        if event.role not in found.roles:
            found.roles.append(event.role)
    return sorted(seen.values(), key=lambda u: u.user)


def _matches(event: AuditRecord, flt: AuditFilter) -> bool:
    return (
        (flt.user is None or event.user == flt.user)
        and (flt.action is None or event.action == flt.action)
        and (flt.subject_id is None or event.subject_id == flt.subject_id)
        and (flt.since is None or event.at >= flt.since)
        and (flt.until is None or event.at <= flt.until)
    )


def to_csv(events: list[AuditRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AUDIT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for event in events:
        writer.writerow(event.model_dump())
    return out.getvalue()
