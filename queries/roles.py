"""The role a node plays for this bank: customer, prospect, key person, referrer, RM.

A node may hold several (a customer who is also a key person of another customer,
a referrer who is a prospect). Roles are read from the view facts both stores give
(`view_annotate`), so a view, a path and a lead name roles the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol, cast, runtime_checkable

from graph.errors import ConfigurationError
from graph.store import GraphStore, Link
from queries.links import KEY_ROLES

Role = Literal["customer", "prospect", "key person", "referrer", "RM"]
Expansion = tuple[int, list[tuple[str, float, list[Link]]]]


@runtime_checkable
class ViewsStore(Protocol):
    """The store mixin of issue 5 (graph/embedded/views.py, graph/neo4j/views.py)."""

    def view_expand(
        self, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
        exclude: Sequence[str], weights: Mapping[str, float], slopes: Mapping[str, float],
        default_weight: float, hub_types: Sequence[str] = (), hub_limit: int | None = None,
    ) -> dict[str, Expansion]: ...

    def view_annotate(self, ids: Sequence[str], as_of: str | None,
                      key_types: Sequence[str]) -> dict[str, dict[str, Any]]: ...

    def view_step(
        self, ids: Sequence[str], types: Sequence[str], as_of: str | None, cap: int,
        exclude: Sequence[str], weights: Mapping[str, float], slopes: Mapping[str, float],
        default_weight: float, key_types: Sequence[str], hub_types: Sequence[str] = (),
        hub_limit: int | None = None, with_self: bool = False, only_anchors: bool = False,
    ) -> tuple[dict[str, Expansion], dict[str, dict[str, Any]]]: ...


def views_of(store: GraphStore) -> ViewsStore:
    if not isinstance(store, ViewsStore):
        raise ConfigurationError(f"the {store.kind} store has no views mixin")
    return cast(ViewsStore, store)


def roles_from(facts: Mapping[str, Any]) -> list[Role]:
    """Roles from one node's facts (node, groups, rms, key_person_of, referrer_ids)."""
    node = facts["node"]
    roles: list[Role] = []
    if node.type == "RelationshipManager":
        return ["RM"]
    if node.type == "Referrer":
        return ["referrer"]
    status = node.props.get("status")
    if status == "customer":
        roles.append("customer")
    elif status == "prospect":
        roles.append("prospect")
    if facts.get("key_person_of"):
        roles.append("key person")
    if facts.get("referrer_ids"):
        roles.append("referrer")
    return roles


def party_roles(store: GraphStore, ids: Sequence[str], as_of: str | None = None) -> dict[str, list[Role]]:
    """id -> roles for each known id."""
    facts = views_of(store).view_annotate(ids, as_of, KEY_ROLES)
    return {node_id: roles_from(f) for node_id, f in facts.items()}
