"""Invariants of the schema files (in the spirit of followthemoney's schema tests)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from graph.models import model_for
from graph.schema import SCHEMA_DIR, Property, TypeSpec, UnknownTypeError, load_schema

SCHEMA = load_schema()
YAML_FILES = sorted((SCHEMA_DIR / "nodes").glob("*.yaml")) + sorted((SCHEMA_DIR / "relationships").glob("*.yaml"))
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def test_there_are_schema_files() -> None:
    assert len(YAML_FILES) >= 20
    assert {"Person", "Company", "Group", "Referrer", "RelationshipManager", "Facility"} <= set(SCHEMA.nodes)
    assert {"OWNS", "CONTROLS", "DIRECTOR_OF", "LEGAL_REPRESENTATIVE_OF", "OFFICER_OF", "FAMILY", "GUARANTEES",
            "SUPPLIES", "EMPLOYED_BY", "REFERRED", "MANAGES", "MEMBER_OF", "BORROWS"} <= set(SCHEMA.relationships)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_yaml_loads_and_is_named_after_its_file(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = TypeSpec.model_validate(raw)
    assert spec.name == path.stem
    if path.parent.name == "relationships" and not spec.abstract:
        assert spec.edge is not None, "a relationship type needs an edge"
    if path.parent.name == "nodes":
        assert spec.edge is None


def test_unknown_keys_in_yaml_are_refused() -> None:
    with pytest.raises(ValidationError):
        TypeSpec.model_validate({"name": "X", "colour": "red"})
    with pytest.raises(ValidationError):
        TypeSpec.model_validate({"name": "X", "properties": {"a": {"type": "string", "indexed": True}}})


def test_every_extends_names_a_node_type() -> None:
    for node in SCHEMA.nodes.values():
        assert node.labels[-1] == node.name
        for label in node.labels[:-1]:
            assert label in SCHEMA.abstract_nodes or label in SCHEMA.nodes


@pytest.mark.parametrize("rel_type", sorted(SCHEMA.relationships))
def test_every_edge_names_existing_labels(rel_type: str) -> None:
    rel = SCHEMA.relationships[rel_type]
    for label in (rel.edge.source, rel.edge.target):
        assert SCHEMA.concrete(label), f"{rel_type}: {label} stands for no node type"
    assert rel.edge.label, "edges need a human-readable label"
    assert re.fullmatch(r"[A-Z][A-Z_]*", rel_type)


def test_every_relationship_carries_validity_and_provenance() -> None:
    for rel in SCHEMA.relationships.values():
        assert {"valid_from", "valid_to", "source", "source_record_id"} <= set(rel.properties), rel.name
        assert rel.properties["valid_from"].type == "date"
        assert rel.properties["source_record_id"].required


def test_enums_have_values_and_defaults_among_them() -> None:
    for type_name, props in _all_properties():
        for prop in props.values():
            if prop.type == "enum":
                assert prop.values, f"{type_name}.{prop.name} is an enum without values"
                assert len(set(prop.values)) == len(prop.values)
                assert prop.default is None or prop.default in prop.values
            else:
                assert not prop.values, f"{type_name}.{prop.name} has values but is a {prop.type}"


def test_property_names_are_safe_identifiers() -> None:
    for type_name, props in _all_properties():
        for name, prop in props.items():
            assert IDENT.match(name), f"{type_name}.{name}"
            assert prop.name == name
            assert name not in ("id", "checksum"), "id and checksum are stored apart from props"
        assert re.fullmatch(r"[A-Z][A-Za-z]*|[A-Z][A-Z_]*", type_name)


def test_sensitive_flags() -> None:
    person = SCHEMA.node("Person").properties
    for name in ("date_of_birth", "national_id", "passport", "phone", "email", "address"):
        assert person[name].sensitive, f"Person.{name} must be sensitive"
    assert {"date_of_birth", "national_id", "passport", "phone", "email", "address"} <= SCHEMA.sensitive_properties()
    assert not person["name"].sensitive


def test_persons_and_companies_are_parties() -> None:
    assert set(SCHEMA.concrete("Party")) >= {"Person", "Company"}
    assert SCHEMA.node("Person").labels == ("Party", "Person")
    assert SCHEMA.node("Person").key_label == "Party"
    assert "Party" in SCHEMA.key_labels
    with pytest.raises(UnknownTypeError):
        SCHEMA.node("Dragon")


def test_searchable_types_have_a_derived_folded_name() -> None:
    for node in SCHEMA.nodes.values():
        if "name_folded" in node.properties:
            assert node.properties["name_folded"].derived
            assert node.properties["name_folded"].index


@pytest.mark.parametrize("type_name", sorted([*SCHEMA.nodes, *SCHEMA.relationships]))
def test_models_forbid_extra_fields(type_name: str) -> None:
    model: type[BaseModel] = model_for(type_name)
    assert model.model_config.get("extra") == "forbid"
    assert not any(p.derived and p.name in model.model_fields for p in _props_of(type_name).values())
    with pytest.raises(ValidationError) as caught:
        model.model_validate({"id": "x1", "source_id": "a", "target_id": "b", "surprise_column": 1})
    assert any(e["type"] == "extra_forbidden" for e in caught.value.errors())


def test_a_valid_person_normalises() -> None:
    person = model_for("Person").model_validate({
        "id": "p1", "name": " Anna ", "source": "core", "national_id": "ab-12 3",
        "date_of_birth": "1970-01-02", "email": "Anna@Example.COM", "phone": "+84 90 123",
    })
    data = person.model_dump()
    assert (data["name"], data["national_id"], data["email"], data["phone"]) == ("Anna", "AB123",
                                                                                  "anna@example.com", "+8490123")


def _props_of(type_name: str) -> dict[str, Property]:
    if type_name in SCHEMA.relationships:
        return dict(SCHEMA.relationships[type_name].properties)
    return dict(SCHEMA.nodes[type_name].properties)


def _all_properties() -> list[tuple[str, dict[str, Property]]]:
    out: list[tuple[str, dict[str, Property]]] = []
    out += [(n.name, dict(n.properties)) for n in SCHEMA.nodes.values()]
    out += [(r.name, dict(r.properties)) for r in SCHEMA.relationships.values()]
    return out
