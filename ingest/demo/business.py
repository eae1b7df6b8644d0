"""Credit and trade: facilities with their borrowers, guarantees, supplier dependencies, FX rates."""

from __future__ import annotations

import math
import random
from pathlib import Path

from ingest.demo import ids
from ingest.demo import names as N
from ingest.demo.fastrand import below, between, pick
from ingest.demo.plan import CUSTOMER, LARGE, Plan, sub_rng
from ingest.demo.writer import Sink, write_csv

FX_RATES = {  # rate_to_usd on two dates, so the risk engine must pick the rate by date
    "2025-12-31": {"USD": 1.0, "EUR": 1.0842, "VND": 0.00003937, "CNY": 0.13792, "UAH": 0.024096},
    "2026-06-30": {"USD": 1.0, "EUR": 1.1015, "VND": 0.00003846, "CNY": 0.13851, "UAH": 0.023641},
}
_CURRENCIES = {N.VN: (("VND", 70), ("USD", 30)), N.CN: (("CNY", 80), ("USD", 20)),
               N.UA: (("UAH", 60), ("USD", 20), ("EUR", 20)), N.EN: (("USD", 60), ("EUR", 40))}
_MEDIAN_LIMIT_USD = (50e3, 400e3, 4e6, 15e6)  # per facility, by size band
_COMPANY_FACILITIES = ((1, 1), (1, 2), (1, 3), (2, 5))
_CORPORATE_TYPES = ("term_loan", "revolving", "overdraft", "guarantee", "letter_of_credit", "trade_finance")
_RETAIL_TYPES = ("term_loan", "overdraft", "revolving")
_RATE = FX_RATES["2026-06-30"]


def currency_for(rng: random.Random, culture: int) -> str:
    options = _CURRENCIES[culture]
    return rng.choices([c for c, _ in options], weights=[w for _, w in options])[0]


def in_currency(usd: float, currency: str) -> float:
    amount = usd / _RATE[currency]
    return float(round(amount)) if currency == "VND" else round(amount, 2)


def _drawn_share(rng: random.Random, facility_type: str) -> float:
    if facility_type in ("guarantee", "letter_of_credit"):
        return 0.0 if rng.random() < 0.7 else rng.uniform(0.0, 0.3)
    if facility_type == "term_loan":
        return rng.uniform(0.6, 1.0)
    return rng.uniform(0.0, 0.95)


def _facility(rng: random.Random, sink: Sink, borrower_id: str, culture: int, usd: float, facility_type: str) -> None:
    currency = currency_for(rng, culture)
    limit = in_currency(usd, currency)
    drawn = round(limit * _drawn_share(rng, facility_type), 0 if currency == "VND" else 2)
    start = ids.days_ago(rng, 20, 2600)
    end = start + 365 * between(rng, 1, 7)
    facility_id = f"F{sink.count('Facility') + 1:08d}"
    sink.node("Facility", {"id": facility_id, "facility_type": facility_type, "limit_amount": limit,
                           "drawn_amount": drawn, "currency": currency, "valid_from": ids.iso(start),
                           "valid_to": ids.iso(end), "source": "core_banking"})
    sink.link("BORROWS", borrower_id, facility_id, "core_banking",
              {"valid_from": ids.iso(start), "valid_to": ids.iso(end)})


def write_facilities(plan: Plan, sink: Sink) -> dict[int, float]:
    """Facilities of customers. Returns the limits in USD per group (current and matured alike)."""
    rng = sub_rng(plan.seed, "facilities")
    group_limits: dict[int, float] = {}
    for company in range(plan.n_companies):
        if plan.company_status[company] != CUSTOMER:
            continue
        size, group = plan.company_size[company], plan.company_group[company]
        boost = 2.0 if group >= 0 and plan.company_level[company] == 0 else 1.0
        for _ in range(between(rng, *_COMPANY_FACILITIES[size])):
            usd = _MEDIAN_LIMIT_USD[size] * boost * math.exp(rng.gauss(0, 0.9))
            _facility(rng, sink, ids.company_id(company), plan.company_culture[company], usd,
                      pick(rng, _CORPORATE_TYPES))
            if group >= 0:
                group_limits[group] = group_limits.get(group, 0.0) + usd
    for person in range(plan.n_persons):
        if plan.person_status[person] == CUSTOMER and rng.random() < 0.4:
            usd = 40e3 * math.exp(rng.gauss(0, 1.0))
            _facility(rng, sink, ids.person_id(person), plan.person_culture[person], usd, pick(rng, _RETAIL_TYPES))
    return group_limits


def _guarantee(rng: random.Random, sink: Sink, guarantor: str, beneficiary: str, culture: int, usd: float) -> None:
    currency = currency_for(rng, culture)
    props = {"amount": in_currency(usd, currency), "currency": currency,
             "valid_from": ids.iso(ids.days_ago(rng, 30, 2500))}
    if rng.random() < 0.1:
        props["valid_to"] = ids.iso(ids.days_ago(rng, 1, 29))
    sink.link("GUARANTEES", guarantor, beneficiary, "core_banking", props)


def write_guarantees(plan: Plan, sink: Sink) -> None:
    """Parents guarantee subsidiaries, founders their holdings, and some groups stand behind others."""
    rng = sub_rng(plan.seed, "guarantees")
    for group in plan.groups:
        holding = ids.company_id(group.members[0])
        for company in group.members[1:]:
            if rng.random() < 0.3:
                usd = _MEDIAN_LIMIT_USD[plan.company_size[company]] * rng.uniform(0.5, 2.0)
                _guarantee(rng, sink, holding, ids.company_id(company), group.culture, usd)
        if rng.random() < 0.15:
            _guarantee(rng, sink, ids.person_id(plan.household_start[group.household]), holding, group.culture,
                       _MEDIAN_LIMIT_USD[LARGE] * rng.uniform(0.1, 0.5))
        if len(plan.groups) > 1 and rng.random() < 0.08:
            other = plan.groups[below(rng, len(plan.groups))]
            if other.index != group.index:
                beneficiary = other.members[below(rng, len(other.members))]
                _guarantee(rng, sink, holding, ids.company_id(beneficiary), other.culture,
                           _MEDIAN_LIMIT_USD[plan.company_size[beneficiary]] * rng.uniform(0.5, 3.0))
    for company in plan.standalone:
        if rng.random() < 0.03:
            partner = plan.standalone[below(rng, len(plan.standalone))]
            if partner != company:
                _guarantee(rng, sink, ids.company_id(company), ids.company_id(partner), plan.company_culture[partner],
                           _MEDIAN_LIMIT_USD[plan.company_size[partner]] * rng.uniform(0.2, 1.0))


def write_supplies(plan: Plan, sink: Sink) -> None:
    """Suppliers and their buyers; a quarter of suppliers earn half or more from one buyer (dependence)."""
    rng = sub_rng(plan.seed, "supplies")
    n = plan.n_companies
    grouped = n - len(plan.standalone)
    for supplier in range(n):
        if rng.random() >= 0.45:
            continue
        remaining = 100.0
        for order in range(pick(rng, (1, 1, 2, 2, 3))):
            buyer = below(rng, grouped) if grouped and rng.random() < 0.6 else below(rng, n)
            if buyer == supplier:
                continue
            dependent = order == 0 and rng.random() < 0.25
            share = round(min(remaining, rng.uniform(50, 90) if dependent else rng.uniform(2, 30)), 2)
            remaining -= share
            sink.link("SUPPLIES", ids.company_id(supplier), ids.company_id(buyer), "crm",
                      {"share_of_receipts": share, "valid_from": ids.iso(ids.days_ago(rng, 30, 3000))})


def write_fx_rates(path: Path) -> None:
    rows = [(currency, f"{rate:.10f}".rstrip("0").rstrip("."), day)
            for day, rates in FX_RATES.items() for currency, rate in rates.items()]
    write_csv(path, ("currency", "rate_to_usd", "rate_date"), rows)
