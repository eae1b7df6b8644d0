"""Import Beneficial Ownership Data Standard (BODS) 0.4 statements.

Reads a JSON array of statements or JSON Lines (one statement a line), maps person
records to Person, entity records to Company and relationship records to OWNS,
CONTROLS, DIRECTOR_OF or OFFICER_OF rows, then loads them through the same validation
and load path as the canonical files (`ingest.loader.load_sources`). Statements or
interests Kith cannot represent go to the rejects file with the reason, so nothing is
dropped silently."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.settings import Settings
from graph.store import GraphStore
from ingest.collect import RowReader, Source
from ingest.loader import load_sources
from ingest.readers import FileEncodingError, RawRow, RowError, decode
from ingest.rejects import Reject
from ingest.resolve_hook import Resolver
from ingest.summary import LoadSummary

# BODS interest type -> (Kith relationship, property values)
CONTROL_BASIS = {
    "appointmentOfBoard": "board_majority",
    "otherInfluenceOrControl": "management_influence",
    "controlViaCompanyRulesOrArticles": "voting_agreement",
    "rightsGrantedByContract": "voting_agreement",
    "conditionalRightsGrantedByContract": "voting_agreement",
}
BOARD_ROLE = {"boardChair": "chair", "boardMember": "director"}
OFFICER_INTERESTS = {"seniorManagingOfficial": "Senior managing official"}
SHARE_INTERESTS = ("shareholding", "votingRights")
LEI_SCHEMES = ("XI-LEI",)
TAX_WORDS = ("TAX", "VAT", "TIN", "MST", "INN")
PASSPORT_WORDS = ("PASSPORT",)
NATIONAL_ID_WORDS = ("NATIONAL", "NID", "CCCD", "CMND", "IDCARD", "ID CARD")

MAPPING_DOC = (Path(__file__).parent / "bods_mapping.md").read_text(encoding="utf-8")


def read_statements(path: Path) -> list[tuple[int, Any]]:
    """(statement number or line, statement) for a JSON array or JSON Lines file."""
    text = decode(path)
    stripped = text.lstrip()
    if stripped.startswith("["):
        return list(enumerate(json.loads(stripped), start=1))
    out: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            out.append((number, json.loads(line)))
    return out


def _latest(statements: list[tuple[int, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """The latest statement of each record (updates supersede earlier statements)."""
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, stmt in statements:
        if not isinstance(stmt, dict):
            continue
        key = str(stmt.get("recordId") or stmt.get("statementId") or f"#{number}")
        previous = latest.get(key)
        if previous is None or str(stmt.get("statementDate", "")) >= str(previous[1].get("statementDate", "")):
            latest[key] = (number, stmt)
    return sorted(latest.values(), key=lambda item: item[0])


def _source(stmt: dict[str, Any]) -> str:
    publisher = (stmt.get("publicationDetails") or {}).get("publisher") or {}
    source = stmt.get("source") or {}
    name = publisher.get("name") or source.get("description") or ""
    return f"bods:{name}" if name else "bods"


def _first(items: Any) -> dict[str, Any]:
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def _country(address: dict[str, Any]) -> str | None:
    country = address.get("country")
    return country.get("code") if isinstance(country, dict) else country


def _identifier_kind(identifier: dict[str, Any]) -> str | None:
    scheme = f"{identifier.get('scheme', '')} {identifier.get('schemeName', '')}".upper()
    if any(s in scheme for s in LEI_SCHEMES) or "LEI" in scheme.split():
        return "lei"
    if any(w in scheme for w in PASSPORT_WORDS):
        return "passport"
    if any(w in scheme for w in NATIONAL_ID_WORDS):
        return "national_id"
    if any(w in scheme for w in TAX_WORDS):
        return "tax_id"
    return "registration_number" if identifier.get("scheme") else None


def _identifiers(details: dict[str, Any], allowed: Iterable[str]) -> dict[str, str]:
    wanted, out = set(allowed), {}
    for identifier in details.get("identifiers") or []:
        kind = _identifier_kind(identifier) if isinstance(identifier, dict) else None
        if kind in wanted and kind not in out and identifier.get("id"):
            out[kind] = str(identifier["id"])
    return out


def _full_date(value: Any) -> str | None:
    text = str(value or "")
    return text if len(text) == 10 else None  # BODS allows "1964-04"; Kith keeps full dates only


def person_row(stmt: dict[str, Any]) -> dict[str, Any]:
    details = stmt.get("recordDetails") or {}
    names = details.get("names") or []
    chosen = next((n for n in names if n.get("type") in ("individual", "legal")), _first(names))
    name = chosen.get("fullName") or " ".join(p for p in (chosen.get("givenName"), chosen.get("familyName")) if p)
    address = _first(details.get("addresses"))
    return {
        "id": stmt.get("recordId"), "name": name, "date_of_birth": _full_date(details.get("birthDate")),
        "nationality": _first(details.get("nationalities")).get("code"),
        "country": _country(address), "address": address.get("address"),
        **_identifiers(details, ("passport", "national_id")),
        "source": _source(stmt), "source_record_id": stmt.get("statementId"),
    }


def entity_row(stmt: dict[str, Any]) -> dict[str, Any]:
    details = stmt.get("recordDetails") or {}
    jurisdiction = details.get("jurisdiction") or {}
    address = _first(details.get("addresses"))
    return {
        "id": stmt.get("recordId"), "name": details.get("name"),
        "incorporation_date": _full_date(details.get("foundingDate")),
        "country": jurisdiction.get("code") or _country(address), "address": address.get("address"),
        **_identifiers(details, ("lei", "tax_id", "registration_number")),
        "source": _source(stmt), "source_record_id": stmt.get("statementId"),
    }


def share_value(share: Any) -> float | None:
    """exact, else the midpoint of the bounds given (a single bound stands for itself)."""
    if not isinstance(share, dict):
        return None
    if share.get("exact") is not None:
        return float(share["exact"])
    low = share.get("minimum", share.get("exclusiveMinimum"))
    high = share.get("maximum", share.get("exclusiveMaximum"))
    bounds = [float(b) for b in (low, high) if b is not None]
    return sum(bounds) / len(bounds) if bounds else None


def _party_ref(value: Any) -> str | None:
    """0.4 refers by recordId (a string); earlier drafts used describedBy... objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("describedByPersonStatement", "describedByEntityStatement"):
            if value.get(key):
                return str(value[key])
    return None


Mapped = tuple[str, RawRow | RowError]


def _share_interests(number: int, interests: list[dict[str, Any]], base: dict[str, Any],
                     record_id: Any) -> Iterator[Mapped]:
    shares = {k: share_value(i.get("share")) for i in interests for k in [i.get("type")]}
    share, voting = shares.get("shareholding"), shares.get("votingRights")
    if share is None and voting is None:
        reason = "shareholding or votingRights interest without a share (exact, minimum or maximum)"
        yield "OWNS", RowError(number, reason, json.dumps(interests, ensure_ascii=False))
        return
    first = interests[0]
    yield "OWNS", RawRow(number, {
        **base, "id": record_id, "share_pct": share if share is not None else 0.0, "voting_pct": voting,
        "valid_from": first.get("startDate"), "valid_to": first.get("endDate") or base.get("valid_to"),
    })


def _other_interest(number: int, interest: dict[str, Any], base: dict[str, Any], record_id: Any) -> Mapped:
    kind = interest.get("type")
    dates = {"valid_from": interest.get("startDate"), "valid_to": interest.get("endDate") or base.get("valid_to")}
    if kind in CONTROL_BASIS:
        return "CONTROLS", RawRow(number, {**base, **dates, "id": f"{record_id}.controls",
                                            "basis": CONTROL_BASIS[kind]})
    if kind in BOARD_ROLE:
        return "DIRECTOR_OF", RawRow(number, {**base, **dates, "id": f"{record_id}.board", "role": BOARD_ROLE[kind]})
    if kind in OFFICER_INTERESTS:
        return "OFFICER_OF", RawRow(number, {**base, **dates, "id": f"{record_id}.officer",
                                              "title": OFFICER_INTERESTS[kind]})
    reason = f"interest type {kind!r} has no Kith relationship; not imported"
    return "CONTROLS", RowError(number, reason, json.dumps(interest, ensure_ascii=False))


def relationship_rows(number: int, stmt: dict[str, Any]) -> Iterator[Mapped]:
    details = stmt.get("recordDetails") or {}
    subject, party = _party_ref(details.get("subject")), _party_ref(details.get("interestedParty"))
    raw = json.dumps(stmt, ensure_ascii=False)
    if subject is None or party is None:
        yield "OWNS", RowError(number, "relationship without a subject or a known interested party", raw)
        return
    closed = stmt.get("statementDate") if stmt.get("recordStatus") == "closed" else None
    base = {"source_id": party, "target_id": subject, "source": _source(stmt),
            "source_record_id": stmt.get("statementId"), "valid_to": closed}
    record_id = stmt.get("recordId") or stmt.get("statementId")
    direct, seen = [], set()
    for interest in details.get("interests") or []:
        if interest.get("directOrIndirect") == "indirect":
            reason = f"indirect {interest.get('type')} interest: Kith derives indirect ownership from direct holdings"
            yield "OWNS", RowError(number, reason, json.dumps(interest, ensure_ascii=False))
        elif interest.get("type") in SHARE_INTERESTS:
            direct.append(interest)
        elif (kind := interest.get("type")) not in seen:
            seen.add(kind)
            yield _other_interest(number, interest, base, record_id)
    if direct:
        yield from _share_interests(number, direct, base, record_id)


def statement_rows(statements: list[tuple[int, Any]]) -> Iterator[Mapped]:
    for number, stmt in _latest(statements):
        record_type = stmt.get("recordType")
        if record_type == "person":
            yield "Person", RawRow(number, person_row(stmt))
        elif record_type == "entity":
            yield "Company", RawRow(number, entity_row(stmt))
        elif record_type == "relationship":
            yield from relationship_rows(number, stmt)
        else:
            reason = ("not a BODS 0.4 statement (no recordType person, entity or relationship)"
                      if "statementType" in stmt else f"unknown recordType {record_type!r}")
            yield "Company", RowError(number, reason, json.dumps(stmt, ensure_ascii=False))


def _failing(error: Exception) -> RowReader:
    def rows() -> Iterator[RawRow | RowError]:
        raise error

    return rows


def _replay(rows: list[RawRow | RowError]) -> RowReader:
    return lambda: iter(rows)


def bods_sources(paths: Iterable[Path | str]) -> list[Source]:
    """Canonical-row sources for BODS files, by Kith type (one per type and file)."""
    sources: list[Source] = []
    for path in map(Path, paths):
        try:
            statements = read_statements(path)
        except FileEncodingError as error:
            sources.append(Source("Company", path.name, _failing(error)))
            continue
        except json.JSONDecodeError as error:
            message = f"not valid JSON: {error.msg} at line {error.lineno}"
            sources.append(Source("Company", path.name, _failing(FileEncodingError(message))))
            continue
        by_type: dict[str, list[RawRow | RowError]] = {}
        for type_name, row in statement_rows(statements):
            by_type.setdefault(type_name, []).append(row)
        sources.extend(Source(t, path.name, _replay(rows)) for t, rows in by_type.items())
    return sources


def load_bods(
    store: GraphStore, paths: Iterable[Path | str], *, rejects_path: Path | None = None, progress: bool = True,
    resolver: Resolver | None = None, settings: Settings | None = None,
) -> LoadSummary:
    """Load BODS 0.4 files (JSON array or JSON Lines) into the store."""
    paths = [Path(p) for p in paths]
    rejected: list[Reject] = []
    return load_sources(store, bods_sources(paths), rejects_path=rejects_path, progress=progress,
                        resolver=resolver, settings=settings, rejected_files=rejected,
                        file_names=[str(p) for p in paths])
