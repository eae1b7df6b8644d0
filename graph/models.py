"""pydantic models derived from the schema: one per node and relationship type.

Models forbid unknown fields and normalise identifiers, dates and contact points, so
a row that validates is in canonical form. Dates are kept as ISO strings, which sort
and compare correctly in both stores.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, create_model, model_validator

from graph import normalise
from graph.schema import Property, load_schema

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-/]{0,127}$"


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _iso_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _non_empty(normaliser: Any) -> Any:
    def run(value: str) -> str:
        out = str(normaliser(value))
        if not out:
            raise ValueError("empty after normalisation")
        return out
    return run


Blank = BeforeValidator(_blank_to_none)
_STR_NORMALISERS = {
    "identifier": normalise.identifier, "lei": normalise.lei, "phone": normalise.phone,
    "email": normalise.email, "currency": normalise.currency,
}


def _annotation(prop: Property) -> Any:
    """The python type, constraints and normaliser of one schema property."""
    if prop.type == "date":
        return Annotated[str, BeforeValidator(_iso_date)]
    if prop.type == "enum":
        return Literal[prop.values]
    if prop.type == "boolean":
        return bool
    if prop.type == "percent":
        return Annotated[float, Field(ge=0, le=100)]
    if prop.type in ("number", "integer"):
        base: type = float if prop.type == "number" else int
        return Annotated[base, Field(ge=prop.minimum)] if prop.minimum is not None else base
    if prop.type in _STR_NORMALISERS:
        return Annotated[str, AfterValidator(_non_empty(_STR_NORMALISERS[prop.type]))]
    return Annotated[str, Field(min_length=1)]


def _field(prop: Property, blanks: bool) -> tuple[Any, Any]:
    # Blank runs before the type's own validators, so an empty cell is "no value":
    # accepted when the property is optional, "required" when it is not.
    kind = _annotation(prop) if prop.required else _annotation(prop) | None
    if blanks:
        kind = Annotated[kind, Blank]
    if prop.required:
        return kind, Field(description=prop.description)
    return kind, Field(default=prop.default, description=prop.description)


class NodeBase(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=ID_PATTERN, description="Stable identifier.")]


class LinkBase(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str | None, Blank, Field(default=None, pattern=ID_PATTERN,
                                            description="Stable link id; derived from source and record when empty.")]
    source_id: Annotated[str, Field(pattern=ID_PATTERN, description="Id of the source node.")]
    target_id: Annotated[str, Field(pattern=ID_PATTERN, description="Id of the target node.")]

    @model_validator(mode="after")
    def _validity_ordered(self) -> LinkBase:
        start, end = getattr(self, "valid_from", None), getattr(self, "valid_to", None)
        if start and end and end < start:
            raise ValueError(f"valid_to {end} is before valid_from {start}")
        return self


@cache
def model_for(type_name: str, blanks: bool = True) -> type[BaseModel]:
    """The pydantic model of a node or relationship type (derived properties excluded).

    blanks=False: for callers that drop empty values before validating (the loader's
    RowValidator): the model then skips a Python call per field given (3.4 million on the
    benchmark's 100,000-party first load)."""
    schema = load_schema()
    if type_name in schema.relationships:
        rel = schema.relationships[type_name]
        fields = {k: _field(p, blanks) for k, p in rel.properties.items() if not p.derived}
        return create_model(type_name, __base__=LinkBase, __doc__=rel.description, **fields)  # type: ignore[call-overload,no-any-return]
    node = schema.node(type_name)
    fields = {k: _field(p, blanks) for k, p in node.properties.items() if not p.derived}
    return create_model(type_name, __base__=NodeBase, __doc__=node.description, **fields)  # type: ignore[call-overload,no-any-return]


def derived_properties(type_name: str, props: dict[str, Any]) -> dict[str, Any]:
    """Properties computed from others (the folded name for search)."""
    schema = load_schema()
    if type_name in schema.nodes and "name_folded" in schema.nodes[type_name].properties and props.get("name"):
        return {"name_folded": normalise.fold(str(props["name"]))}
    return {}
