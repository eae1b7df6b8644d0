"""Control under LEX10: a party controls a company when it holds more than the profile's
control share of the votes, counting its own votes and the votes held by every company it
already controls; or when a CONTROLS link says so. Control passes down chains, so a party
controls everything its subsidiaries control.

Computed for the whole snapshot at once with a union-find whose sets are "a controlling
parent and everything it controls". Votes in a company are summed per set; a set above the
threshold absorbs the company. Sets only grow, so repeating passes until nothing changes
reaches the one least fixpoint whatever the order (the reasons recorded are those of the
first pass that decided, visited in sorted order so they are stable).
"""

from __future__ import annotations

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

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent == item:
            return item
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression keeps later finds O(1)
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
        return ra

    def sets(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in self.parent:
            out[self.find(item)].append(item)
        return out


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
        return {root: sorted(items) for root, items in self.uf.sets().items() if len(items) > 1}


def compute_control(graph: RiskGraph, control_pct: float) -> ControlResult:
    result = ControlResult(UnionFind())
    for link in sorted(graph.of_type("CONTROLS"), key=lambda item: item.id):
        result.uf.union(link.source, link.target)
        result.reasons.setdefault(link.target, [link])
    threshold = control_pct / 100.0
    holders: dict[str, list[Link]] = defaultdict(list)
    for link in graph.of_type("OWNS"):
        holders[link.target].append(link)
    ordered: list[_Holdings] = []
    for company, links in sorted(holders.items()):
        links.sort(key=lambda item: item.id)
        votes = [vote_fraction(link) for link in links]
        # Votes only ever add up by set, so a company whose holders together have no more
        # than the threshold can never be controlled by votes: leave it out of every pass.
        if sum(votes) > threshold:
            ordered.append((company, links, votes))
    first = True
    while _control_pass(ordered, threshold, result, first):
        first = False
    return result


_Holdings = tuple[str, list[Link], list[float]]  # company, its holders' OWNS links, their votes


def _control_pass(ordered: list[_Holdings], threshold: float, result: ControlResult, first: bool) -> bool:
    """One pass over every company's holders; True when some set absorbed a company.

    A company with one holder is decided by the first pass for good: that holder's votes
    never grow, and once they give control the two share a set."""
    uf, changed = result.uf, False
    find = uf.find
    for company, links, fractions in ordered:
        if not first and len(links) == 1:
            continue
        own = find(company)
        by_set: dict[str, float] = defaultdict(float)
        for link, fraction in zip(links, fractions, strict=True):
            holder_set = find(link.source)
            if holder_set != own:  # votes a company's own group holds in it give no new control
                by_set[holder_set] += fraction
        for holder_set, votes in (sorted(by_set.items()) if len(by_set) > 1 else by_set.items()):
            # 1e-9: 50.0000001% from float sums of exactly 50% must not count as "more than".
            if votes > threshold + 1e-9:
                contributors = [ln for ln in links if find(ln.source) == holder_set]
                uf.union(holder_set, company)
                result.reasons.setdefault(company, contributors)
                result.votes.setdefault(company, votes)
                changed = True
                own = find(company)
    return changed
