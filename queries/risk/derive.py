"""The group job: derive every group from the stored links, persist it with its reasons,
and report how the bank's declared groups differ.

`derive_groups` replaces the previous derived groups of the same profile: a group keeps
its id while its anchor (controlling parent, or the party others depend on) is the same,
unchanged groups and memberships are not rewritten (checksums), and groups or memberships
that no longer hold are deleted. Running it twice on the same data writes nothing the
second time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import orjson

from graph.memory import pauses_collector
from graph.settings import Settings, get_settings
from graph.store import GraphStore, LinkRow, NodeRow, content_checksum

from .explain import group_prefix, member_link_id, member_prefix, path_entry
from .exposure import ExposureBook
from .fx import RateTable, default_rates
from .groups import DerivedGroup, derive
from .profiles import LimitProfile, get_profile
from .snapshot import BATCH, RiskGraph, RiskStore, load_all, on_day

KITH = "kith"
# Groups or memberships per write job, built while earlier ones are written: jobs run on
# the store's risk_writers threads, so a batch is one transaction (graph.neo4j.risk).
WRITE_BATCH = 5_000


@dataclass
class DeriveReport:
    profile: str
    as_of: str | None
    groups: int
    memberships: int
    groups_written: int
    memberships_written: int
    groups_deleted: int
    memberships_deleted: int
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Derivation:
    """Everything one derivation computed, kept for callers that also want exposures."""

    graph: RiskGraph
    book: ExposureBook
    groups: list[DerivedGroup]


@pauses_collector
def compute(store: GraphStore, profile: LimitProfile, as_of: str | None, rates: RateTable,
            graph: RiskGraph | None = None) -> Derivation:
    graph = graph if graph is not None else load_all(store, as_of, family=profile.family_joins)
    book = ExposureBook.build(graph, profile, rates)
    groups = derive(graph, profile, book.party_totals(), lambda a, c: rates.convert(a, c).amount)
    return Derivation(graph, book, groups)


def derive_groups(store: GraphStore, profile: str | None = None, as_of: str | None = None,
                  rates: RateTable | None = None, settings: Settings | None = None) -> DeriveReport:
    settings = settings or get_settings()
    prof = get_profile(profile, settings)
    as_of = on_day(as_of)
    rates = rates or default_rates(as_of, settings)
    clock = time.perf_counter()
    graph = load_all(store, as_of, family=prof.family_joins)
    read = time.perf_counter()
    result = compute(store, prof, as_of, rates, graph)
    computed = time.perf_counter()
    report = persist(store, prof, as_of, result, rates.reporting)
    report.seconds = {"read": read - clock, "compute": computed - read, "write": time.perf_counter() - computed}
    return report


def _names(store: GraphStore, ids: Sequence[str]) -> dict[str, str]:
    """Anchor id -> its name (the group is named after it); the id when it has none."""
    if isinstance(store, RiskStore):
        found = store.risk_names("Party", ids, "name")
        return {i: str(found.get(i) or i) for i in ids}
    out: dict[str, str] = {}
    for start in range(0, len(ids), BATCH):
        for node in store.get_nodes(ids[start:start + BATCH]):
            out[node.id] = str(node.props.get("name") or node.id)
    return out


def _group_rows(groups: list[DerivedGroup], book: ExposureBook, names: dict[str, str], prof: LimitProfile,
                as_of: str | None, currency: str) -> list[NodeRow]:
    nodes = []
    for g in groups:
        props = {"name": f"{names.get(g.anchor_id, g.anchor_id)} ({prof.name} group)", "kind": "derived",
                 "profile": prof.name, "as_of": as_of, "source": KITH, "anchor_id": g.anchor_id,
                 "exposure": round(book.total(g.members), 2), "exposure_currency": currency,
                 "member_count": len(g.members)}
        props = {k: v for k, v in props.items() if v is not None}
        nodes.append(NodeRow(g.id, props, content_checksum(props)))
    return nodes


def _link_rows(groups: list[DerivedGroup], profile: str, size: int) -> Iterator[list[LinkRow]]:
    """Memberships with rule, reason and path, `size` at a time (built while the previous
    batch is being written). A link's path entry is encoded once however many paths it is
    on: joined with "," inside brackets, the text is the compact JSON of the list."""
    encoded: dict[str, str] = {}
    batch: list[LinkRow] = []
    for g in groups:
        for party, m in g.members.items():
            parts = []
            for link in m.path:
                text = encoded.get(link.id)
                if text is None:
                    text = encoded[link.id] = orjson.dumps(path_entry(link)).decode()
                parts.append(text)
            lp = {"rule": m.rule, "reason": m.reason, "path": "[" + ",".join(parts) + "]",
                  "source": KITH, "source_record_id": g.id}
            batch.append(LinkRow(member_link_id(profile, g.id, party), party, g.id, lp, content_checksum(lp)))
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def _existing(store: GraphStore, profile: str) -> tuple[dict[str, str], dict[str, str]]:
    """id -> checksum of this profile's derived groups and memberships, as stored now.

    Ids carry the profile: the risk mixin seeks them by prefix (the bank's declared groups
    and other profiles' rows are never read); otherwise one pass over each type's checksums."""
    if isinstance(store, RiskStore):
        return (store.risk_checksums("Group", group_prefix(profile)),
                store.risk_checksums("MEMBER_OF", member_prefix(profile)))
    groups = {k: v for k, v in store.checksums("Group").items() if k.startswith(group_prefix(profile))}
    links = {k: v for k, v in store.checksums("MEMBER_OF").items() if k.startswith(member_prefix(profile))}
    return groups, links


@pauses_collector
def persist(store: GraphStore, prof: LimitProfile, as_of: str | None, result: Derivation,
            currency: str) -> DeriveReport:
    old_groups, old_links = _existing(store, prof.name)
    names = _names(store, sorted({g.anchor_id for g in result.groups}))
    nodes = _group_rows(result.groups, result.book, names, prof, as_of, currency)
    # Ids of the memberships that hold now, to find those that no longer do (none to find
    # on a first derivation: the ids are then made once, with their rows).
    link_ids = {member_link_id(prof.name, g.id, p) for g in result.groups for p in g.members} if old_links else set()
    stale_groups = sorted(set(old_groups) - {n.id for n in nodes})
    stale_links = sorted(set(old_links) - link_ids)
    store.delete_links("MEMBER_OF", stale_links)
    store.delete_nodes(stale_groups)
    new_nodes = [n for n in nodes if old_groups.get(n.id) != n.checksum]
    written = _write(store, new_nodes, old_groups, _link_rows(result.groups, prof.name, WRITE_BATCH), old_links)
    memberships = sum(len(g.members) for g in result.groups)
    return DeriveReport(prof.name, as_of, len(nodes), memberships, len(new_nodes), written,
                        len(stale_groups), len(stale_links))


def _write(store: GraphStore, nodes: list[NodeRow], old_groups: dict[str, str],
           batches: Iterable[list[LinkRow]], old_links: dict[str, str]) -> int:
    """Write groups, then memberships whose checksum changed; returns memberships written.

    With the store's risk mixin, rows whose ids are not stored yet are CREATEd (no MERGE),
    on as many threads as the store allows, while the next batch is being built; changed
    rows (same id, new content) go through the contract."""
    changed: list[LinkRow] = []
    written = 0
    if not isinstance(store, RiskStore):
        links = [ln for batch in batches for ln in batch if old_links.get(ln.id) != ln.checksum]
        _write_plain(store, nodes, links)
        return len(links)
    with ThreadPoolExecutor(max_workers=store.risk_writers) as pool:
        fresh_nodes = [n for n in nodes if n.id not in old_groups]
        group_jobs = [pool.submit(store.risk_create_nodes, "Group", fresh_nodes[start:start + WRITE_BATCH])
                      for start in range(0, len(fresh_nodes), WRITE_BATCH)]
        group_jobs.append(pool.submit(store.risk_set_nodes, "Group", [n for n in nodes if n.id in old_groups]))
        jobs = list(group_jobs)
        for batch in batches:
            new = [ln for ln in batch if old_links.get(ln.id) != ln.checksum]
            changed.extend(ln for ln in new if ln.id in old_links)
            fresh = [ln for ln in new if ln.id not in old_links]
            written += len(new)
            if fresh:
                wait(group_jobs)  # memberships need their groups
                jobs.append(pool.submit(store.risk_create_links, "MEMBER_OF", fresh))
        for job in jobs:
            job.result()  # a failed write raises here
    _write_plain(store, [], changed)
    return written


def _write_plain(store: GraphStore, nodes: list[NodeRow], links: list[LinkRow]) -> None:
    """Rows through the contract (insert or replace), in the settings' batch size."""
    size = get_settings().batch_size
    for start in range(0, len(nodes), size):
        store.write_nodes("Group", nodes[start:start + size])
    for start in range(0, len(links), size):
        store.write_links("MEMBER_OF", links[start:start + size])


@dataclass
class GroupDifference:
    """A declared group beside the derived group that overlaps it most (or none)."""

    declared_id: str | None
    derived_id: str | None
    only_declared: list[str]  # members the bank declared that the rules do not join
    only_derived: list[str]  # members the rules join that the bank did not declare
    derived_reasons: dict[str, str]  # reason of each only_derived member


def _declared(store: GraphStore) -> dict[str, set[str]]:
    ids = sorted(n.id for n in store.find_nodes("Group", "kind", ["declared"]))
    out: dict[str, set[str]] = {gid: set() for gid in ids}
    for start in range(0, len(ids), BATCH):
        for link in store.links_of(ids[start:start + BATCH], ["MEMBER_OF"], "in"):
            out[link.target].add(link.source)
    return out


def compare_declared(store: GraphStore, profile: str | None = None, as_of: str | None = None,
                     rates: RateTable | None = None, settings: Settings | None = None) -> list[GroupDifference]:
    """Every difference between the bank's declared groups and the groups the rules derive.

    Each declared group is matched to the derived group sharing most members; derived
    groups that match no declared group are reported whole (the bank has not declared them).
    """
    settings = settings or get_settings()
    prof = get_profile(profile, settings)
    as_of = on_day(as_of)
    result = compute(store, prof, as_of, rates or default_rates(as_of, settings))
    derived = {g.id: g for g in result.groups}
    by_party: dict[str, list[str]] = {}
    for g in result.groups:
        for party in g.members:
            by_party.setdefault(party, []).append(g.id)
    out, matched = [], set()
    for did, members in sorted(_declared(store).items()):
        best = _best_match(members, by_party)
        matched.update([best] if best else [])
        out.append(_difference(did, members, derived.get(best) if best else None))
    out.extend(_difference(None, set(), g) for gid, g in derived.items() if gid not in matched)
    return [d for d in out if d.only_declared or d.only_derived]


def _best_match(members: Iterable[str], by_party: dict[str, list[str]]) -> str | None:
    votes: dict[str, int] = {}
    for party in members:
        for gid in by_party.get(party, []):
            votes[gid] = votes.get(gid, 0) + 1
    return max(sorted(votes), key=lambda gid: votes[gid]) if votes else None


def _difference(declared_id: str | None, members: set[str], group: DerivedGroup | None) -> GroupDifference:
    derived_members = set(group.members) if group else set()
    only_derived = sorted(derived_members - members)
    reasons = {p: group.members[p].reason for p in only_derived} if group else {}
    return GroupDifference(declared_id, group.id if group else None, sorted(members - derived_members),
                           only_derived, reasons)
