"""Control under LEX10: a party controls a company when it holds more than the profile's
control share of the votes, counting its own votes and the votes held by every company it
already controls; or when a CONTROLS link says so. Control passes down chains, so a party
controls everything its subsidiaries control.

Computed for the whole snapshot at once with a union-find whose sets are "a controlling
parent and everything it controls". Votes in a company are summed per set; a set above the
threshold absorbs the company. Sets only grow, so sweeping until nothing changes reaches the
one least fixpoint whatever the order. The first sweep visits every company in sorted order;
later sweeps visit only the companies whose holders changed set since they were last seen
(a company none of whose holders moved would decide as before), in the same order, so the
reasons recorded - those of the sweep that decided - are those full passes would record.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from graph.store import Link

from .snapshot import RiskGraph


def vote_fraction(link: Link) -> float:
    """Voting rights as a fraction; OWNS voting_pct defaults to share_pct (schema)."""
    props = link.props
    value = props.get("voting_pct")
    return float(value if value is not None else props.get("share_pct") or 0.0) / 100.0


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}  # root -> members, for sets of two or more

    def find(self, item: str) -> str:
        # Only joined items have an entry (a root's is absent or itself): a find on the
        # 3,900,000 holder and company lookups of the 1M bank stores nothing new.
        parents = self.parent
        parent = parents.get(item, item)
        if parent == item:
            return item
        root = parent
        while (up := parents.get(root, root)) != root:
            root = up
        while (up := parents[item]) != root:  # path compression keeps later finds O(1)
            parents[item], item = root, up
        return root

    def union(self, a: str, b: str) -> list[str]:
        """Join b's set to a's (a's root stays the root); returns the members of b's old set,
        whose root has changed (none when the two were one set already)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return []
        self.parent[rb] = ra
        moved = self.groups.pop(rb, None) or [rb]
        self.groups.setdefault(ra, [ra]).extend(moved)
        return moved

    def sets(self) -> dict[str, list[str]]:
        """Sets of two or more, keyed by root."""
        return self.groups

    def members_of(self, item: str) -> list[str]:
        """Every item in the set of `item` (itself alone when it was never joined)."""
        return self.groups.get(self.find(item), [item])


@dataclass
class ControlResult:
    """sets: union-find of control; reasons: company -> the links that give control of it."""

    uf: UnionFind
    reasons: dict[str, list[Link]] = field(default_factory=dict)
    votes: dict[str, float] = field(default_factory=dict)  # company -> votes of its controlling set

    def controlled(self, party: str) -> bool:
        return party in self.reasons

    def members(self) -> dict[str, list[str]]:
        """Control sets with two or more parties, keyed by union-find root."""
        return {root: sorted(items) for root, items in self.uf.sets().items()}


def compute_control(graph: RiskGraph, control_pct: float) -> ControlResult:
    result = ControlResult(UnionFind())
    for link in sorted(graph.of_type("CONTROLS"), key=_link_id):
        result.uf.union(link.source, link.target)
        result.reasons.setdefault(link.target, [link])
    threshold = control_pct / 100.0
    holders: dict[str, list[Link]] = defaultdict(list)
    for link in graph.of_type("OWNS"):
        holders[link.target].append(link)
    ordered: list[_Holdings] = []
    for company in sorted(holders):
        links = holders[company]
        if len(links) > 1:
            links.sort(key=_link_id)
        votes = [vote_fraction(link) for link in links]
        # Votes only ever add up by set, so a company whose holders together have no more
        # than the threshold can never be controlled by votes: leave it out of every pass.
        if sum(votes) > threshold:
            ordered.append((company, links, votes))
    _sweep_until_fixed(ordered, threshold, result)
    return result


def _link_id(link: Link) -> str:
    return link.id


_Holdings = tuple[str, list[Link], list[float]]  # company, its holders' OWNS links, their votes


def _sweep_until_fixed(ordered: list[_Holdings], threshold: float, result: ControlResult) -> None:
    """Visit companies in sorted order until no set absorbs another company. A company
    whose holders' sets change is visited again: later in this sweep when it comes after
    the one just decided, else in the next sweep."""
    held_in: dict[str, list[int]] = defaultdict(list)  # party -> companies (by position) it holds
    for index, (_, links, _) in enumerate(ordered):
        for link in links:
            held_in[link.source].append(index)
    visited = bytearray(len(ordered))
    later: set[int] = set()
    # The first sweep visits every company in order, so whatever a decision moves is
    # either still ahead in it or goes to the next sweep: a plain loop, no heap.
    for index in range(len(ordered)):
        visited[index] = 1
        for party in _decide(*ordered[index], threshold, result):
            later.update(other for other in held_in.get(party, ()) if other <= index)
    sweep = sorted(later)  # sorted, so already a heap
    while sweep:
        queued, later = set(sweep), set()
        while sweep:
            index = heapq.heappop(sweep)
            company, links, fractions = ordered[index]
            # A company with one holder is decided at its first visit: those votes never
            # grow, and once they give control the two share a set.
            if visited[index] and len(links) == 1:
                continue
            visited[index] = 1
            for party in _decide(company, links, fractions, threshold, result):
                for other in held_in.get(party, ()):
                    if other > index and other not in queued:
                        queued.add(other)
                        heapq.heappush(sweep, other)
                    elif other <= index:
                        later.add(other)
        sweep = sorted(later)


def _decide(company: str, links: list[Link], fractions: list[float], threshold: float,
            result: ControlResult) -> list[str]:
    """Sum the company's votes per holding set; a set above the threshold absorbs it.
    Returns the parties whose set changed (the company's old set)."""
    uf = result.uf
    find = uf.find
    own = find(company)
    if len(links) == 1:  # most companies (204,330 of 357,610 on the 1M bank): no sums to make
        holder_set = find(links[0].source)
        if holder_set == own or fractions[0] <= threshold + 1e-9:
            return []
        result.reasons.setdefault(company, links)
        result.votes.setdefault(company, fractions[0])
        return uf.union(holder_set, company)
    holder_sets = [find(link.source) for link in links]
    by_set: dict[str, float] = defaultdict(float)
    for holder_set, fraction in zip(holder_sets, fractions, strict=True):
        if holder_set != own:  # votes a company's own group holds in it give no new control
            by_set[holder_set] += fraction
    moved: list[str] = []
    for holder_set, votes in (sorted(by_set.items()) if len(by_set) > 1 else by_set.items()):
        # 1e-9: 50.0000001% from float sums of exactly 50% must not count as "more than".
        if votes > threshold + 1e-9:
            contributors = [ln for ln, s in zip(links, holder_sets, strict=True) if s == holder_set]
            result.reasons.setdefault(company, contributors)
            result.votes.setdefault(company, votes)
            moved.extend(uf.union(holder_set, company))
    return moved
