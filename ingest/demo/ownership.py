"""Ownership: group pyramids with control links, cross-holdings and three-company cycles;
standalone companies owned by people; declared groups (some deliberately wrong).

Shares of one company are carved out of what remains of its 100%, so the holders
valid on any date never hold more than 100% together. An ownership block that changed
hands is split in time: the old holder's link ends the day before the new one's starts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ingest.demo import ids
from ingest.demo import names as N
from ingest.demo.fastrand import below, between, pick
from ingest.demo.plan import GroupPlan, Plan, sub_rng
from ingest.demo.roles import pick_person, write_board
from ingest.demo.writer import Sink

_REGISTRY = "company_registry"
_BASES = ("board_majority", "voting_agreement", "consolidation", "management_influence")
GROUP_DIFFERENCES_HEADER = ("group_id", "company_id", "difference")


@dataclass
class OwnershipState:
    """What the ownership pass leaves for later passes and for the tests' side file."""

    n_companies: int = 1
    remaining: dict[int, float] = field(default_factory=dict)
    cross_holdings: int = 0
    cycles: int = 0
    declared_differences: list[tuple[str, str, str]] = field(default_factory=list)
    professional_directors: list[list[int]] = field(default_factory=list)


def _owns(rng: random.Random, sink: Sink, state: OwnershipState, holder_id: str, company: int, share: float) -> float:
    """Carve `share` out of what remains of `company`; returns the share actually written."""
    share = round(min(share, state.remaining.get(company, 100.0)), 2)
    if share <= 0:
        return 0.0
    state.remaining[company] = round(state.remaining.get(company, 100.0) - share, 2)
    target = ids.company_id(company)
    voting = round(share * rng.uniform(0.0, 0.9), 2) if rng.random() < 0.04 else None
    if rng.random() < 0.05:  # this block changed hands: an earlier holder until the day before
        changed = ids.days_ago(rng, 60, 2500)
        previous = ids.company_id(below(rng, state.n_companies))
        if previous != target and previous != holder_id:
            sink.link("OWNS", previous, target, _REGISTRY, {"share_pct": share, "valid_from": ids.iso(
                changed - between(rng, 300, 3000)), "valid_to": ids.iso(changed - 1)})
        start: str | None = ids.iso(changed)
    else:
        start = ids.iso(ids.days_ago(rng, 100, 6000)) if rng.random() < 0.8 else None
    sink.link("OWNS", holder_id, target, _REGISTRY, {"share_pct": share, "voting_pct": voting, "valid_from": start})
    return share


def _family_owns_holding(rng: random.Random, plan: Plan, sink: Sink, state: OwnershipState, group: GroupPlan,
                         family: list[int]) -> None:
    holding = group.members[0]
    head_share = 100.0 if len(family) == 1 and rng.random() < 0.5 else rng.uniform(35, 75)
    _owns(rng, sink, state, ids.person_id(family[0]), holding, head_share)
    for relative in family[1:]:
        _owns(rng, sink, state, ids.person_id(relative), holding, rng.uniform(3, 20))


def _parent_owns(rng: random.Random, sink: Sink, state: OwnershipState, group: GroupPlan, at: int) -> None:
    company, parent = group.members[at], group.parents[at]
    roll = rng.random()
    if roll < 0.35:
        share = 100.0
    elif roll < 0.7:
        share = rng.uniform(51, 99)
    else:
        share = rng.uniform(25, 50) if roll < 0.9 else rng.uniform(10, 25)
    _owns(rng, sink, state, ids.company_id(parent), company, share)
    if 0.7 <= roll < 0.9:
        sink.link("CONTROLS", ids.company_id(parent), ids.company_id(company), _REGISTRY,
                  {"basis": pick(rng, _BASES), "valid_from": ids.iso(ids.days_ago(rng, 100, 5000))})
    if share < 100 and at > 1 and rng.random() < 0.5:  # a sister company holds part of the rest
        sister = group.members[rng.randrange(1, at)]
        if sister != parent:
            _owns(rng, sink, state, ids.company_id(sister), company, rng.uniform(5, 30))


def _cross_holding(rng: random.Random, sink: Sink, state: OwnershipState, group: GroupPlan) -> bool:
    """Two subsidiaries hold a few percent of each other."""
    candidates = [m for m in group.members[1:] if state.remaining.get(m, 100.0) >= 3]
    if len(candidates) < 2:
        return False
    first, second = rng.sample(candidates, 2)
    _owns(rng, sink, state, ids.company_id(first), second, rng.uniform(2, 12))
    _owns(rng, sink, state, ids.company_id(second), first, rng.uniform(2, 12))
    state.cross_holdings += 1
    return True


def _cycle(rng: random.Random, sink: Sink, state: OwnershipState, group: GroupPlan) -> bool:
    """A -> B -> C -> A: the grandchild holds a little of its grandparent."""
    parent_of = dict(zip(group.members, group.parents, strict=True))
    for at in range(len(group.members) - 1, 0, -1):
        child = group.members[at]
        middle = parent_of[child]
        top = parent_of.get(middle, -1)
        if top >= 0 and state.remaining.get(top, 100.0) >= 2:
            _owns(rng, sink, state, ids.company_id(child), top, rng.uniform(1, min(10, state.remaining[top])))
            state.cycles += 1
            return True
    return False


def _group_board_pool(rng: random.Random, plan: Plan, state: OwnershipState, group: GroupPlan,
                      family: list[int]) -> list[int]:
    executives = [pick_person(rng, plan, group.culture) for _ in range(2 + len(group.members) // 4)]
    shared = state.professional_directors[group.culture]
    outsiders = [pick(rng, shared)] if shared and rng.random() < 0.5 else []
    return family + executives + outsiders


def _group_boards(rng: random.Random, plan: Plan, sink: Sink, group: GroupPlan, pool: list[int],
                  family: list[int]) -> None:
    for at, company in enumerate(group.members):
        size = min(len(pool), 1 + plan.company_size[company] // 2 + below(rng, 2))
        chosen = [family[0]] if at == 0 else []
        chosen += [p for p in rng.sample(pool, size) if p not in chosen]
        write_board(rng, plan, sink, company, chosen[: max(1, size)])


def _declare(rng: random.Random, plan: Plan, sink: Sink, state: OwnershipState, group: GroupPlan) -> None:
    """The bank's own view of the group: most groups, with a member missing or one too many now and then."""
    group_id = f"G{group.index + 1:07d}"
    native, latin = group.brand
    name = {N.VN: f"Tập đoàn {native}", N.CN: f"{native}集团", N.UA: f"Група «{native}»"}.get(
        group.culture, f"{latin} Group")
    sink.node("Group", {"id": group_id, "name": name, "kind": "declared", "source": "credit_risk"})
    members = list(group.members)
    if len(members) > 2 and rng.random() < 0.2:
        missing = members.pop(rng.randrange(1, len(members)))
        state.declared_differences.append((group_id, ids.company_id(missing), "missing_from_declared"))
    if plan.standalone and rng.random() < 0.1:
        extra = pick(rng, plan.standalone)
        members.append(extra)
        state.declared_differences.append((group_id, ids.company_id(extra), "extra_in_declared"))
    since = ids.iso(ids.days_ago(rng, 30, 1500))
    for company in members:
        sink.link("MEMBER_OF", ids.company_id(company), group_id, "credit_risk",
                  {"rule": "declared", "reason": "Declared by the credit risk department", "valid_from": since})


def write_group(rng: random.Random, plan: Plan, sink: Sink, state: OwnershipState, group: GroupPlan) -> None:
    start, size = plan.household_start[group.household], plan.household_size[group.household]
    family = list(range(start, start + size))
    family.insert(0, family.pop(group.head_offset))
    _family_owns_holding(rng, plan, sink, state, group, family)
    for at in range(1, len(group.members)):
        _parent_owns(rng, sink, state, group, at)
    if len(group.members) >= 3 and (state.cross_holdings == 0 or rng.random() < 0.12):
        _cross_holding(rng, sink, state, group)
    if max(group.levels) >= 2 and (state.cycles == 0 or rng.random() < 0.08):
        _cycle(rng, sink, state, group)
    _group_boards(rng, plan, sink, group, _group_board_pool(rng, plan, state, group, family), family)
    if rng.random() < 0.85:
        _declare(rng, plan, sink, state, group)
    for company in group.members:
        state.remaining.pop(company, None)


def write_standalone(rng: random.Random, plan: Plan, sink: Sink, state: OwnershipState, company: int) -> None:
    """Owned by one to three people (sometimes with another company), run by its owner; some owners guarantee."""
    culture = plan.company_culture[company]
    if rng.random() < 0.9:
        owners = [pick_person(rng, plan, culture) for _ in range(pick(rng, (1, 1, 1, 2, 2, 3)))]
        for at, owner in enumerate(owners):
            share = 100.0 if len(owners) == 1 else rng.uniform(20, 100 / len(owners) + 10) if at else 51.0
            _owns(rng, sink, state, ids.person_id(owner), company, share)
        if rng.random() < 0.08:
            partner = plan.standalone[below(rng, len(plan.standalone))]
            if partner != company:
                _owns(rng, sink, state, ids.company_id(partner), company, rng.uniform(10, 49))
        if rng.random() < 0.02:
            sink.link("CONTROLS", ids.person_id(owners[0]), ids.company_id(company), _REGISTRY,
                      {"basis": pick(rng, ("voting_agreement", "management_influence"))})
    else:
        owners = []
    directors = owners[:1] + ([pick_person(rng, plan, culture)] if rng.random() < 0.4 or not owners else [])
    write_board(rng, plan, sink, company, directors)
    state.remaining.pop(company, None)


def write_ownership(plan: Plan, sink: Sink) -> OwnershipState:
    rng = sub_rng(plan.seed, "ownership")
    state = OwnershipState(n_companies=plan.n_companies)
    state.professional_directors = [
        [pick_person(rng, plan, culture) for _ in range(max(3, len(plan.groups) // 40))] for culture in N.CULTURES
    ]
    for group in plan.groups:
        write_group(rng, plan, sink, state, group)
    for company in plan.standalone:
        write_standalone(rng, plan, sink, state, company)
    return state
