"""Key persons: boards (DIRECTOR_OF), legal representatives, officers, nominee-director hubs, employees."""

from __future__ import annotations

import random

from ingest.demo import ids
from ingest.demo import names as N
from ingest.demo.fastrand import below, between, pick
from ingest.demo.plan import MEDIUM, Plan, sub_rng
from ingest.demo.writer import Sink

_REGISTRY = "company_registry"
_POSITIONS = ("Accountant", "Engineer", "Sales Manager", "Analyst", "Driver", "Operator", "Clerk", "Technician",
              "Marketing Specialist", "HR Specialist", "Warehouse Supervisor", "Software Developer")
_EMPLOYER_WEIGHT = (1, 3, 10, 40)  # by size band: big companies employ more of the demo's people


def pick_person(rng: random.Random, plan: Plan, culture: int) -> int:
    pool = plan.persons_by_culture[culture] or plan.persons_by_culture[N.EN]
    return pool[int(rng.random() * len(pool))]


def _since(rng: random.Random) -> str | None:
    return ids.iso(ids.days_ago(rng, 60, 6000)) if rng.random() < 0.9 else None


def _former(rng: random.Random) -> tuple[int, int]:
    """(valid_from, valid_to) ordinals of a role that has ended."""
    end = ids.days_ago(rng, 30, 1500)
    return end - between(rng, 200, 3000), end


def write_board(rng: random.Random, plan: Plan, sink: Sink, company: int, directors: list[int]) -> None:
    """Directors (the first chairs), a former director now and then, the legal representative, officers."""
    target = ids.company_id(company)
    culture, size = plan.company_culture[company], plan.company_size[company]
    for seat, person in enumerate(directors):
        role = "chair" if seat == 0 and len(directors) > 1 else "director"
        sink.link("DIRECTOR_OF", ids.person_id(person), target, _REGISTRY, {"role": role, "valid_from": _since(rng)})
    if size >= MEDIUM and rng.random() < 0.5:
        outsider = pick_person(rng, plan, culture)
        sink.link("DIRECTOR_OF", ids.person_id(outsider), target, _REGISTRY,
                  {"role": "independent_director", "valid_from": _since(rng)})
    if rng.random() < 0.08:
        start, end = _former(rng)
        sink.link("DIRECTOR_OF", ids.person_id(pick_person(rng, plan, culture)), target, _REGISTRY,
                  {"role": "director", "valid_from": ids.iso(start), "valid_to": ids.iso(end)})
    _legal_representative(rng, plan, sink, company, directors)
    _officers(rng, plan, sink, company, directors, size)


def _legal_representative(rng: random.Random, plan: Plan, sink: Sink, company: int, directors: list[int]) -> None:
    culture = plan.company_culture[company]
    if culture == N.EN or (culture == N.UA and rng.random() < 0.5):
        return
    target = ids.company_id(company)
    representative = directors[0] if directors and rng.random() < 0.8 else pick_person(rng, plan, culture)
    if rng.random() < 0.1:
        start, end = _former(rng)
        sink.link("LEGAL_REPRESENTATIVE_OF", ids.person_id(pick_person(rng, plan, culture)), target, _REGISTRY,
                  {"valid_from": ids.iso(start), "valid_to": ids.iso(end)})
        sink.link("LEGAL_REPRESENTATIVE_OF", ids.person_id(representative), target, _REGISTRY,
                  {"valid_from": ids.iso(end + 1)})
    else:
        sink.link("LEGAL_REPRESENTATIVE_OF", ids.person_id(representative), target, _REGISTRY,
                  {"valid_from": _since(rng)})


def _officers(rng: random.Random, plan: Plan, sink: Sink, company: int, directors: list[int], size: int) -> None:
    culture = plan.company_culture[company]
    target = ids.company_id(company)
    if rng.random() < 0.6:
        ceo = directors[-1] if directors and rng.random() < 0.6 else pick_person(rng, plan, culture)
        sink.link("OFFICER_OF", ids.person_id(ceo), target, _REGISTRY, {"title": "CEO", "valid_from": _since(rng)})
    if size >= MEDIUM and rng.random() < 0.7:
        sink.link("OFFICER_OF", ids.person_id(pick_person(rng, plan, culture)), target, _REGISTRY,
                  {"title": "CFO", "valid_from": _since(rng)})
    if culture != N.EN and rng.random() < 0.4:
        sink.link("OFFICER_OF", ids.person_id(pick_person(rng, plan, culture)), target, _REGISTRY,
                  {"title": "Chief Accountant", "valid_from": _since(rng)})


def write_nominee_hubs(plan: Plan, sink: Sink) -> list[str]:
    """A few nominee directors who sit on 55 or more boards each, mostly at registered-agent addresses.

    Returns the hub persons' ids.
    """
    rng = sub_rng(plan.seed, "nominees")
    agent_companies = sorted(plan.agent_address)
    hubs: list[str] = []
    for _ in range(max(1, plan.n_companies // 5000)):
        nominee = ids.person_id(pick_person(rng, plan, pick(rng, (N.EN, N.EN, N.VN, N.CN))))
        hubs.append(nominee)
        size = min(between(rng, 55, 160), max(10, plan.n_companies // 6))
        from_agents = rng.sample(agent_companies, min(len(agent_companies), size * 2 // 3))
        others = rng.sample(plan.standalone, min(len(plan.standalone), size - len(from_agents)))
        for company in sorted(set(from_agents) | set(others)):
            sink.link("DIRECTOR_OF", nominee, ids.company_id(company), _REGISTRY,
                      {"role": "nominee_director", "valid_from": _since(rng)})
    return hubs


def _employer_pools(plan: Plan) -> list[list[int]]:
    pools: list[list[int]] = [[] for _ in N.CULTURES]
    for company in range(plan.n_companies):
        weight = _EMPLOYER_WEIGHT[plan.company_size[company]]
        pools[plan.company_culture[company]].extend([company] * weight)
    return pools


def write_employment(plan: Plan, sink: Sink) -> None:
    """About 60% of persons work for a company of their culture; some changed jobs (an ended link)."""
    rng = sub_rng(plan.seed, "employment")
    pools = _employer_pools(plan)
    rand = rng.random
    for person in range(plan.n_persons):
        if rand() >= 0.6:
            continue
        pool = pools[plan.person_culture[person]]
        if not pool:
            continue
        source_id = ids.person_id(person)
        position = _POSITIONS[below(rng, len(_POSITIONS))]
        if rand() < 0.12:
            start, end = _former(rng)
            sink.link("EMPLOYED_BY", source_id, ids.company_id(pool[int(rng.random() * len(pool))]), "hr",
                      {"position": position, "valid_from": ids.iso(start), "valid_to": ids.iso(end)})
        sink.link("EMPLOYED_BY", source_id, ids.company_id(pool[int(rng.random() * len(pool))]), "hr",
                  {"position": position, "valid_from": ids.iso(ids.days_ago(rng, 10, 5000))})
