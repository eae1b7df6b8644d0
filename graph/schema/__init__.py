"""The schema, declared once as data: one YAML file per node or relationship type.

Everything else follows from these files: the pydantic models (`graph.models`), the
Neo4j constraints and indexes (`graph.cypher`), and the format documentation
(`graph.docs`). Labels and relationship types may only come from here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

SCHEMA_DIR = Path(__file__).parent

PropertyType = Literal[
    "string", "identifier", "lei", "phone", "email", "currency",
    "date", "number", "integer", "percent", "boolean", "enum",
]


class Property(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    type: PropertyType
    description: str = ""
    required: bool = False
    default: str | int | float | bool | None = None
    values: tuple[str, ...] = ()
    sensitive: bool = False
    index: bool = False
    derived: bool = False
    minimum: float | None = None


class Edge(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    target: str
    label: str
    undirected: bool = False


class TypeSpec(BaseModel):
    """A node or relationship type as declared in its YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    abstract: bool = False
    internal: bool = False
    extends: str | None = None
    edge: Edge | None = None
    properties: dict[str, Property] = Field(default_factory=dict)

    @property
    def is_relationship(self) -> bool:
        return self.edge is not None


class NodeType(BaseModel):
    """A concrete node type with its inherited properties resolved."""

    model_config = ConfigDict(frozen=True)

    name: str
    labels: tuple[str, ...]  # most general first, e.g. ("Party", "Person")
    description: str
    internal: bool
    properties: dict[str, Property]

    @property
    def key_label(self) -> str:
        """The label whose id constraint covers this type (Party for Person and Company)."""
        return self.labels[0]


class RelType(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    edge: Edge
    internal: bool
    properties: dict[str, Property]


class Schema(BaseModel):
    model_config = ConfigDict(frozen=True)

    nodes: dict[str, NodeType]
    abstract_nodes: dict[str, tuple[str, ...]]  # abstract label -> concrete types
    relationships: dict[str, RelType]

    def node(self, name: str) -> NodeType:
        try:
            return self.nodes[name]
        except KeyError:
            raise UnknownTypeError(name) from None

    def relationship(self, name: str) -> RelType:
        try:
            return self.relationships[name]
        except KeyError:
            raise UnknownTypeError(name) from None

    def is_type(self, name: str) -> bool:
        return name in self.nodes or name in self.relationships

    def concrete(self, label: str) -> tuple[str, ...]:
        """Concrete node types a label stands for (Party -> Person, Company)."""
        if label in self.abstract_nodes:
            return self.abstract_nodes[label]
        return (self.node(label).name,)

    @property
    def key_labels(self) -> tuple[str, ...]:
        """Labels that carry a unique id constraint."""
        return tuple(sorted({n.key_label for n in self.nodes.values()}))

    def sensitive_properties(self) -> frozenset[str]:
        names = {p for t in self.nodes.values() for p, spec in t.properties.items() if spec.sensitive}
        return frozenset(names)


class UnknownTypeError(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown schema type {self.name!r}"


def _read(folder: Path) -> dict[str, TypeSpec]:
    specs: dict[str, TypeSpec] = {}
    for path in sorted(folder.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = TypeSpec.model_validate(raw)
        props = {k: v.model_copy(update={"name": k}) for k, v in spec.properties.items()}
        specs[spec.name] = spec.model_copy(update={"properties": props})
    return specs


def _resolve_nodes(specs: dict[str, TypeSpec]) -> tuple[dict[str, NodeType], dict[str, tuple[str, ...]]]:
    def chain(spec: TypeSpec) -> list[TypeSpec]:
        return ([*chain(specs[spec.extends]), spec] if spec.extends else [spec])

    nodes: dict[str, NodeType] = {}
    abstract: dict[str, list[str]] = {}
    for spec in specs.values():
        if spec.abstract:
            continue
        lineage = chain(spec)
        props: dict[str, Property] = {}
        for ancestor in lineage:
            props.update(ancestor.properties)
            if ancestor.abstract:
                abstract.setdefault(ancestor.name, []).append(spec.name)
        nodes[spec.name] = NodeType(
            name=spec.name, labels=tuple(s.name for s in lineage), description=spec.description,
            internal=spec.internal, properties=props,
        )
    return nodes, {k: tuple(v) for k, v in abstract.items()}


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Read every YAML file once; the schema never changes while the process runs."""
    nodes, abstract = _resolve_nodes(_read(SCHEMA_DIR / "nodes"))
    rel_specs = _read(SCHEMA_DIR / "relationships")
    common = rel_specs.pop("_common").properties
    rels = {
        name: RelType(
            name=name, description=spec.description, edge=spec.edge, internal=spec.internal,
            properties={**common, **spec.properties},
        )
        for name, spec in rel_specs.items()
        if spec.edge is not None
    }
    return Schema(nodes=nodes, abstract_nodes=abstract, relationships=rels)
