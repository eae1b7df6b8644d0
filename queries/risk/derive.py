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
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import orjson

from graph.memory import pauses_collector
from graph.settings import Settings, get_settings
from graph.store import GraphStore, LinkRow, NodeRow, content_checksum

from .explain import group_prefix, member_ids, member_prefix, path_entry
from .exposure import ExposureBook
from .fx import RateTable, default_rates
from .groups import DerivedGroup, derive, derive_parts
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
    groups = derive(graph, profile, book.party_totals(), reporting_converter(rates))
    return Derivation(graph, book, groups)


def reporting_converter(rates: RateTable) -> Callable[[float, str], float]:
    """(amount, currency) -> the amount in the table's reporting currency."""
    return lambda amount, currency: rates.convert(amount, currency).amount


@pauses_collector
def derive_and_write(store: GraphStore, profile: LimitProfile, as_of: str | None, rates: RateTable,
                     graph: RiskGraph, derived: Callable[[Derivation], object] = lambda result: None,
                     ) -> tuple[Derivation, DeriveReport]:
    """The group job from a snapshot: derive the groups one independent part at a time
    (queries.risk.parts) and write each part while the next is derived. `derived` gets the
    whole derivation as soon as the last part is derived, while its writes may still run
    (the benchmark builds the portfolio view there)."""
    book = ExposureBook.build(graph, profile, rates)
    result = Derivation(graph, book, [])

    def parts() -> Iterator[list[DerivedGroup]]:
        for part in derive_parts(graph, profile, book.party_totals(), reporting_converter(rates)):
            result.groups.extend(part)
            yield part
        result.groups.sort(key=lambda g: g.id)
        derived(result)

    return result, persist_parts(store, profile, as_of, parts(), book, rates.reporting)


def derive_groups(store: GraphStore, profile: str | None = None, as_of: str | None = None,
                  rates: RateTable | None = None, settings: Settings | None = None) -> DeriveReport:
    settings = settings or get_settings()
    prof = get_profile(profile, settings)
    as_of = on_day(as_of)
    rates = rates or default_rates(as_of, settings)
    clock = time.perf_counter()
    graph = load_all(store, as_of, family=prof.family_joins)
    read = time.perf_counter()
    report = derive_and_write(store, prof, as_of, rates, graph)[1]
    report.seconds = {"read": read - clock, "derive and write": time.perf_counter() - read}
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
        member_id = member_ids(profile, g.id)
        for party, m in g.members.items():
            parts = []
            for link in m.path:
                text = encoded.get(link.id)
                if text is None:
                    text = encoded[link.id] = orjson.dumps(path_entry(link)).decode()
                parts.append(text)
            lp = {"rule": m.rule, "reason": m.reason, "path": "[" + ",".join(parts) + "]",
                  "source": KITH, "source_record_id": g.id}
            batch.append(LinkRow(member_id(party), party, g.id, lp, content_checksum(lp)))
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


def persist(store: GraphStore, prof: LimitProfile, as_of: str | None, result: Derivation,
            currency: str) -> DeriveReport:
    """Write a whole derivation's groups (see persist_parts)."""
    return persist_parts(store, prof, as_of, [result.groups], result.book, currency)


@pauses_collector
def persist_parts(store: GraphStore, prof: LimitProfile, as_of: str | None, parts: Iterable[list[DerivedGroup]],
                  book: ExposureBook, currency: str) -> DeriveReport:
    """Write groups and memberships whose checksum changed, a part at a time (each part's
    rows are built while the store writes the parts before), then delete this profile's
    groups and memberships that no longer hold."""
    old_groups, old_links = _existing(store, prof.name)
    tally = _Tally()
    with _Writer(store) as writer:
        for part in parts:
            nodes = _group_rows(part, book, _names(store, sorted({g.anchor_id for g in part})), prof, as_of, currency)
            tally.groups.update(n.id for n in nodes)
            new_nodes = [n for n in nodes if old_groups.get(n.id) != n.checksum]
            tally.groups_written += len(new_nodes)
            made = writer.groups([n for n in new_nodes if n.id not in old_groups],
                                 [n for n in new_nodes if n.id in old_groups])
            for batch in _link_rows(part, prof.name, WRITE_BATCH):
                tally.links.update(ln.id for ln in batch)
                new = [ln for ln in batch if old_links.get(ln.id) != ln.checksum]
                tally.memberships_written += len(new)
                writer.memberships([ln for ln in new if ln.id not in old_links], made)
                writer.changed.extend(ln for ln in new if ln.id in old_links)
    stale_links = sorted(set(old_links) - tally.links)
    stale_groups = sorted(set(old_groups) - tally.groups)
    store.delete_links("MEMBER_OF", stale_links)
    store.delete_nodes(stale_groups, "Group")
    return DeriveReport(prof.name, as_of, len(tally.groups), len(tally.links), tally.groups_written,
                        tally.memberships_written, len(stale_groups), len(stale_links))


@dataclass
class _Tally:
    groups: set[str] = field(default_factory=set)  # ids of the groups and memberships that hold now
    links: set[str] = field(default_factory=set)
    groups_written: int = 0
    memberships_written: int = 0


class _Writer:
    """Rows to the store as they are built. With the store's risk mixin, rows whose ids are
    not stored yet are CREATEd (no MERGE) on the store's risk_writers threads, a part's
    memberships after its groups; changed rows (same id, new content) go through the
    contract at the end. Other stores get every row through the contract."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.risk = store if isinstance(store, RiskStore) else None
        self.pool = ThreadPoolExecutor(max_workers=self.risk.risk_writers if self.risk else 1)
        self.jobs: list[Future[None]] = []
        self.changed: list[LinkRow] = []

    def groups(self, fresh: list[NodeRow], changed: list[NodeRow]) -> list[Future[None]]:
        if self.risk is None:
            _write_plain(self.store, [*fresh, *changed], [])
            return []
        made = [self._submit(self.risk.risk_create_nodes, "Group", fresh[start:start + WRITE_BATCH])
                for start in range(0, len(fresh), WRITE_BATCH)]
        if changed:
            made.append(self._submit(self.risk.risk_set_nodes, "Group", changed))
        return made

    def memberships(self, fresh: list[LinkRow], made: list[Future[None]]) -> None:
        if self.risk is None:
            self.changed.extend(fresh)
        elif fresh:
            create = self.risk.risk_create_links

            def after_groups() -> None:
                # The part's group jobs were queued first, so they have started already (or
                # finished): waiting here holds no thread that they need.
                wait(made)
                create("MEMBER_OF", fresh)

            self.jobs.append(self.pool.submit(after_groups))

    def _submit(self, write: Callable[[str, list[NodeRow]], None], label: str, rows: list[NodeRow]) -> Future[None]:
        job = self.pool.submit(write, label, rows)
        self.jobs.append(job)
        return job

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, failed: type[BaseException] | None, *exc: object) -> None:
        self.pool.shutdown(cancel_futures=failed is not None)
        if failed is None:
            for job in self.jobs:
                job.result()  # a failed write raises here
            _write_plain(self.store, [], self.changed)


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
