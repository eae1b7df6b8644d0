"""The duplicate check an RM runs before entering a prospect: the stored parties that the
de-duplication matcher (ingest.resolution) scores as the same or possibly the same."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from graph.normalise import fold, identifier
from graph.store import GraphStore, Node
from ingest.resolution.matcher import score_pair
from ingest.resolution.model import load_model
from ingest.resolution.normal import make_rec

ID_FIELDS = {"Person": ("national_id", "passport"), "Company": ("tax_id", "registration_number", "lei")}
POOL = 200  # parties read per name token


class ProspectIn(BaseModel):
    type: Literal["Person", "Company"] = Field(examples=["Company"])
    name: str = Field(min_length=1, max_length=300, examples=["Cong ty TNHH Song Hong"])
    date_of_birth: str | None = Field(default=None, max_length=20)
    incorporation_date: str | None = Field(default=None, max_length=20)
    national_id: str | None = Field(default=None, max_length=50)
    passport: str | None = Field(default=None, max_length=50)
    tax_id: str | None = Field(default=None, max_length=50)
    registration_number: str | None = Field(default=None, max_length=50)
    lei: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=500)
    phone: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=200)


class PossibleDuplicate(BaseModel):
    id: str = Field(examples=["C0001234"])
    name: str = Field(examples=["Công ty TNHH Sông Hồng"])
    type: str = Field(examples=["Company"])
    status: str | None = Field(default=None, examples=["customer"])
    score: float = Field(description="Match weight (log-odds); 99 for an agreeing identifier.", examples=[12.4])
    outcome: str = Field(description="same | possible", examples=["same"])
    reasons: str = Field(examples=["name exact; tax id agrees"])


def _pool(store: GraphStore, prospect: ProspectIn, props: dict[str, Any]) -> dict[str, Node]:
    found: dict[str, Node] = {}
    tokens = sorted({t for t in fold(prospect.name).split() if len(t) >= 3}, key=len, reverse=True)[:3]
    for token in tokens:
        found.update((n.id, n) for n in store.search(token, [prospect.type], POOL))
    for field in ID_FIELDS[prospect.type]:
        value = props.get(field)
        if value:
            found.update((n.id, n) for n in store.find_nodes(prospect.type, field, [identifier(str(value))]))
    return found


def duplicate_check(store: GraphStore, prospect: ProspectIn, limit: int = 10) -> list[PossibleDuplicate]:
    props = prospect.model_dump(exclude_none=True, exclude={"type"})
    new, model = make_rec("prospect", prospect.type, props), load_model()
    out = []
    for node in _pool(store, prospect, props).values():
        pair = score_pair(new, make_rec(node.id, node.type, node.props), model)
        if pair is not None:
            out.append(PossibleDuplicate(
                id=node.id, name=str(node.props.get("name", node.id)), type=node.type, status=node.props.get("status"),
                score=round(pair.score, 3), outcome=pair.outcome, reasons=pair.reasons,
            ))
    out.sort(key=lambda d: (-d.score, d.id))
    return out[:limit]
