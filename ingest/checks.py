"""Checks on new and changed rows that need more than the row itself: node ids taken
by another type, link endpoints that do not exist, ownership totals above 100%."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ingest.ownership import Holding, check_company
from ingest.references import batched
from ingest.writer import Candidate

if TYPE_CHECKING:
    from ingest.loader import Loader


def node_type_clashes(loader: Loader, type_name: str, rows: list[Candidate]) -> list[Candidate]:
    """New ids already used by a node of another type (a Person id reused for a Company)."""
    new_ids = [c.row.id for c in rows if c.is_new]
    if not new_ids or loader.stored.total_nodes == 0:
        return rows
    taken: dict[str, str] = {}
    for batch in batched(new_ids):
        # a new id is not stored as this type, so any node found under it is another type's
        taken.update((node.id, node.type) for node in loader.store.get_nodes(batch) if node.type != type_name)
    kept: list[Candidate] = []
    for c in rows:
        owner = taken.get(c.row.id) if c.is_new else None
        if owner is None:
            kept.append(c)
        else:
            reason = f"id {c.row.id!r} already belongs to a {owner}, not a {type_name}"
            loader.reject_candidate(type_name, c, "id", reason)
    return kept


def references(loader: Loader, type_name: str, rows: list[Candidate]) -> list[Candidate]:
    """Endpoints must be nodes with the edge's labels, in this load or in the store."""
    edge = loader.schema.relationship(type_name).edge
    bad_sources = loader.refs.missing(edge.source, (c.row.source for c in rows))
    bad_targets = loader.refs.missing(edge.target, (c.row.target for c in rows))
    if not bad_sources and not bad_targets:
        return rows
    kept: list[Candidate] = []
    for c in rows:
        problems: list[tuple[str, str]] = []
        if c.row.source in bad_sources:
            problems.append(("source_id", loader.refs.describe(edge.source, c.row.source)))
        if c.row.target in bad_targets:
            problems.append(("target_id", loader.refs.describe(edge.target, c.row.target)))
        if not problems:
            kept.append(c)
            continue
        loader.reject_candidate(type_name, c, ",".join(f for f, _ in problems),
                                "; ".join(f"{f}: {why}" for f, why in problems))
    return kept


def _holding(link_id: str, props: object) -> Holding:
    get = props.get if isinstance(props, dict) else dict(props).get  # type: ignore[call-overload]
    return Holding(link_id, float(get("share_pct") or 0.0), get("valid_from"), get("valid_to"))


def ownership(loader: Loader, rows: list[Candidate]) -> list[Candidate]:
    """Reject new or changed OWNS rows that push a company's direct total over 100%.
    Counted against the company's stored OWNS links that this load does not replace
    (which include this load's unchanged rows: they are stored as they are)."""
    incoming: dict[str, list[Candidate]] = defaultdict(list)
    for c in rows:
        incoming[c.row.target].append(c)
    replaced = {c.row.id for c in rows}
    given: dict[str, list[Holding]] = defaultdict(list)
    if loader.stored.links.get("OWNS", 0):
        for batch in batched(sorted(incoming)):
            for link in loader.store.links_of(batch, ["OWNS"], direction="in"):
                if link.id not in replaced and link.target in incoming:
                    given[link.target].append(_holding(link.id, link.props))
    rejected: set[str] = set()
    for company, candidates in incoming.items():
        holdings = [_holding(c.row.id, c.row.props) for c in candidates]
        for excess in check_company(given[company], holdings):
            rejected.add(excess.holding.id)
            candidate = next(c for c in candidates if c.row.id == excess.holding.id)
            loader.reject_candidate("OWNS", candidate, "share_pct", excess.reason(company))
    return [c for c in rows if c.row.id not in rejected]
