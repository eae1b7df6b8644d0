"""The bank's own people and pipeline: relationship managers with portfolios, referrers and referrals."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from ingest.demo import ids
from ingest.demo import names as N
from ingest.demo.fastrand import below, between, pick
from ingest.demo.naming import family_surname, person_name
from ingest.demo.plan import CUSTOMER, LARGE, PROSPECT, Plan, sub_rng
from ingest.demo.writer import Sink

CUSTOMERS_PER_RM = 300
_BRANCHES = {N.VN: ("Hanoi Main", "Ho Chi Minh City Main"), N.CN: ("Shanghai", "Beijing"),
             N.UA: ("Kyiv Main", "Lviv"), N.EN: ("London City", "New York")}
_KIND_WEIGHTS = (("person", 35), ("company", 15), ("agent", 25), ("branch_staff", 25))
_CHANNELS = {"person": ("referrer", "referrer", "event"), "company": ("partner", "partner", "event"),
             "agent": ("partner", "cold_call", "marketing_list", "referrer"),
             "branch_staff": ("branch", "branch", "web", "cold_call", "event")}
_CHANNEL_FACTOR = {"referrer": 1.3, "branch": 1.0, "partner": 1.1, "event": 0.8, "web": 0.6, "marketing_list": 0.35,
                   "cold_call": 0.25}
_KIND_FACTOR = {"person": 1.1, "company": 1.0, "agent": 0.8, "branch_staff": 0.9}
REFERRAL_DAYS = 3 * 365


@dataclass
class ReferrerPlan:
    id: str
    kind: str
    culture: int
    party_id: str | None
    quality: float
    weight: float


def _latin_name(rng: random.Random, culture: int) -> tuple[str, str]:
    name = person_name(rng, culture, family_surname(rng, culture), rng.random() < 0.5)
    return name.native(), name.latin()


def plan_referrers(plan: Plan) -> list[ReferrerPlan]:
    """Choose referrers before the parties are written, so the party referrers' names can be captured."""
    rng = sub_rng(plan.seed, "referrers")
    count = max(20, (plan.n_companies + plan.n_persons) // 400)
    referrers = []
    for number in range(count):
        kind = rng.choices([k for k, _ in _KIND_WEIGHTS], weights=[w for _, w in _KIND_WEIGHTS])[0]
        culture = rng.choices(N.CULTURES, weights=N.CULTURE_WEIGHTS)[0]
        party_id = None
        if kind == "person":
            party_id = ids.person_id(below(rng, plan.n_persons))
        elif kind == "company":
            party_id = ids.company_id(below(rng, plan.n_companies))
        if party_id:
            plan.captured_names[party_id] = ""
        quality = min(0.9, rng.uniform(0.08, 0.6) * _KIND_FACTOR[kind])
        referrers.append(ReferrerPlan(f"R{number + 1:06d}", kind, culture, party_id, quality,
                                      rng.paretovariate(1.3)))
    return referrers


def write_referrers(plan: Plan, sink: Sink, referrers: list[ReferrerPlan]) -> None:
    rng = sub_rng(plan.seed, "referrer-rows")
    for ref in referrers:
        name = plan.captured_names.get(ref.party_id or "") or _latin_name(rng, ref.culture)[0]
        if ref.kind == "agent":
            name = f"{_latin_name(rng, ref.culture)[1]} (agent)"
        commission = {"agent": rng.uniform(0.5, 2.0), "person": rng.uniform(0.0, 1.0),
                      "company": rng.uniform(0.5, 1.5)}.get(ref.kind)
        sink.node("Referrer", {"id": ref.id, "name": name, "referrer_kind": ref.kind, "party_id": ref.party_id,
                               "commission_pct": round(commission, 2) if commission is not None else None,
                               "source": "referral_system"})


def _pools(plan: Plan) -> tuple[list[int], list[int]]:
    """Customers and the others, as party numbers (companies first, then persons)."""
    n = plan.n_companies
    customers = [c for c in range(n) if plan.company_status[c] == CUSTOMER]
    customers += [n + p for p in range(plan.n_persons) if plan.person_status[p] == CUSTOMER]
    others = [c for c in range(n) if plan.company_status[c] != CUSTOMER]
    others += [n + p for p in range(plan.n_persons) if plan.person_status[p] != CUSTOMER]
    return customers, others


def _party_id(plan: Plan, number: int) -> str:
    return ids.company_id(number) if number < plan.n_companies else ids.person_id(number - plan.n_companies)


def _outcome(rng: random.Random, ref: ReferrerPlan, channel: str, age: int) -> tuple[str, int | None]:
    """(outcome, days from referral to outcome)."""
    if age < 60 and rng.random() < 0.7:
        return "open", None
    if rng.random() < min(0.95, ref.quality * _CHANNEL_FACTOR[channel]):
        return "converted", between(rng, 5, max(5, min(age, 150)))
    if rng.random() < 0.07:
        return "open", None  # a stale referral, waiting too long
    return "lost", between(rng, 3, max(3, min(age, 120)))


def write_referrals(plan: Plan, sink: Sink, referrers: list[ReferrerPlan], duplicate_prospects: list[str]) -> None:
    rng = sub_rng(plan.seed, "referrals")
    customers, others = _pools(plan)
    cum_weights = list(_cumulative([r.weight for r in referrers]))
    for _ in range(round(0.35 * (plan.n_companies + plan.n_persons))):
        ref = rng.choices(referrers, cum_weights=cum_weights)[0]
        channel = pick(rng, _CHANNELS[ref.kind])
        age = below(rng, REFERRAL_DAYS)
        outcome, lag = _outcome(rng, ref, channel, age)
        if outcome == "converted":
            target = _party_id(plan, customers[below(rng, len(customers))])
        elif duplicate_prospects and rng.random() < 0.1:
            target, channel = duplicate_prospects[below(rng, len(duplicate_prospects))], "marketing_list"
        else:
            target = _party_id(plan, others[below(rng, len(others))])
        day = ids.AS_OF_ORDINAL - age
        props = {"date": ids.iso(day), "channel": channel, "outcome": outcome, "valid_from": ids.iso(day),
                 "outcome_date": ids.iso(day + lag) if lag is not None else None,
                 "value": round(20e3 * math.exp(rng.gauss(0, 1.5)), 2) if outcome == "converted" else None}
        sink.link("REFERRED", ref.id, target, "referral_system", props)


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


Desk = tuple[int, bool]  # (culture, corporate)


def _rm_rows(plan: Plan, sink: Sink, customers_by_desk: dict[Desk, int]) -> dict[Desk, list[str]]:
    rng = sub_rng(plan.seed, "rms")
    desks: dict[tuple[int, bool], list[str]] = {}
    total = sum(customers_by_desk.values())
    number = 0
    for (culture, corporate), count in sorted(customers_by_desk.items()):
        n_rms = max(1, math.ceil(count / CUSTOMERS_PER_RM), math.ceil(5 * count / max(1, total)))
        for _ in range(n_rms):
            number += 1
            native, latin = _latin_name(rng, culture)
            rm_id = f"RM{number:05d}"
            sink.node("RelationshipManager", {
                "id": rm_id, "name": native, "employee_id": f"EMP{ids.scrambled(number, 6, 3_125_453)}",
                "team": "Corporate Banking" if corporate else "Retail and Private Banking",
                "branch": pick(rng, _BRANCHES[culture]), "source": "hr",
                "email": f"{latin.lower().replace(' ', '.')}.{number}@kithbank.example",
            })
            desks.setdefault((culture, corporate), []).append(rm_id)
    return desks


def write_portfolios(plan: Plan, sink: Sink, duplicate_prospects: list[str]) -> None:
    """One RM per customer (a group's companies share one), some prospects owned, some past hand-overs."""
    customers_by_desk: dict[tuple[int, bool], int] = {}
    for c in range(plan.n_companies):
        if plan.company_status[c] == CUSTOMER:
            key = (plan.company_culture[c], True)
            customers_by_desk[key] = customers_by_desk.get(key, 0) + 1
    for p in range(plan.n_persons):
        if plan.person_status[p] == CUSTOMER:
            key = (plan.person_culture[p], False)
            customers_by_desk[key] = customers_by_desk.get(key, 0) + 1
    desks = _rm_rows(plan, sink, customers_by_desk)
    rng = sub_rng(plan.seed, "portfolios")
    group_rm = {g.index: pick(rng, desks.get((g.culture, True)) or [next(iter(desks.values()))[0]])
                for g in plan.groups}
    all_rms = [rm for desk in desks.values() for rm in desk]
    for c in range(plan.n_companies):
        status, group = plan.company_status[c], plan.company_group[c]
        desk = desks.get((plan.company_culture[c], True)) or all_rms
        if status == CUSTOMER:
            rm = group_rm[group] if group >= 0 and rng.random() < 0.8 else pick(rng, desk)
            _manage(rng, sink, rm, ids.company_id(c), pick(rng, all_rms))
        elif status == PROSPECT and rng.random() < (0.5 if plan.company_size[c] == LARGE else 0.25):
            _manage(rng, sink, pick(rng, desk), ids.company_id(c), None)
    for p in range(plan.n_persons):
        desk = desks.get((plan.person_culture[p], False)) or all_rms
        if plan.person_status[p] == CUSTOMER:
            _manage(rng, sink, pick(rng, desk), ids.person_id(p), pick(rng, all_rms))
    for record_id in duplicate_prospects:
        if rng.random() < 0.3:  # the duplicate-marketing guard's case: the same prospect, another RM
            _manage(rng, sink, pick(rng, all_rms), record_id, None)


def _manage(rng: random.Random, sink: Sink, rm: str, party: str, previous_rm: str | None) -> None:
    since = ids.days_ago(rng, 30, 2000)
    if previous_rm is not None and previous_rm != rm and rng.random() < 0.05:
        sink.link("MANAGES", previous_rm, party, "crm", {"valid_from": ids.iso(since - between(rng, 200, 1500)),
                                                           "valid_to": ids.iso(since - 1)})
    sink.link("MANAGES", rm, party, "crm", {"valid_from": ids.iso(since)})
