"""The demo bank generator: deterministic, valid, consistent, and rich enough for risk, marketing and ER."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.models import model_for
from graph.schema import load_schema
from ingest.demo import DemoManifest, generate
from ingest.demo.cli import main as cli_main

AS_OF = "2026-06-30"
Row = dict[str, Any]


def read_rows(path: Path, drop_empty: bool = True) -> Iterator[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix == ".jsonl":
            for line in handle:
                yield json.loads(line)
        else:
            for row in csv.DictReader(handle):  # an empty CSV cell is an absent value, as in the loader
                yield {k: v for k, v in row.items() if v != "" or not drop_empty}


class Bank:
    """A generated bank, read back once."""

    def __init__(self, manifest: DemoManifest) -> None:
        self.manifest = manifest
        self.dir = manifest.out_dir
        self.rows: dict[str, list[Row]] = {}
        for name in manifest.files:
            self.rows[name.rsplit(".", 1)[0]] = list(read_rows(self.dir / name))
        self.truth = list(read_rows(self.dir / "truth.csv", drop_empty=False))
        self.originals = {r["record_id"] for r in self.truth if not r["variations"]}

    def links(self, type_name: str) -> list[Row]:
        return self.rows.get(type_name, [])

    def current(self, type_name: str) -> list[Row]:
        return [r for r in self.links(type_name) if not r.get("valid_to") or r["valid_to"] >= AS_OF]


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return Bank(generate(tmp_path_factory.mktemp("demo2k"), 2000, seed=7))


@pytest.fixture(scope="module")
def bank_10k(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return Bank(generate(tmp_path_factory.mktemp("demo10k"), 10_000, seed=11))


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 1000, seed=3)
    second = generate(tmp_path / "b", 1000, seed=3)
    generate(tmp_path / "c", 1000, seed=4)
    names = [*first.files, *first.side_files, "manifest.json"]
    assert first.files == second.files
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "Person.csv").read_bytes() != (tmp_path / "c" / "Person.csv").read_bytes()
    assert first.counts == json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))["counts"]


def test_parallel_and_sequential_runs_write_the_same_bytes(tmp_path: Path) -> None:
    parallel = generate(tmp_path / "p", 1000, seed=5, parallel=True)
    sequential = generate(tmp_path / "s", 1000, seed=5, parallel=False)
    assert parallel.counts == sequential.counts
    for name in [*parallel.files, *parallel.side_files, "manifest.json"]:
        assert (tmp_path / "p" / name).read_bytes() == (tmp_path / "s" / name).read_bytes(), name


def test_every_row_validates_and_counts_match(bank: Bank) -> None:
    for type_name, rows in bank.rows.items():
        model = model_for(type_name)
        for line, row in enumerate(rows, start=2):
            try:
                model.model_validate(row)
            except Exception as error:  # pragma: no cover - the message names the row
                pytest.fail(f"{type_name} line {line}: {error}")
        assert len(rows) == bank.manifest.counts[type_name]


def test_files_use_both_formats_and_schema_columns(bank: Bank) -> None:
    files = set(bank.manifest.files)
    assert {"Facility.jsonl", "REFERRED.jsonl", "Person.csv", "Company.csv", "OWNS.csv"} <= files
    header = (bank.dir / "OWNS.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["id", "source_id", "target_id"]
    assert {"valid_from", "valid_to", "source", "source_record_id", "share_pct"} <= set(header)
    person_header = (bank.dir / "Person.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "name_folded" not in person_header and "date_of_birth" in person_header


def test_parties_count_is_persons_plus_companies(bank: Bank) -> None:
    counts = bank.manifest.counts
    assert counts["Person"] + counts["Company"] == 2000
    assert 0.35 <= counts["Company"] / 2000 <= 0.45
    links = sum(n for t, n in counts.items() if t in load_schema().relationships)
    assert 3.5 <= links / 2000 <= 6.5


def test_record_keys_and_customer_numbers_are_unique(bank: Bank) -> None:
    parties = bank.rows["Person"] + bank.rows["Company"]
    keys = [(r["source"], r["source_record_id"]) for r in parties]
    assert len(set(keys)) == len(keys)
    numbers = [r["customer_number"] for r in parties if r.get("customer_number")]
    assert len(set(numbers)) == len(numbers)
    for type_name in ("Company", "Person"):
        for field in ("tax_id", "national_id"):
            values = [r[field] for r in bank.rows[type_name] if r.get(field) and r["id"] in bank.originals]
            assert len(set(values)) == len(values), (type_name, field)


def test_link_endpoints_exist_with_the_right_labels(bank: Bank) -> None:
    schema = load_schema()
    type_of = {row["id"]: type_name for type_name, rows in bank.rows.items() if type_name in schema.nodes
               for row in rows}
    for type_name, rows in bank.rows.items():
        if type_name not in schema.relationships:
            continue
        edge = schema.relationship(type_name).edge
        sources, targets = set(schema.concrete(edge.source)), set(schema.concrete(edge.target))
        for row in rows:
            assert type_of.get(row["source_id"]) in sources, (type_name, row)
            assert type_of.get(row["target_id"]) in targets, (type_name, row)
    for referrer in bank.rows["Referrer"]:
        if referrer.get("party_id"):
            assert type_of[referrer["party_id"]] in ("Person", "Company")


def test_direct_ownership_never_exceeds_100_on_any_date(bank: Bank) -> None:
    blocks: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for row in bank.links("OWNS"):
        blocks[row["target_id"]].append((row.get("valid_from", "0000"), row.get("valid_to", "9999"),
                                         float(row["share_pct"])))
    for company, held in blocks.items():
        for day in {start for start, _, _ in held}:
            total = sum(share for start, end, share in held if start <= day <= end)
            assert total <= 100.01, (company, day, total)


def _company_owners(bank: Bank) -> dict[str, set[str]]:
    owned_by: dict[str, set[str]] = defaultdict(set)
    for row in bank.current("OWNS"):
        if row["source_id"].startswith("C"):
            owned_by[row["target_id"]].add(row["source_id"])
    return owned_by


def test_pyramids_cross_holdings_and_cycles(bank: Bank) -> None:
    owned_by = _company_owners(bank)
    owns: dict[str, set[str]] = defaultdict(set)
    for company, owners in owned_by.items():
        for owner in owners:
            owns[owner].add(company)

    def depth(company: str, seen: frozenset[str]) -> int:
        below = [depth(c, seen | {c}) for c in owns.get(company, ()) if c not in seen]
        return 1 + max(below, default=0)

    assert max(depth(c, frozenset({c})) for c in list(owns)) >= 4  # holding -> sub -> sub-sub -> ...
    assert any(a in owns.get(b, ()) for a in owns for b in owns[a])  # a cross-holding pair
    assert any(a in owns.get(c, ()) for a in owns for b in owns[a] for c in owns.get(b, ()) if c != a)  # 3-cycle
    assert bank.manifest.cross_holdings >= 1 and bank.manifest.ownership_cycles >= 1


def test_control_roles_family_guarantees_and_dependence(bank: Bank) -> None:
    assert {r["basis"] for r in bank.links("CONTROLS")} >= {"board_majority", "voting_agreement"}
    assert {r["role"] for r in bank.links("DIRECTOR_OF")} >= {"chair", "director", "independent_director",
                                                               "nominee_director"}
    assert {r["kind"] for r in bank.links("FAMILY")} >= {"spouse", "parent", "sibling"}
    assert {r["title"] for r in bank.links("OFFICER_OF")} >= {"CEO", "CFO", "Chief Accountant"}
    assert bank.links("LEGAL_REPRESENTATIVE_OF") and bank.links("EMPLOYED_BY") and bank.links("GUARANTEES")
    assert any(float(r["share_of_receipts"]) >= 50 for r in bank.links("SUPPLIES"))
    ended = [t for t, rows in bank.rows.items() if any(r.get("valid_to") and r["valid_to"] < AS_OF for r in rows)]
    assert {"OWNS", "DIRECTOR_OF", "EMPLOYED_BY", "MANAGES", "BORROWS"} <= set(ended)


def test_directors_shared_across_groups(bank: Bank) -> None:
    group_of = {r["source_id"]: r["target_id"] for r in bank.links("MEMBER_OF")}
    groups_of_director: dict[str, set[str]] = defaultdict(set)
    for row in bank.links("DIRECTOR_OF"):
        if row["role"] != "nominee_director" and row["target_id"] in group_of:
            groups_of_director[row["source_id"]].add(group_of[row["target_id"]])
    assert max(len(groups) for groups in groups_of_director.values()) >= 2


def test_relatives_control_different_groups(bank: Bank) -> None:
    group_of = {r["source_id"]: r["target_id"] for r in bank.links("MEMBER_OF")}
    controlled: dict[str, set[str]] = defaultdict(set)  # person -> groups whose holding they own most of
    for row in bank.links("OWNS"):
        if row["source_id"].startswith("P") and float(row["share_pct"]) >= 35 and row["target_id"] in group_of:
            controlled[row["source_id"]].add(group_of[row["target_id"]])
    assert any(controlled.get(r["source_id"], set()) - controlled.get(r["target_id"], set())
               and controlled.get(r["target_id"], set()) - controlled.get(r["source_id"], set())
               for r in bank.links("FAMILY"))


def test_shared_registered_agent_address(bank: Bank) -> None:
    addresses = Counter(r.get("address") for r in bank.rows["Company"] if r.get("address"))
    assert addresses.most_common(1)[0][1] >= 20


def test_nominee_director_hub_at_10k(bank_10k: Bank) -> None:
    boards = Counter(r["source_id"] for r in bank_10k.links("DIRECTOR_OF") if r["role"] == "nominee_director")
    assert boards.most_common(1)[0][1] >= 50


def test_customers_prospects_rms_and_facilities(bank: Bank) -> None:
    companies, persons = bank.rows["Company"], bank.rows["Person"]
    statuses = Counter(r["status"] for r in companies + persons)
    assert set(statuses) == {"customer", "prospect", "none"}
    assert all(r.get("customer_number") and r.get("segment") for r in companies + persons if r["status"] == "customer")
    customers = sum(1 for r in companies + persons if r["status"] == "customer")
    assert len(bank.rows["RelationshipManager"]) >= max(5, customers // 300)
    managed = {r["target_id"] for r in bank.current("MANAGES")}
    assert all(r["id"] in managed for r in companies + persons if r["status"] == "customer"
               and r["id"] in bank.originals)
    assert {r["currency"] for r in bank.rows["Facility"]} == {"USD", "EUR", "VND", "CNY", "UAH"}
    assert len({r["facility_type"] for r in bank.rows["Facility"]}) >= 5
    assert all(r["drawn_amount"] <= r["limit_amount"] for r in bank.rows["Facility"])
    rates = list(read_rows(bank.dir / "fx_rates.csv"))
    assert {r["currency"] for r in rates} == {"USD", "EUR", "VND", "CNY", "UAH"}
    assert any(r["do_not_contact"] == "true" for r in persons) and any(
        r.get("marketing_consent") == "false" for r in persons)


def test_company_attributes_and_valid_leis(bank: Bank) -> None:
    companies = bank.rows["Company"]
    leis = [r["lei"] for r in companies if r.get("lei")]
    assert leis
    for code in leis:
        assert len(code) == 20 and int("".join(str(int(c, 36)) for c in code)) % 97 == 1
    forms = {r["legal_form"] for r in companies}
    assert {"Công ty TNHH", "有限公司", "ТОВ", "Ltd", "LLC"} <= forms
    originals = [r for r in companies if r["id"] in bank.originals]
    assert all(r["industry"] and r["size_band"] and r["incorporation_date"] for r in originals)


def test_names_in_four_scripts(bank: Bank) -> None:
    names = [r["name"] for r in bank.rows["Person"]] + [r["name"] for r in bank.rows["Company"]]
    assert any("ễ" in n or "ư" in n or "ạ" in n for n in names)  # Vietnamese diacritics
    assert any("\u4e00" <= c <= "\u9fff" for n in names for c in n)  # Han
    assert any("\u0400" <= c <= "\u04ff" for n in names for c in n)  # Cyrillic
    assert any(n.startswith("Công ty") for n in names) and any(n.endswith("有限公司") for n in names)
    assert any(n.startswith("ТОВ «") for n in names)


def test_declared_groups_differ_from_ownership_somewhere(bank: Bank) -> None:
    groups = bank.rows["Group"]
    assert groups and all(g["kind"] == "declared" for g in groups)
    differences = list(read_rows(bank.dir / "declared_group_differences.csv"))
    assert {d["difference"] for d in differences} == {"missing_from_declared", "extra_in_declared"}
    members = {(r["source_id"], r["target_id"]) for r in bank.links("MEMBER_OF")}
    for diff in differences:
        listed = (diff["company_id"], diff["group_id"]) in members
        assert listed == (diff["difference"] == "extra_in_declared")


def test_referrals_span_three_years_with_differing_conversion(bank: Bank) -> None:
    referrals = bank.links("REFERRED")
    assert {r["outcome"] for r in referrals} == {"open", "converted", "lost"}
    dates = sorted(r["date"] for r in referrals)
    assert dates[0] < "2023-09-01" and dates[-1] > "2026-04-01"
    kinds = {r["referrer_kind"] for r in bank.rows["Referrer"]}
    assert kinds == {"person", "company", "agent", "branch_staff"}
    rates = defaultdict(list)
    for r in referrals:
        rates[r["channel"]].append(r["outcome"] == "converted")
    conversion = {channel: sum(v) / len(v) for channel, v in rates.items() if len(v) >= 20}
    assert max(conversion.values()) - min(conversion.values()) > 0.1
    assert all(r.get("outcome_date") for r in referrals if r["outcome"] != "open")


def test_truth_maps_every_party_record(bank: Bank) -> None:
    records = [r["id"] for r in bank.rows["Person"] + bank.rows["Company"]]
    truth = {r["record_id"]: r for r in bank.truth}
    assert sorted(truth) == sorted(records) and len(truth) == len(bank.truth)
    per_entity = Counter(r["entity_id"] for r in bank.truth)
    assert sum(n - 1 for n in per_entity.values()) == bank.manifest.duplicate_records
    assert 0.03 <= bank.manifest.duplicate_records / 2000 <= 0.07
    splits = {r["entity_id"]: r["split"] for r in bank.truth}
    assert all(splits[r["entity_id"]] == r["split"] for r in bank.truth)  # one split per entity
    assert 0.2 <= sum(s == "train" for s in splits.values()) / len(splits) <= 0.4


def test_duplicates_carry_the_listed_variations(bank: Bank) -> None:
    tags = Counter(t for r in bank.truth for t in r["variations"].split(";") if t)
    for tag in ("no_diacritics", "transliterated", "pinyin", "typo", "swapped_order", "legal_form_variant",
                "no_id", "same_tax_id", "same_national_id", "phone_national"):
        assert tags[tag] > 0, tag
    by_id = {r["id"]: r for r in bank.rows["Person"] + bank.rows["Company"]}
    for entity, records in _records_by_entity(bank).items():
        if len(records) > 1:
            original, dup = by_id[records[0]], by_id[records[1]]
            assert original["source"] != dup["source"], entity
    dup_ids = {r["record_id"] for r in bank.truth if r["variations"]}
    assert any(r["target_id"] in dup_ids for r in bank.links("REFERRED") + bank.links("MANAGES"))


def _records_by_entity(bank: Bank) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for row in bank.truth:
        grouped[row["entity_id"]].append(row["record_id"])
    return grouped


def test_households_share_an_address_and_some_fathers_and_sons_a_name(bank_10k: Bank) -> None:
    persons = {r["id"]: r for r in bank_10k.rows["Person"]}
    entity_of = {r["record_id"]: r["entity_id"] for r in bank_10k.truth}
    family = [(persons[r["source_id"]], persons[r["target_id"]]) for r in bank_10k.links("FAMILY")]
    assert sum(1 for a, b in family if a.get("address") and a.get("address") == b.get("address")) > len(family) / 2
    namesakes = [(a, b) for a, b in family if a["name"] == b["name"] and a["date_of_birth"] != b["date_of_birth"]]
    assert namesakes and all(entity_of[a["id"]] != entity_of[b["id"]] for a, b in namesakes)


def test_hard_negatives_and_the_planted_wang_wei(bank: Bank) -> None:
    persons = {r["id"]: r for r in bank.rows["Person"]}
    entity_of = {r["record_id"]: r["entity_id"] for r in bank.truth}
    wang_wei = [p for p in persons.values() if p["name"] == "王伟"]
    assert len({entity_of[p["id"]] for p in wang_wei}) >= 2
    assert len({p["date_of_birth"] for p in wang_wei}) >= 2
    latin = [p for p in persons.values() if p["name"] == "Wang Wei"]
    assert any(entity_of[p["id"]] == entity_of[w["id"]] and p["date_of_birth"] == w["date_of_birth"]
               for p in latin for w in wang_wei)
    an = {entity_of[p["id"]] for p in persons.values() if p["name"] == "Nguyễn Văn An"}
    assert len(an) >= 2


def test_cli_prints_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = cli_main([str(tmp_path / "cli"), "--parties", "1000", "--seed", "5"])
    assert manifest.parties == 1000
    assert (tmp_path / "cli" / "manifest.json").exists()
    assert "Person" in capsys.readouterr().out
