"""Groups of connected clients, derived from a snapshot by a limit profile's rules.

Order of the rules, and why:
1. control (votes through controlled companies, CONTROLS links) forms sets transitively: a
   common controlling parent joins everything it controls;
2. family ties between controlling persons merge their sets, only where the profile says so;
3. economic interdependence (SUPPLIES at or above the profile's share) and large guarantees
   join one party to the group of another *without chaining*: the dependant is added to the
   group built in steps 1-2, so it may sit in two groups and count in each, and a party that
   depends on the dependant does not follow it.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from graph.store import Link

from .control import ControlResult, UnionFind, compute_control
from .explain import describe, group_id, pct
from .parts import PART_LINKS, Part, split_parts
from .profiles import LimitProfile
from .snapshot import RiskGraph

MAX_PATH_LINKS = 64  # a reason lists at most this many links (deep chains stay readable)


class Membership:
    """Why a party belongs to a group: the rule, the reason in words and the path of links.

    A control member's reason and path are worked out when first read: the group job reads
    them while the server writes the rows before, instead of holding up the derivation
    (260,000 reasons on the 1,000,000-party bank)."""

    __slots__ = ("_explain", "_path", "_reason", "party_id", "rule")

    def __init__(self, party_id: str, rule: str, reason: str | None = None, path: tuple[Link, ...] = (),
                 explain: Callable[[], tuple[str, tuple[Link, ...]]] | None = None) -> None:
        self.party_id = party_id
        self.rule = rule  # control | family | economic_dependence | guarantee
        self._reason, self._path, self._explain = reason, path, explain

    def _work_out(self) -> str:
        if self._reason is None:
            assert self._explain is not None, "a membership has a reason or a way to find it"
            # Two threads may both work it out: the same text, so either assignment is right.
            self._reason, self._path = self._explain()
        return self._reason

    @property
    def reason(self) -> str:
        return self._work_out()

    @property
    def path(self) -> tuple[Link, ...]:
        self._work_out()
        return self._path

    def __repr__(self) -> str:
        return f"Membership({self.party_id!r}, {self.rule!r}, {self.reason!r})"


@dataclass
class DerivedGroup:
    id: str
    anchor_id: str
    profile: str
    members: dict[str, Membership] = field(default_factory=dict)

    def add(self, membership: Membership) -> None:
        self.members.setdefault(membership.party_id, membership)


def control_path(ctrl: ControlResult, party: str) -> list[Link]:
    """The links that put a party under its controlling parent, back to the top of the chain."""
    out: list[Link] = []
    seen: set[str] = set()
    queue = deque([party])
    while queue and len(out) < MAX_PATH_LINKS:
        for link in ctrl.reasons.get(queue.popleft(), []):
            if link.id not in seen:
                seen.add(link.id)
                out.append(link)
                queue.append(link.source)
    return out


def _control_reason(ctrl: ControlResult, party: str, anchor: str, gives: dict[str, list[Link]]) -> str:
    links = ctrl.reasons.get(party)
    if not links:
        role = "the controlling parent" if party == anchor else "a controlling party"
        shown = gives.get(party, [])[:5]
        return f"{party} is {role} of the group: " + "; ".join(describe(link) for link in shown)
    if links[0].type == "CONTROLS":
        return f"controlled by {links[0].source}: {describe(links[0])}"
    parts = " + ".join(describe(link) for link in links)
    votes = ctrl.votes.get(party, 0.0) * 100
    return f"votes held by the group of {anchor}: {parts} = {pct(votes)} of votes, more than the control share"


@dataclass
class _ControlGroups:
    groups: dict[str, DerivedGroup]  # group id -> group
    of_party: dict[str, str]  # party -> group id (control and family only)
    # group id -> its control (and family) members with the FAMILY links that join them:
    # explained only for the groups that are kept (most control sets lend nothing).
    controlled: dict[str, list[tuple[str, list[Link]]]] = field(default_factory=dict)

    def size(self, group: DerivedGroup) -> int:
        return len(self.controlled.get(group.id, ())) + len(group.members)

    def parties(self, group: DerivedGroup) -> list[str]:
        return [p for p, _ in self.controlled.get(group.id, ())] + list(group.members)


def _family_merge(ctrl: ControlResult, graph: RiskGraph) -> tuple[UnionFind, dict[str, list[Link]]]:
    """Union of control sets joined by a FAMILY link between two controlling persons."""
    sets = ctrl.members()
    merged = UnionFind()
    joins: dict[str, list[Link]] = {}
    for link in sorted(graph.of_type("FAMILY"), key=lambda item: item.id):
        a, b = ctrl.uf.find(link.source), ctrl.uf.find(link.target)
        controlling = not ctrl.controlled(link.source) and not ctrl.controlled(link.target)
        if a != b and a in sets and b in sets and controlling and merged.find(a) != merged.find(b):
            merged.union(a, b)
            joins.setdefault(a, []).append(link)
            joins.setdefault(b, []).append(link)
    return merged, joins


def _family_paths(roots: list[str], start: str, joins: dict[str, list[Link]],
                  ctrl: ControlResult) -> dict[str, list[Link]]:
    """Breadth first over family joins from the anchor's set: the FAMILY links reaching each set."""
    paths: dict[str, list[Link]] = {start: []}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for link in joins.get(here, []):
            for end in (link.source, link.target):
                there = ctrl.uf.find(end)
                if there not in paths and there in roots:
                    paths[there] = [*paths[here], link]
                    queue.append(there)
    return paths


def _control_groups(ctrl: ControlResult, graph: RiskGraph, profile: LimitProfile) -> _ControlGroups:
    sets = ctrl.members()
    merged, joins = _family_merge(ctrl, graph) if profile.family_joins else (UnionFind(), {})
    clusters: dict[str, list[str]] = {}
    for root in sets:
        clusters.setdefault(merged.find(root), []).append(root)
    out = _ControlGroups({}, {})
    for roots in clusters.values():
        parties = sorted(p for root in roots for p in sets[root])
        anchor = next((p for p in parties if not ctrl.controlled(p)), parties[0])
        group = DerivedGroup(group_id(profile.name, anchor), anchor, profile.name)
        family = _family_paths(roots, ctrl.uf.find(anchor), joins, ctrl) if len(roots) > 1 else {}
        out.controlled[group.id] = [(party, family.get(ctrl.uf.find(party), [])) for party in parties]
        for party in parties:
            out.of_party[party] = group.id
        out.groups[group.id] = group
    return out


def _place_control_members(cg: _ControlGroups, ctrl: ControlResult, groups: list[DerivedGroup]) -> None:
    """Put the control members of the kept groups ahead of the dependants, each with the
    means to work out its reason when asked."""
    gives: dict[str, list[Link]] = {}  # party -> the control links it holds (anchors' reasons)
    for links in ctrl.reasons.values():
        for link in links:
            gives.setdefault(link.source, []).append(link)

    def explainer(party: str, anchor: str, via: list[Link]) -> Callable[[], tuple[str, tuple[Link, ...]]]:
        def explain() -> tuple[str, tuple[Link, ...]]:
            reason = _control_reason(ctrl, party, anchor, gives)
            if via:
                reason = f"family tie of controlling persons ({'; '.join(describe(x) for x in via)}); {reason}"
            return reason, (*via, *control_path(ctrl, party))
        return explain

    for group in groups:
        explained = {party: Membership(party, "family" if via else "control",
                                       explain=explainer(party, group.anchor_id, via))
                     for party, via in cg.controlled.get(group.id, ())}
        group.members = {**explained, **group.members}


def _attach(cg: _ControlGroups, profile: LimitProfile, target: str, member: Membership) -> None:
    """Add a dependant to the control group of `target` (a group of its own when it has none)."""
    gid = cg.of_party.get(target)
    if gid is not None and cg.of_party.get(member.party_id) == gid:
        return  # already a member by control, which comes first
    if gid is None:
        gid = group_id(profile.name, target)
        if gid not in cg.groups:
            cg.groups[gid] = DerivedGroup(gid, target, profile.name)
            cg.groups[gid].add(Membership(target, member.rule, f"{target} is the party others depend on", ()))
    cg.groups[gid].add(member)


def derive(
    graph: RiskGraph, profile: LimitProfile, exposures: Mapping[str, float],
    to_reporting: Callable[[float, str], float], require_borrower: bool = True,
) -> list[DerivedGroup]:
    """Every group of connected clients in the snapshot, each membership with its reason,
    sorted by id.

    exposures: party -> own exposure in the reporting currency (guarantee materiality, and
    which groups contain a borrower); to_reporting converts a guarantee amount.
    """
    # One part: splitting pays only when each part is written while the next is derived
    # (derive_parts); here it would add the components' cost for nothing.
    (groups,) = derive_parts(graph, profile, exposures, to_reporting, require_borrower, part_links=sys.maxsize)
    groups.sort(key=lambda g: g.id)
    return groups


def derive_parts(
    graph: RiskGraph, profile: LimitProfile, exposures: Mapping[str, float],
    to_reporting: Callable[[float, str], float], require_borrower: bool = True, part_links: int = PART_LINKS,
) -> Iterator[list[DerivedGroup]]:
    """The groups of `derive`, one independent part of the snapshot at a time (queries.risk.parts):
    a caller can write a part's groups while the next is derived."""
    chaining = ("OWNS", "CONTROLS", "FAMILY") if profile.family_joins else ("OWNS", "CONTROLS")
    for part in split_parts(graph, chaining, _dependants(graph, profile, exposures, to_reporting), part_links):
        yield _derive_part(part, profile, exposures, require_borrower)


def _dependants(graph: RiskGraph, profile: LimitProfile, exposures: Mapping[str, float],
                to_reporting: Callable[[float, str], float]) -> list[tuple[str, Membership]]:
    """(target, dependant) for every SUPPLIES and GUARANTEES link the profile counts, in the
    order they are attached (the first reason a party gets in a group is the one kept)."""
    out: list[tuple[str, Membership]] = []
    for link in sorted(graph.of_type("SUPPLIES"), key=lambda item: item.id):
        if float(link.props.get("share_of_receipts") or 0) >= profile.dependence_pct:
            reason = f"economic dependence: {describe(link)}"
            out.append((link.target, Membership(link.source, "economic_dependence", reason, (link,))))
    for link in sorted(graph.of_type("GUARANTEES"), key=lambda item: item.id):
        amount = to_reporting(float(link.props.get("amount") or 0), str(link.props.get("currency")))
        own = exposures.get(link.source, 0.0)
        # A guarantor with no exposure of its own at the bank is joined: nothing shows it could pay.
        if amount >= profile.guarantee_share_pct / 100.0 * own:
            reason = (f"guarantee of {pct(100 * amount / own) if own else 'all'} of the guarantor's own exposure "
                      f"(at least {pct(profile.guarantee_share_pct)}): {describe(link)}")
            out.append((link.target, Membership(link.source, "guarantee", reason, (link,))))
    return out


def _derive_part(part: Part[Membership], profile: LimitProfile, exposures: Mapping[str, float],
                 require_borrower: bool) -> list[DerivedGroup]:
    ctrl = compute_control(part.graph, profile.control_pct)
    cg = _control_groups(ctrl, part.graph, profile)
    for target, member in part.attached:
        _attach(cg, profile, target, member)
    groups = [g for g in cg.groups.values() if cg.size(g) > 1]
    if require_borrower:
        groups = [g for g in groups if any(exposures.get(p, 0.0) > 0 for p in cg.parties(g))]
    groups.sort(key=lambda g: g.id)
    _place_control_members(cg, ctrl, groups)
    return groups
