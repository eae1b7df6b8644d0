"""The risk snapshot: every link and facility the risk rules read, as of one date, in memory.

Group rules are global (control passes down chains, dependants attach to whole groups), so
they run over a snapshot read once with `iter_links` (the whole bank) or collected around a
few parties with `links_of` (a point query: groups only depend on the connected component).
What-if questions copy the snapshot and add proposed links or facilities to the copy, so
nothing is ever written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from graph.memory import pauses_collector
from graph.store import GraphStore, Link, LinkRow, Node, NodeRow, valid_on

GROUP_TYPES = ("OWNS", "CONTROLS", "GUARANTEES", "SUPPLIES", "FAMILY")
OWNERSHIP_TYPES = ("OWNS", "CONTROLS")
CHAIN_TYPES = frozenset({"OWNS", "CONTROLS", "FAMILY"})  # the links along which groups chain
# A component larger than this is read anyway, but in batches of this many parties.
BATCH = 5_000


@runtime_checkable
class RiskStore(Protocol):
    """The risk mixin both stores carry (graph/embedded/risk.py, graph/neo4j/risk.py): the
    contract's bulk reads and writes, batched where the store can do better. risk_writers:
    how many of its writes may run at once (from threads)."""

    risk_writers: int

    def risk_links(self, types: Sequence[str], as_of: str | None,
                   bare: Collection[str] = ()) -> Iterator[Link]: ...
    def risk_nodes(self, type_name: str, as_of: str | None) -> Iterator[Node]: ...
    def risk_names(self, type_name: str, ids: Sequence[str], prop: str) -> dict[str, Any]: ...
    def risk_checksums(self, type_name: str, prefix: str) -> dict[str, str]: ...
    def risk_create_links(self, type_name: str, rows: Sequence[LinkRow]) -> None: ...
    def risk_create_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None: ...
    def risk_set_nodes(self, type_name: str, rows: Sequence[NodeRow]) -> None: ...


def on_day(as_of: str | None) -> str:
    """The day a risk answer is "as of": today unless asked. Risk never reads links regardless
    of their validity (the store's as_of=None), since an ended holding makes no group."""
    return as_of or dt.date.today().isoformat()


def link_ends(numbers: dict[str, int], link: Link) -> tuple[int, int]:
    """The numbers of a link's two ends, numbering parties in the order they first appear."""
    return numbers.setdefault(link.source, len(numbers)), numbers.setdefault(link.target, len(numbers))


@dataclass
class RiskGraph:
    as_of: str | None
    links: dict[str, Link] = field(default_factory=dict)
    facilities: dict[str, Node] = field(default_factory=dict)
    borrowers: dict[str, list[str]] = field(default_factory=dict)  # facility id -> borrower ids
    _typed: dict[str, dict[str, Link]] = field(default_factory=dict)  # type -> id -> link
    # Links that chain (queries.risk.parts) with their ends numbered as they arrive: the
    # read leaves Python idle half the time while the server answers, and the group job's
    # split would otherwise number ~700,000 links of the 1M bank while the server waits.
    _numbers: dict[str, int] = field(default_factory=dict)  # party id -> number
    _ends: dict[str, list[int]] = field(default_factory=dict)  # type -> [source, target, ...]
    numbering: bool = False  # load_all's whole-bank snapshots (the group job splits those)

    # -- building ---------------------------------------------------------------
    def add_link(self, link: Link) -> None:
        if link.type == "BORROWS":
            self.borrowers.setdefault(link.target, []).append(link.source)
            return
        self.links[link.id] = link
        self._typed.setdefault(link.type, {})[link.id] = link
        if self.numbering and link.type in CHAIN_TYPES:
            self._ends.setdefault(link.type, []).extend(link_ends(self._numbers, link))

    def numbered(self, types: Sequence[str]) -> tuple[dict[str, int], list[int]] | None:
        """(party id -> number, [source, target, ...]) over the links of `types` in of_type's
        order, or None when a link was replaced since (its ends then counted twice)."""
        ends: list[int] = []
        for t in types:
            if t not in CHAIN_TYPES or len(self._ends.get(t, ())) != 2 * len(self._typed.get(t, ())):
                return None
            ends.extend(self._ends.get(t, ()))
        return self._numbers, ends

    def add_facility(self, facility: Node, borrower_ids: Sequence[str]) -> None:
        self.facilities[facility.id] = facility
        self.borrowers[facility.id] = list(borrower_ids)

    def copy(self) -> RiskGraph:
        return RiskGraph(self.as_of, dict(self.links), dict(self.facilities),
                         {k: list(v) for k, v in self.borrowers.items()}, {k: dict(v) for k, v in self._typed.items()})

    # -- reading ----------------------------------------------------------------
    def of_type(self, *types: str) -> list[Link]:
        return [link for t in types for link in self._typed.get(t, {}).values()]

    def party_ids(self) -> set[str]:
        ids = {end for link in self.links.values() for end in (link.source, link.target)}
        ids.update(b for borrowers in self.borrowers.values() for b in borrowers)
        return ids

    def facilities_by_party(self) -> dict[str, list[str]]:
        """party id -> ids of its facilities valid as of the snapshot date."""
        out: dict[str, list[str]] = {}
        for facility_id, borrowers in self.borrowers.items():
            if facility_id in self.facilities:
                for party in borrowers:
                    out.setdefault(party, []).append(facility_id)
        return out


@pauses_collector
def load_all(store: GraphStore, as_of: str | None, with_facilities: bool = True, family: bool = True) -> RiskGraph:
    """The whole bank: one pass over the group links, BORROWS and facilities (FAMILY only
    when the profile lets family ties join groups: a third of the links in a retail bank)."""
    graph = RiskGraph(as_of, numbering=True)
    groups = [t for t in GROUP_TYPES if family or t != "FAMILY"]
    types = [*groups, "BORROWS"] if with_facilities else groups
    if not isinstance(store, RiskStore):
        for link in store.iter_links(types, as_of):
            graph.add_link(link)
        nodes: Iterable[Node] = store.iter_nodes("Facility") if with_facilities else ()
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            # Facilities are read beside the links (the store answers both at once).
            later = pool.submit(lambda: list(store.risk_nodes("Facility", as_of)) if with_facilities else [])
            # BORROWS only says who borrows which facility: its properties are never read.
            for link in store.risk_links(types, as_of, bare=("BORROWS",)):
                graph.add_link(link)
            nodes = later.result()
    for node in nodes:
        if valid_on(node.props, as_of):
            graph.facilities[node.id] = node
    return graph


def collect_component(
    store: GraphStore, seeds: Iterable[str], types: Sequence[str], as_of: str | None,
    direction: str = "both",
) -> dict[str, Link]:
    """Links of `types` reachable from seeds (breadth first, a batch of parties per call)."""
    seen = set(seeds)
    frontier = sorted(seen)
    links: dict[str, Link] = {}
    while frontier:
        found: list[str] = []
        for start in range(0, len(frontier), BATCH):
            batch = frontier[start:start + BATCH]
            for link in store.links_of(batch, types, direction, as_of):  # type: ignore[arg-type]
                links[link.id] = link
                for end in (link.source, link.target):
                    if end not in seen:
                        seen.add(end)
                        found.append(end)
        frontier = found
    return links


def load_around(store: GraphStore, seeds: Iterable[str], as_of: str | None) -> RiskGraph:
    """The connected component of the seeds over the group links, with their facilities."""
    graph = RiskGraph(as_of)
    for link in collect_component(store, seeds, GROUP_TYPES, as_of).values():
        graph.add_link(link)
    parties = sorted(graph.party_ids() | set(seeds))
    borrows = [b for start in range(0, len(parties), BATCH)
               for b in store.links_of(parties[start:start + BATCH], ["BORROWS"], "out", as_of)]
    for link in borrows:
        graph.add_link(link)
    facility_ids = sorted(graph.borrowers)
    for node in store.get_nodes(facility_ids):
        if valid_on(node.props, as_of):
            graph.facilities[node.id] = node
    return graph
