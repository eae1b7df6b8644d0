"""Merging two parties in the graph and undoing it exactly.

A merge moves every link of the merged party (its HAS_RECORD links to source records
included) onto the survivor, then deletes the merged party. Before anything moves, a
MergeRecord keeps the merged party's properties and each moved link's original
endpoints, so `unmerge` restores both parties and their links as they were."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import NotFoundError
from graph.store import GraphStore, Link, LinkRow, Node, NodeRow, content_checksum

KITH = "kith"
MERGE_PREFIX = "merge:"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def link_checksum(props: dict[str, Any], source: str, target: str) -> str:
    """The loader's link checksum (endpoints are content), so a re-load sees no change."""
    return content_checksum({**props, "source_id": source, "target_id": target})


def merge_id(merged_id: str) -> str:
    return MERGE_PREFIX + merged_id


def _snapshot(link: Link) -> list[Any]:
    return [link.type, link.id, link.source, link.target, dict(link.props)]


def _rewrite(store: GraphStore, moves: Iterable[tuple[str, str, str, str, dict[str, Any]]]) -> None:
    """Re-point links (type, id, source, target, props): delete, then write by id."""
    by_type: dict[str, list[LinkRow]] = defaultdict(list)
    for type_name, link_id, source, target, props in moves:
        by_type[type_name].append(LinkRow(link_id, source, target, props, link_checksum(props, source, target)))
    for type_name, rows in by_type.items():
        store.delete_links(type_name, [r.id for r in rows])
        store.write_links(type_name, rows)


@dataclass(frozen=True, slots=True)
class MergeStep:
    survivor_id: str
    merged_id: str
    score: float
    reasons: str
    decided_by: str = KITH


def merge(store: GraphStore, survivor_id: str, merged_id: str, score: float, reasons: str,
          decided_by: str = KITH) -> bool:
    """Merge merged_id into survivor_id; False when either is gone or they differ in type."""
    return merge_many(store, [MergeStep(survivor_id, merged_id, score, reasons, decided_by)]) == 1


def _valid_steps(store: GraphStore, steps: Sequence[MergeStep]) -> tuple[list[MergeStep], dict[str, Node]]:
    nodes = {n.id: n for n in store.get_nodes(sorted({i for s in steps for i in (s.survivor_id, s.merged_id)}))}
    merged_ids = {s.merged_id for s in steps}
    valid = [s for s in steps
             if s.survivor_id in nodes and s.merged_id in nodes and s.survivor_id != s.merged_id
             and s.survivor_id not in merged_ids and nodes[s.survivor_id].type == nodes[s.merged_id].type]
    return list({s.merged_id: s for s in valid}.values()), nodes


def merge_many(store: GraphStore, steps: Sequence[MergeStep]) -> int:
    """Merge many parties at once, in a fixed number of store calls (not a few per party).
    A link between two merged parties is kept in both merge records, so either merge can
    be undone on its own. Returns how many merges were done."""
    valid, nodes = _valid_steps(store, steps)
    if not valid:
        return 0
    target = {s.merged_id: s.survivor_id for s in valid}
    links = store.links_of(list(target))
    earlier = {n.id: json.loads(n.props["links"]) for n in store.get_nodes([merge_id(m) for m in target])}
    checksums: dict[str, str] = {}
    for type_name in {nodes[m].type for m in target}:
        checksums.update(store.checksums(type_name, [m for m in target if nodes[m].type == type_name]))
    snapshots: dict[str, list[list[Any]]] = defaultdict(list)
    for link in links:
        for end in {link.source, link.target} & target.keys():
            snapshots[end].append(_snapshot(link))
    records = [NodeRow(merge_id(s.merged_id), props, content_checksum(props)) for s in valid
               for props in [_record_props(s, nodes[s.merged_id], checksums.get(s.merged_id, ""),
                                           earlier.get(merge_id(s.merged_id), []) + snapshots[s.merged_id])]]
    store.write_nodes("MergeRecord", records)
    _rewrite(store, ((link.type, link.id, target.get(link.source, link.source), target.get(link.target, link.target),
                      dict(link.props)) for link in links))
    for type_name in sorted({nodes[m].type for m in target}):  # by type: one index seek an id
        store.delete_nodes([m for m in target if nodes[m].type == type_name], type_name)
    return len(valid)


def _record_props(step: MergeStep, merged: Node, checksum: str, links: list[list[Any]]) -> dict[str, Any]:
    return {
        "survivor_id": step.survivor_id, "merged_id": step.merged_id, "merged_type": merged.type,
        "merged_props": json.dumps(dict(merged.props), ensure_ascii=False, sort_keys=True),
        "merged_checksum": checksum, "links": json.dumps(links, ensure_ascii=False),
        "score": float(step.score), "reasons": step.reasons, "decided_by": step.decided_by,
        "merged_at": now(), "source": KITH,
    }


def merge_records(store: GraphStore) -> list[dict[str, Any]]:
    return [dict(n.props) for n in store.iter_nodes("MergeRecord")]


def canonical_map(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """merged id -> final survivor, following chains (A into B, later B into C)."""
    direct = {r["merged_id"]: r["survivor_id"] for r in records}
    out: dict[str, str] = {}
    for start in direct:
        seen, cur = {start}, direct[start]
        while cur in direct and cur not in seen:
            seen.add(cur)
            cur = direct[cur]
        out[start] = cur
    return out


def _find_record(store: GraphStore, record_id: str) -> dict[str, Any]:
    """The merge record of a merged party id, or of the merged party that held a source record."""
    found = store.get_nodes([merge_id(record_id)])
    if found:
        return dict(found[0].props)
    for rec in merge_records(store):
        if any(ends[1] == record_id or ends[3] == record_id for ends in json.loads(rec["links"])):
            return rec
    raise NotFoundError(f"no merge of {record_id!r} to undo")


def unmerge(store: GraphStore, party_id: str, record_id: str) -> str:
    """Undo the merge of record_id (a merged party id, or a source record it brought) out
    of party_id: the merged party comes back with its properties and links. Returns its id."""
    rec = _find_record(store, record_id)
    merged_id = rec["merged_id"]
    holder = canonical_map(merge_records(store)).get(merged_id, rec["survivor_id"])
    if party_id not in (holder, rec["survivor_id"]):
        raise NotFoundError(f"{merged_id!r} was not merged into {party_id!r}")
    props = json.loads(rec["merged_props"])
    checksum = rec["merged_checksum"] or content_checksum(props)
    store.write_nodes(rec["merged_type"], [NodeRow(merged_id, props, checksum)])
    store.delete_nodes([merge_id(merged_id)], "MergeRecord")
    canon = canonical_map(merge_records(store))
    snapshot = json.loads(rec["links"])
    ends = {e for _, _, source, target, _ in snapshot for e in (source, target)}
    alive = {n.id for n in store.get_nodes(sorted(ends))}
    current = {link.id: link for link in store.links_of(sorted({canon.get(e, e) for e in ends}))}
    moves: list[tuple[str, str, str, str, dict[str, Any]]] = []
    for type_name, link_id, source, target, old_props in snapshot:
        link = current.get(link_id)
        keep = dict(link.props) if link is not None else old_props
        # an endpoint merged away since (or in the same batch) stays with its survivor
        moves.append((type_name, link_id, source if source in alive else canon.get(source, source),
                      target if target in alive else canon.get(target, target), keep))
    _rewrite(store, moves)
    return str(merged_id)


def merged_into(store: GraphStore, party_ids: Sequence[str]) -> dict[str, list[str]]:
    """survivor id -> ids merged into it (directly), for the parties asked about."""
    wanted, out = set(party_ids), defaultdict(list)
    for rec in merge_records(store):
        if rec["survivor_id"] in wanted:
            out[rec["survivor_id"]].append(rec["merged_id"])
    return dict(out)
