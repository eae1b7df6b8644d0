"""The bank's shape, decided before any row is written: who is in which group, household,
culture, size and status, which parties are duplicated, where the hubs are.

Everything here is compact (bytearrays and int lists, a few bytes per party), so a
million parties plan in memory while rows stream to files.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field

from ingest.demo import ids
from ingest.demo import names as N
from ingest.demo.fastrand import between, pick
from ingest.demo.naming import brand

NONE, CUSTOMER, PROSPECT = 0, 1, 2
STATUS_NAMES = ("none", "customer", "prospect")
MICRO, SMALL, MEDIUM, LARGE = 0, 1, 2, 3
SIZE_NAMES = ("micro", "small", "medium", "large")
COMPANY_SHARE = 0.4
GROUPED_COMPANY_SHARE = 0.45


def sub_rng(seed: int, section: str) -> random.Random:
    """An independent, reproducible random stream per section of the generator."""
    return random.Random(f"kith-demo:{seed}:{section}")


@dataclass
class GroupPlan:
    index: int
    culture: int
    us: bool
    brand: tuple[str, str]
    members: list[int]  # company indices, holding first, parents before children
    parents: list[int]  # parent company of each member (-1 for the holding)
    levels: list[int]
    household: int  # the controlling family
    head_offset: int = 0  # which member of the household controls this group (a child may run a second group)


@dataclass
class Plan:
    seed: int
    parties: int
    n_companies: int
    n_persons: int
    company_culture: bytearray
    company_us: bytearray
    company_group: array[int]
    company_level: bytearray
    company_size: bytearray
    company_status: bytearray
    person_culture: bytearray
    person_household: array[int]
    person_status: bytearray
    household_start: array[int]
    household_size: bytearray
    groups: list[GroupPlan]
    company_dups: list[int]
    person_dups: list[int]
    hard_negatives: dict[int, int]  # person index -> culture
    agent_address: dict[int, str]  # company index -> shared registered-agent address
    persons_by_culture: list[list[int]] = field(default_factory=list)
    companies_by_culture: list[list[int]] = field(default_factory=list)
    standalone: list[int] = field(default_factory=list)
    captured_names: dict[str, str] = field(default_factory=dict)  # record id -> name, filled while writing

    def company_record_number(self, index: int) -> int:
        """One number per party record (companies, their duplicates, persons, theirs) for unique keys."""
        return index

    def person_record_number(self, index: int) -> int:
        return self.n_companies + len(self.company_dups) + index

    @property
    def n_records(self) -> int:
        return self.n_companies + self.n_persons + len(self.company_dups) + len(self.person_dups)


def _culture(rng: random.Random) -> int:
    return rng.choices(N.CULTURES, weights=N.CULTURE_WEIGHTS)[0]


def _group_shape(rng: random.Random) -> tuple[int, int]:
    """(size, depth): heavy-tailed sizes, two to five levels."""
    size = 2 if rng.random() < 0.1 else min(80, 1 + int(rng.paretovariate(1.4) * 2.5))
    depth = rng.choices((2, 3, 4, 5), weights=(25, 35, 25, 15))[0]
    return size, max(2, min(depth, size))


def _build_group(rng: random.Random, index: int, first: int, size: int, depth: int, culture: int) -> GroupPlan:
    levels = [0, *range(1, depth), *(between(rng, 1, depth - 1) for _ in range(size - depth))]
    levels.sort()
    members = list(range(first, first + size))
    parents = [-1]
    by_level: dict[int, list[int]] = {0: [first]}
    for member, level in zip(members[1:], levels[1:], strict=True):
        parents.append(pick(rng, by_level[level - 1]))
        by_level.setdefault(level, []).append(member)
    us = culture == N.EN and rng.random() < 0.4
    return GroupPlan(index, culture, us, brand(rng, culture), members, parents, levels, -1)


def _plan_groups(rng: random.Random, n_companies: int) -> list[GroupPlan]:
    target = int(n_companies * GROUPED_COMPANY_SHARE)
    groups: list[GroupPlan] = []
    used = 0
    while used < target:
        size, depth = _group_shape(rng)
        size = min(size, n_companies - used)
        if size < 2:
            break
        groups.append(_build_group(rng, len(groups), used, size, min(depth, size), _culture(rng)))
        used += size
    return groups


def _plan_households(rng: random.Random, n_persons: int) -> tuple[array[int], bytearray, bytearray, array[int]]:
    starts: array[int] = array("i")
    sizes = bytearray()
    person_culture = bytearray(n_persons)
    person_household: array[int] = array("i", bytes(4 * n_persons))
    start = 0
    while start < n_persons:
        size = min(rng.choices((1, 2, 3, 4), weights=(45, 25, 18, 12))[0], n_persons - start)
        culture = _culture(rng)
        for person in range(start, start + size):
            person_culture[person] = culture
            person_household[person] = len(starts)
        starts.append(start)
        sizes.append(size)
        start += size
    return starts, sizes, person_culture, person_household


def _company_sizes_and_statuses(rng: random.Random, plan: Plan) -> None:
    rand = rng.random
    for company in range(plan.n_companies):
        level = plan.company_level[company]
        if plan.company_group[company] < 0:
            size = rng.choices((MICRO, SMALL, MEDIUM, LARGE), weights=(55, 34, 10, 1))[0]
            status = CUSTOMER if rand() < 0.3 else PROSPECT if rand() < 0.3 else NONE
        else:
            weights = (0, 0, 40, 60) if level == 0 else (10, 30, 40, 20)
            size = rng.choices((MICRO, SMALL, MEDIUM, LARGE), weights=weights)[0]
            p_customer = 0.7 if level == 0 else 0.55  # the bank usually knows a group through its holding
            status = CUSTOMER if rand() < p_customer else PROSPECT if rand() < 0.35 else NONE
        plan.company_size[company] = size
        plan.company_status[company] = status


def _person_statuses(rng: random.Random, plan: Plan) -> None:
    key_households = {g.household for g in plan.groups}
    rand = rng.random
    for person in range(plan.n_persons):
        key = plan.person_household[person] in key_households
        roll = rand()
        if key:
            plan.person_status[person] = CUSTOMER if roll < 0.6 else PROSPECT if roll < 0.8 else NONE
        else:
            plan.person_status[person] = CUSTOMER if roll < 0.3 else PROSPECT if roll < 0.38 else NONE


def _assign_households(rng: random.Random, plan: Plan) -> None:
    """Each group is controlled by a family of its culture (a household of two or more)."""
    families: list[list[int]] = [[] for _ in N.CULTURES]
    singles: list[list[int]] = [[] for _ in N.CULTURES]
    for household, start in enumerate(plan.household_start):
        target = families if plan.household_size[household] > 1 else singles
        target[plan.person_culture[start]].append(household)
    last_of_culture: dict[int, GroupPlan] = {}
    for group in plan.groups:
        earlier = last_of_culture.get(group.culture)
        if earlier is not None and plan.household_size[earlier.household] > 1 and rng.random() < 0.1:
            group.household = earlier.household  # a relative of another group's owner controls this one
            group.head_offset = between(rng, 1, plan.household_size[group.household] - 1)
        else:
            pool = families[group.culture] or singles[group.culture] or [0]
            group.household = pick(rng, pool)
        last_of_culture[group.culture] = group
    for culture in N.CULTURES:  # several different people with the culture's most common name
        pool = singles[culture]
        for household in rng.sample(pool, min(len(pool), max(3, plan.n_persons // 20000))):
            plan.hard_negatives[plan.household_start[household]] = culture


def _choose_duplicates(rng: random.Random, plan: Plan, n_dups: int) -> None:
    n_company_dups = round(n_dups * COMPANY_SHARE)
    plan.company_dups = sorted(rng.sample(range(plan.n_companies), n_company_dups))
    person_dups = set(rng.sample(range(plan.n_persons), n_dups - n_company_dups))
    wang_wei = next((p for p, c in plan.hard_negatives.items() if c == N.CN), None)
    if wang_wei is not None and wang_wei not in person_dups and person_dups:
        person_dups.remove(min(person_dups))
        person_dups.add(wang_wei)  # one Wang Wei is planted twice (王伟 / Wang Wei, same birth date)
    plan.person_dups = sorted(person_dups)


def _choose_agent_companies(rng: random.Random, plan: Plan) -> None:
    count = min(len(plan.standalone), max(100, int(0.03 * plan.n_companies)))
    for company in rng.sample(plan.standalone, count):
        addresses = N.AGENT_ADDRESSES[plan.company_culture[company]]
        plan.agent_address[company] = addresses[0] if rng.random() < 0.8 else addresses[1]


def _place_companies(rng: random.Random, plan: Plan) -> None:
    """Group members take the first company numbers, with their group's culture; the rest stand alone."""
    for group in plan.groups:
        for member, level in zip(group.members, group.levels, strict=True):
            plan.company_group[member] = group.index
            plan.company_level[member] = level
            plan.company_culture[member] = group.culture
            plan.company_us[member] = group.us
    first_standalone = plan.groups[-1].members[-1] + 1 if plan.groups else 0
    for company in range(first_standalone, plan.n_companies):
        culture = _culture(rng)
        plan.company_culture[company] = culture
        plan.company_us[company] = culture == N.EN and rng.random() < 0.4
    plan.standalone = list(range(first_standalone, plan.n_companies))


def _index_by_culture(plan: Plan) -> None:
    plan.persons_by_culture = [[] for _ in N.CULTURES]
    for person, culture in enumerate(plan.person_culture):
        plan.persons_by_culture[culture].append(person)
    plan.companies_by_culture = [[] for _ in N.CULTURES]
    for company, culture in enumerate(plan.company_culture):
        plan.companies_by_culture[culture].append(company)


def build_plan(seed: int, parties: int, dup_share: float) -> Plan:
    """The whole bank's shape for `parties` records, of which `dup_share` (of entities) are second records."""
    if parties < 100:
        raise ValueError("the demo bank needs at least 100 parties")
    n_entities = round(parties / (1 + dup_share))
    n_companies = round(n_entities * COMPANY_SHARE)
    n_persons = n_entities - n_companies
    n_dups = parties - n_entities
    ids.RecordIds.prepare(n_persons + n_dups, n_companies + n_dups)
    rng = sub_rng(seed, "plan")
    groups = _plan_groups(rng, n_companies)
    starts, sizes, person_culture, person_household = _plan_households(rng, n_persons)
    plan = Plan(
        seed=seed, parties=parties, n_companies=n_companies, n_persons=n_persons,
        company_culture=bytearray(n_companies), company_us=bytearray(n_companies),
        company_group=array("i", [-1]) * n_companies, company_level=bytearray(n_companies),
        company_size=bytearray(n_companies), company_status=bytearray(n_companies),
        person_culture=person_culture, person_household=person_household, person_status=bytearray(n_persons),
        household_start=starts, household_size=sizes, groups=groups, company_dups=[], person_dups=[],
        hard_negatives={}, agent_address={},
    )
    _place_companies(rng, plan)
    _index_by_culture(plan)
    _company_sizes_and_statuses(rng, plan)
    _assign_households(rng, plan)
    _person_statuses(rng, plan)
    _choose_duplicates(rng, plan, n_dups)
    _choose_agent_companies(rng, plan)
    return plan
