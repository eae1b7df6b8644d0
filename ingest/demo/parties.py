"""Person and Company rows, their planted duplicates, FAMILY ties within households, and truth.csv."""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import IO

from ingest.demo import ids
from ingest.demo import names as N
from ingest.demo.fastrand import below, between, pick
from ingest.demo.naming import CompanyName, PersonName, brand, company_name, family_surname, hard_negative_name
from ingest.demo.naming import person_name as make_person_name
from ingest.demo.plan import CUSTOMER, LARGE, MEDIUM, PROSPECT, SIZE_NAMES, STATUS_NAMES, Plan, sub_rng
from ingest.demo.variations import company_duplicate, person_duplicate
from ingest.demo.writer import SOURCE_KEY_PREFIX, Row, Sink

SOURCES = ("core_banking", "crm", "company_registry", "marketing_list", "referral_form")
_STATUS_OF_SOURCE = {"core_banking": "customer", "crm": "prospect", "company_registry": "none",
                     "marketing_list": "prospect", "referral_form": "prospect"}
_REVENUE_USD = ((50e3, 1e6), (1e6, 1e7), (1e7, 5e7), (5e7, 2e9))
_EMPLOYEES = ((1, 9), (10, 49), (50, 249), (250, 20000))
_SEGMENT_OF_BAND = {"large": "large_corporate", "medium": "mid_corporate"}
TRUTH_HEADER = ("record_id", "entity_id", "record_type", "split", "variations")


@dataclass
class DuplicateRecords:
    """Duplicate records, written after the originals; the prospects among them get links later."""

    companies: list[Row] = field(default_factory=list)
    persons: list[Row] = field(default_factory=list)
    prospect_ids: list[str] = field(default_factory=list)


def split_of(index: int) -> str:
    """About 30% of entities train the matcher's thresholds; the rest evaluate it."""
    return "train" if (index * 2_654_435_761 >> 7) % 10 < 3 else "eval"


def record_key(source: str, number: int) -> str:
    """The record's key in its source system, unique per party record number (see `Plan.record_number`)."""
    return f"{SOURCE_KEY_PREFIX[source]}-{ids.scrambled(number, 8, 6_818_971)}"


def customer_number(index: int) -> str:
    return "CIF" + ids.scrambled(index, 9, 4_479_553)


def _country(culture: int, us: bool) -> str:
    return "US" if us else ("VN", "CN", "UA", "GB")[culture]


def _region(rng: random.Random, culture: int, us: bool) -> int:
    if culture == N.EN:
        return below(rng, 4) + (4 if us else 0)
    return below(rng, 8)


def _flag(rng: random.Random, p_true: float) -> str:
    return "true" if rng.random() < p_true else "false"


def _consent(rng: random.Random) -> str | None:
    roll = rng.random()
    return "true" if roll < 0.65 else "false" if roll < 0.85 else None


def _source_of(status: int) -> str:
    return "core_banking" if status == CUSTOMER else "crm" if status == PROSPECT else "company_registry"


def _company_segment(size: int) -> str:
    return "large_corporate" if size == LARGE else "mid_corporate" if size == MEDIUM else "sme"


def company_row(rng: random.Random, plan: Plan, company: int, name: CompanyName) -> Row:
    culture, us = plan.company_culture[company], bool(plan.company_us[company])
    status, size = plan.company_status[company], plan.company_size[company]
    source = _source_of(status)
    region = _region(rng, culture, us)
    tax = ids.tax_id(culture, us, company)
    low, high = _REVENUE_USD[size]
    holding = plan.company_group[company] >= 0 and plan.company_level[company] == 0
    founded = ids.days_ago(rng, 3650, 12000) if holding else ids.days_ago(rng, 200, 11000)
    has_lei = size >= MEDIUM and rng.random() < (0.6 if size == LARGE else 0.15)
    return {
        "id": ids.company_id(company), "name": name.native(), "status": STATUS_NAMES[status],
        "customer_number": customer_number(company) if status == CUSTOMER else None,  # record number of a company
        "segment": _company_segment(size) if status == CUSTOMER else None,
        "country": _country(culture, us), "region": N.REGIONS[culture][region],
        "address": plan.agent_address.get(company) or ids.address(rng, culture, region, us),
        "phone": ids.phone(rng, culture, us) if rng.random() < 0.8 else None,
        "email": ids.company_email(name, company) if rng.random() < 0.6 else None,
        "do_not_contact": _flag(rng, 0.03), "marketing_consent": _consent(rng), "source": source,
        "source_record_id": record_key(source, company),
        "tax_id": tax if rng.random() < 0.97 else None,
        "registration_number": ids.registration_number(culture, us, company, tax),
        "lei": ids.lei(company) if has_lei else None, "legal_form": name.form[1],
        "incorporation_date": ids.iso(founded), "industry": N.INDUSTRIES[name.industry][0],
        "size_band": SIZE_NAMES[size], "annual_revenue": round(rng.uniform(low, high), -3),
        "employees": between(rng, *_EMPLOYEES[size]),
    }


def _second_source(rng: random.Random, first: str) -> str:
    return pick(rng, [s for s in SOURCES if s != first])


def _as_second_record(rng: random.Random, dup: Row, record_id: str, number: int) -> Row:
    source = _second_source(rng, str(dup["source"]))
    status = _STATUS_OF_SOURCE[source]
    dup.update(id=record_id, source=source, status=status,
               source_record_id=record_key(source, number))
    if status != "customer":
        dup["customer_number"] = dup["segment"] = None
    else:
        dup["customer_number"] = customer_number(number)
        if not dup.get("segment"):
            band = str(dup.get("size_band"))
            dup["segment"] = "retail" if "date_of_birth" in dup else _SEGMENT_OF_BAND.get(band, "sme")
    return dup


class TruthWriter:
    def __init__(self, handle: IO[str]) -> None:
        self._csv = csv.writer(handle, lineterminator="\n")
        self._csv.writerow(TRUTH_HEADER)

    def write(self, record_id: str, entity: str, record_type: str, split: str, variations: str = "") -> None:
        self._csv.writerow((record_id, entity, record_type, split, variations))


def write_companies(plan: Plan, sink: Sink, truth: TruthWriter, dups: DuplicateRecords) -> None:
    rng = sub_rng(plan.seed, "companies")
    dup_rng = sub_rng(plan.seed, "company-duplicates")
    dup_set = set(plan.company_dups)
    group_brands = [g.brand for g in plan.groups]
    for company in range(plan.n_companies):
        culture, group = plan.company_culture[company], plan.company_group[company]
        trade_name = group_brands[group] if group >= 0 else brand(rng, culture)
        holding = group >= 0 and plan.company_level[company] == 0
        name = company_name(rng, culture, bool(plan.company_us[company]), trade_name,
                            below(rng, len(N.INDUSTRIES)), holding)
        row = company_row(rng, plan, company, name)
        sink.node("Company", row)
        if row["id"] in plan.captured_names:
            plan.captured_names[row["id"]] = row["name"]
        entity = "E-" + row["id"]
        truth.write(row["id"], entity, "Company", split_of(company))
        if company in dup_set:
            dup, tags = company_duplicate(dup_rng, row, name, keep_id=dup_rng.random() < 0.5)
            number = plan.n_companies + len(dups.companies)
            _as_second_record(dup_rng, dup, ids.company_id(number), plan.company_record_number(number))
            dups.companies.append(dup)
            truth.write(dup["id"], entity, "Company", split_of(company), ";".join(tags))
            if dup["status"] == "prospect":
                dups.prospect_ids.append(dup["id"])


def _person_ages(rng: random.Random, size: int) -> list[int]:
    head = between(rng, 45, 78) if size > 2 else between(rng, 22, 80)
    ages = [head]
    if size > 1:
        ages.append(max(20, head + between(rng, -6, 4)))
    ages.extend(max(18, head - between(rng, 22, 34)) for _ in range(size - 2))
    return ages


def person_row(rng: random.Random, plan: Plan, person: int, name: PersonName, age: int,
               home: str | None = None) -> Row:
    culture = name.culture
    us = culture == N.EN and person % 5 < 2
    status = plan.person_status[person]
    source = _source_of(status)
    region = _region(rng, culture, us)
    birth_ordinal = ids.AS_OF_ORDINAL - age * 365 - below(rng, 365)
    birth = dt.date.fromordinal(birth_ordinal)
    country = _country(culture, us)
    private = status == CUSTOMER and (age > 40 and rng.random() < 0.12)
    return {
        "id": ids.person_id(person), "name": name.native(), "status": STATUS_NAMES[status],
        "customer_number": customer_number(plan.person_record_number(person)) if status == CUSTOMER else None,
        "segment": ("private" if private else "retail") if status == CUSTOMER else None,
        "country": country, "region": N.REGIONS[culture][region],
        "address": home or (ids.address(rng, culture, region, us) if rng.random() < 0.7 else None),
        "phone": ids.phone(rng, culture, us) if rng.random() < 0.75 else None,
        "email": ids.person_email(rng, name, person) if rng.random() < 0.55 else None,
        "do_not_contact": _flag(rng, 0.04), "marketing_consent": _consent(rng), "source": source,
        "source_record_id": record_key(source, plan.person_record_number(person)),
        "date_of_birth": birth.isoformat(),
        "national_id": ids.national_id(culture, us, person, birth) if rng.random() < 0.95 else None,
        "passport": ids.passport(culture, person) if rng.random() < 0.25 else None,
        "nationality": country if rng.random() < 0.95 else pick(rng, ("VN", "CN", "UA", "GB", "US", "SG", "DE")),
    }


def _household_names(rng: random.Random, plan: Plan, start: int, size: int) -> list[PersonName]:
    culture = plan.person_culture[start]
    if start in plan.hard_negatives:
        return [hard_negative_name(culture, False)]
    surname = family_surname(rng, culture)
    head_female = rng.random() < 0.3
    names = [make_person_name(rng, culture, surname, head_female)]
    father_surname = surname
    if size > 1:
        own_surname = culture in (N.VN, N.CN) or rng.random() < 0.2
        spouse_surname = family_surname(rng, culture) if own_surname else surname
        names.append(make_person_name(rng, culture, spouse_surname, not head_female))
        father_surname = spouse_surname if head_female else surname
    names.extend(make_person_name(rng, culture, father_surname, rng.random() < 0.5) for _ in range(size - 2))
    if size > 2 and culture == N.EN and not head_female and not names[2].female and rng.random() < 0.15:
        names[2].given = names[2].given_latin = names[0].given  # father and son of the same name (a hard negative)
    return names


def _family_links(rng: random.Random, sink: Sink, start: int, size: int) -> None:
    head = ids.person_id(start)
    if size > 1:
        ended = rng.random() < 0.05
        props: Row = {"kind": "spouse", "valid_to": ids.iso(ids.days_ago(rng, 30, 2000)) if ended else None}
        sink.link("FAMILY", head, ids.person_id(start + 1), "kyc", props)
    for child in range(start + 2, start + size):
        sink.link("FAMILY", head, ids.person_id(child), "kyc", {"kind": "parent"})
        if child > start + 2:
            sink.link("FAMILY", ids.person_id(start + 2), ids.person_id(child), "kyc", {"kind": "sibling"})


def _person_duplicate(rng: random.Random, plan: Plan, row: Row, name: PersonName, person: int,
                      dups: DuplicateRecords) -> list[str]:
    dup, tags = person_duplicate(rng, row, name, keep_id=rng.random() < 0.5,
                                 romanised_only=person in plan.hard_negatives)
    number = plan.n_persons + len(dups.persons)
    _as_second_record(rng, dup, ids.person_id(number), plan.person_record_number(number))
    dups.persons.append(dup)
    if dup["status"] == "prospect":
        dups.prospect_ids.append(dup["id"])
    return tags


def write_persons(plan: Plan, sink: Sink, truth: TruthWriter, dups: DuplicateRecords) -> None:
    rng = sub_rng(plan.seed, "persons")
    dup_rng = sub_rng(plan.seed, "person-duplicates")
    dup_set = set(plan.person_dups)
    for start, size in zip(plan.household_start, plan.household_size, strict=True):
        names = _household_names(rng, plan, start, size)
        ages = _person_ages(rng, size)
        home: str | None = None  # most of a household live at the head's address
        for offset, (name, age) in enumerate(zip(names, ages, strict=False)):
            person = start + offset
            row = person_row(rng, plan, person, name, age, home if rng.random() < 0.85 else None)
            if offset == 0:
                home = row["address"]
            sink.node("Person", row)
            if row["id"] in plan.captured_names:
                plan.captured_names[row["id"]] = row["name"]
            entity = "E-" + row["id"]
            truth.write(row["id"], entity, "Person", split_of(person))
            if person in dup_set:
                tags = _person_duplicate(dup_rng, plan, row, name, person, dups)
                truth.write(dups.persons[-1]["id"], entity, "Person", split_of(person), ";".join(tags))
        _family_links(rng, sink, start, min(size, len(names)))


def write_duplicates(sink: Sink, dups: DuplicateRecords) -> None:
    for row in dups.companies:
        sink.node("Company", row)
    for row in dups.persons:
        sink.node("Person", row)
