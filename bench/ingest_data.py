"""Synthetic canonical files for the ingest benchmark: persons and companies, and five
relationship types between them, deterministic for a seed. Shares are kept small
enough that no company's direct ownership can pass 100%, so no row is rejected."""

from __future__ import annotations

import csv
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOURCE = "bench"
# share of the relationships per type (sums to 1)
REL_MIX = {"OWNS": 0.40, "DIRECTOR_OF": 0.25, "EMPLOYED_BY": 0.15, "SUPPLIES": 0.10, "GUARANTEES": 0.10}
PERSON_SHARE = 0.4
MAX_SHARE = 15  # x at most 6 holders a company stays under 100%
COLUMNS = {
    "Person": ["id", "name", "status", "country", "date_of_birth", "national_id", "source", "source_record_id"],
    "Company": ["id", "name", "status", "country", "tax_id", "industry", "size_band", "employees", "source",
                "source_record_id"],
    "OWNS": ["id", "source_id", "target_id", "share_pct", "valid_from", "source", "source_record_id"],
    "DIRECTOR_OF": ["id", "source_id", "target_id", "role", "valid_from", "source", "source_record_id"],
    "EMPLOYED_BY": ["id", "source_id", "target_id", "position", "valid_from", "source", "source_record_id"],
    "SUPPLIES": ["id", "source_id", "target_id", "share_of_receipts", "valid_from", "source", "source_record_id"],
    "GUARANTEES": ["id", "source_id", "target_id", "amount", "currency", "valid_from", "source", "source_record_id"],
}
GIVEN = ("An", "Bình", "Chi", "Dũng", "Olena", "Taras", "Wei", "Mei", "James", "Sarah", "Minh", "Lan")
FAMILY = ("Nguyễn", "Trần", "Lê", "Коваленко", "Шевченко", "Wang", "Li", "Smith", "Brown", "Phạm")
INDUSTRY = ("Manufacturing", "Construction", "Wholesale trade", "Transportation", "Information")


@dataclass
class Plan:
    persons: int
    companies: int
    rels: dict[str, int]


def plan(parties: int, rels: int) -> Plan:
    persons = int(parties * PERSON_SHARE)
    counts = {t: int(rels * share) for t, share in REL_MIX.items()}
    counts["OWNS"] += rels - sum(counts.values())
    return Plan(persons, parties - persons, counts)


def person(i: int, rng: random.Random, version: int = 0) -> dict[str, Any]:
    name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)} {i}" + (f" v{version}" if version else "")
    return {"id": f"P{i}", "name": name, "status": "customer" if i % 7 == 0 else "none", "country": "VN",
            "date_of_birth": f"{1950 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d}", "national_id": f"0{i:011d}",
            "source": SOURCE, "source_record_id": f"P{i}"}


def company(i: int, rng: random.Random, version: int = 0) -> dict[str, Any]:
    return {"id": f"C{i}", "name": f"Company {i} JSC", "status": "prospect" if i % 5 == 0 else "none",
            "country": "VN", "tax_id": f"{i:010d}", "industry": rng.choice(INDUSTRY), "size_band": "small",
            "employees": 10 + i % 500 + version, "source": SOURCE, "source_record_id": f"C{i}"}


def link(type_name: str, i: int, p: Plan, rng: random.Random, version: int = 0) -> dict[str, Any]:
    """Relationship row i of a type; version > 0 changes its content, not its endpoints."""
    r = random.Random(i * 31 + len(type_name))  # endpoints depend only on (type, i)
    company_id = f"C{r.randrange(p.companies)}"
    person_id = f"P{r.randrange(p.persons)}"
    other = f"C{r.randrange(p.companies)}"
    if other == company_id:
        other = f"C{(int(company_id[1:]) + 1) % p.companies}"
    base = {"id": f"{type_name[:3]}{i}", "valid_from": f"{2000 + i % 24}-01-{1 + version:02d}",
            "source": SOURCE, "source_record_id": f"{type_name}-{i}"}
    if type_name == "OWNS":
        # company i % companies gets holders in turn, at most ceil(owns/companies) of them
        holder = person_id if i % 2 else other
        share = 1 + (i + version) % MAX_SHARE
        return {**base, "source_id": holder, "target_id": f"C{i % p.companies}", "share_pct": share}
    if type_name == "DIRECTOR_OF":
        return {**base, "source_id": person_id, "target_id": company_id, "role": "director"}
    if type_name == "EMPLOYED_BY":
        return {**base, "source_id": person_id, "target_id": company_id, "position": f"Role {i % 40 + version}"}
    if type_name == "SUPPLIES":
        return {**base, "source_id": other, "target_id": company_id, "share_of_receipts": 1 + (i + version) % 60}
    return {**base, "source_id": other, "target_id": company_id, "amount": 1000 * (1 + i % 900) + version,
            "currency": "USD"}


def rows(type_name: str, p: Plan, changed: float = 0.0, new: float = 0.0) -> Iterator[dict[str, Any]]:
    """All rows of a type; a `changed` share of them altered, plus a `new` share of new ids."""
    rng = random.Random(zlib.crc32(type_name.encode()))
    total = {"Person": p.persons, "Company": p.companies}.get(type_name) or p.rels[type_name]
    step = int(1 / changed) if changed else 0
    for i in range(total + int(total * new)):
        version = 1 if step and i % step == 0 and i < total else 0
        if type_name == "Person":
            yield person(i, rng, version)
        elif type_name == "Company":
            yield company(i, rng, version)
        else:
            yield link(type_name, i, p, rng, version)


def write(folder: Path, p: Plan, changed: float = 0.0, new: float = 0.0) -> int:
    """Write every file of the plan; returns the number of relationship rows."""
    folder.mkdir(parents=True, exist_ok=True)
    rel_rows = 0
    for type_name, columns in COLUMNS.items():
        # new parties are referenced by nobody: a 1% growth of the party files
        with (folder / f"{type_name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            for row in rows(type_name, p, changed, new):
                writer.writerow(row)
                rel_rows += type_name in p.rels
    return rel_rows
