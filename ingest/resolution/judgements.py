"""A person's judgements on candidate pairs: stored as Judgement nodes (one per pair,
the latest wins), applied at once, and replayed by every later `resolve`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, Literal

from graph.errors import InvalidRequestError, NotFoundError
from graph.store import GraphStore, NodeRow, content_checksum
from ingest.resolution.merge import KITH, canonical_map, merge, merge_records, now, unmerge
from ingest.resolution.normal import make_rec

Decision = Literal["same", "different"]


def pair_id(prefix: str, a: str, b: str, kind: str = "") -> str:
    """A stable id for a pair (order-free), within the schema's id pattern."""
    first, second = sorted((a, b))
    return f"{prefix}-{hashlib.blake2b(f'{kind}|{first}|{second}'.encode(), digest_size=12).hexdigest()}"


def survivor_of(store: GraphStore, ids: Sequence[str]) -> str:
    """Customers first, then a party with a customer number, then the smallest id."""
    nodes = store.get_nodes(list(ids))
    return min(nodes, key=lambda n: make_rec(n.id, n.type, n.props).rank).id


def judge(store: GraphStore, a: str, b: str, decision: Decision, user: str, note: str = "") -> dict[str, Any]:
    """Record and apply a person's decision on parties (or merged-away ids) a and b."""
    if decision not in ("same", "different"):
        raise InvalidRequestError(f"decision must be 'same' or 'different', not {decision!r}")
    if a == b:
        raise InvalidRequestError("a judgement needs two different ids")
    canon = canonical_map(merge_records(store))
    ca, cb = canon.get(a, a), canon.get(b, b)
    nodes = store.get_nodes([ca, cb] if ca != cb else [ca])
    if len(nodes) < (1 if ca == cb else 2):
        raise NotFoundError(f"no party {a!r} or {b!r}")
    if decision == "same" and len({n.type for n in nodes}) > 1:
        raise InvalidRequestError("a person and a company are never the same party")
    judgement = _write(store, a, b, decision, user, note)
    apply(store, judgement, canon)
    return judgement


def _write(store: GraphStore, a: str, b: str, decision: Decision, user: str, note: str) -> dict[str, Any]:
    first, second = sorted((a, b))
    props = {"a": first, "b": second, "decision": decision, "user": user, "note": note or None,
             "decided_at": now(), "source": KITH}
    clean = {k: v for k, v in props.items() if v is not None}
    store.write_nodes("Judgement", [NodeRow(pair_id("jdg", first, second), clean, content_checksum(clean))])
    return clean


def undo_merge(store: GraphStore, party_id: str, record_id: str, user: str | None = None, note: str = "") -> str:
    """Undo a merge exactly (see merge.unmerge) and return the restored party's id. With a
    user, the undo is also recorded as their 'different' judgement, so no later load or
    resolve merges the two again; without one, the next resolve may merge them again."""
    restored = unmerge(store, party_id, record_id)
    if user is not None:
        _write(store, party_id, restored, "different", user, note or "merge undone")
    return restored


def apply(store: GraphStore, judgement: dict[str, Any], canon: dict[str, str] | None = None) -> bool:
    """Make the graph agree with one judgement; True when something changed."""
    canon = canon if canon is not None else canonical_map(merge_records(store))
    a, b = judgement["a"], judgement["b"]
    ca, cb = canon.get(a, a), canon.get(b, b)
    _drop_candidate(store, ca, cb)
    if judgement["decision"] == "same":
        if ca == cb or len(store.get_nodes([ca, cb])) < 2:
            return False
        keep = survivor_of(store, [ca, cb])
        note = f"judged the same by {judgement['user']}" + (f": {judgement['note']}" if judgement.get("note") else "")
        return merge(store, keep, cb if keep == ca else ca, 99.0, note, decided_by=str(judgement["user"]))
    if ca != cb:
        return False
    unmerge(store, ca, a if a != ca else b)
    return True


def _drop_candidate(store: GraphStore, a: str, b: str) -> None:
    store.delete_links("POSSIBLY_SAME", [pair_id("ps", a, b)])


def judgements(store: GraphStore) -> list[dict[str, Any]]:
    return sorted((dict(n.props) for n in store.iter_nodes("Judgement")), key=lambda j: str(j["decided_at"]))
