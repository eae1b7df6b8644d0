"""Whether a subject is in an RM's own book: their customers, and the groups those
customers belong to. Uses the store contract and the views facts only."""

from __future__ import annotations

from api import policy
from api.auth import Principal
from graph.store import GraphStore
from queries.links import KEY_ROLES
from queries.roles import views_of


def party_scope(store: GraphStore, who: Principal, party_id: str, as_of: str | None = None) -> policy.Scope:
    if who.role != "rm":
        return "other"
    facts = views_of(store).view_annotate([party_id], as_of, KEY_ROLES).get(party_id)
    return "own" if facts and any(rm == who.rm_id for rm, _ in facts["rms"]) else "other"


def group_scope(store: GraphStore, who: Principal, group_id: str, as_of: str | None = None) -> policy.Scope:
    if who.role != "rm" or not who.rm_id:
        return "other"
    members = {x.source for x in store.links_of([group_id], ["MEMBER_OF"], "in", as_of)}
    managed = {x.target for x in store.links_of([who.rm_id], ["MANAGES"], "out", as_of)}
    return "own" if members & managed else "other"
