"""Row validation with the schema's pydantic models (`graph.models.model_for`).

A row that validates comes out in canonical form (normalised identifiers, ISO dates,
defaults filled, derived properties added); one that does not comes out as a list of
(field, reason) problems written so a person can fix the source."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.models import derived_properties, model_for
from graph.schema import load_schema

LINK_KEYS = ("id", "source_id", "target_id")
ID_RULE = "ids are 1-128 letters, digits or _ . : - /, starting with a letter or digit"


@dataclass(frozen=True, slots=True)
class Problem:
    field: str | None
    reason: str


@dataclass(slots=True)
class ValidRow:
    """A row in canonical form. For links, source and target are the endpoint ids."""

    id: str
    props: dict[str, Any]
    source: str = ""
    target: str = ""


def derive_link_id(type_name: str, source: str, source_record_id: str) -> str:
    """A stable link id from where the link came from, for link rows without one."""
    digest = hashlib.blake2b(f"{type_name}|{source}|{source_record_id}".encode(), digest_size=10).hexdigest()
    return f"{type_name.lower()}-{digest}"


class RowValidator:
    """Validates rows of one type; built once per type so the lookups are done once."""

    def __init__(self, type_name: str) -> None:
        schema = load_schema()
        self.type_name = type_name
        self.is_link = type_name in schema.relationships
        self.model: type[BaseModel] = model_for(type_name, blanks=False)  # clean() drops them first
        self.known = frozenset(self.model.model_fields)
        self._validate = self.model.__pydantic_validator__.validate_python

    def clean(self, data: dict[str, Any]) -> dict[str, Any]:
        """Drop empty known fields (an empty CSV cell means "not given"); unknown
        columns stay, so the model reports them."""
        known = self.known
        return {
            key: value for key, value in data.items()
            if (value is not None and value != "" and not (type(value) is str and value.isspace())) or key not in known
        }

    def validate(self, data: dict[str, Any]) -> ValidRow | list[Problem]:
        try:
            model = self._validate(self.clean(data))
        except ValidationError as error:
            return [self._problem(e) for e in error.errors(include_url=False)]
        props = model.model_dump(exclude_none=True)
        if self.is_link:
            given_id = props.pop("id", None)
            link_id = given_id or derive_link_id(self.type_name, props["source"], props["source_record_id"])
            source, target = props.pop("source_id"), props.pop("target_id")
            return ValidRow(id=link_id, props=props, source=source, target=target)
        node_id = props.pop("id")
        props.update(derived_properties(self.type_name, props))
        return ValidRow(id=node_id, props=props)

    def _problem(self, error: Any) -> Problem:
        loc = error.get("loc") or ()
        field = str(loc[0]) if loc else None
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        kind = error.get("type", "")
        value = error.get("input")
        if kind == "extra_forbidden":
            return Problem(field, f"unknown column: {self.type_name} has no property {field!r}")
        if kind == "missing":
            return Problem(field, "required, but missing or empty")
        if kind == "string_pattern_mismatch" and field in LINK_KEYS:
            return Problem(field, f"malformed id {value!r}: {ID_RULE}")
        if field is None and "valid_to" in message:
            return Problem("valid_to", message)
        if kind.startswith(("less_than", "greater_than")) or "parsing" in kind:
            return Problem(field, f"{message} (got {value!r})")
        return Problem(field, message)
