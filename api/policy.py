"""Who may call what, and which fields each role sees: the role x endpoint x field
policy, written once as data. Routes name their endpoint key; `api.deps` enforces it;
`api.masking` strips the hidden fields from JSON and exports alike; tests/api walks
the whole matrix.

Roles (issue 6):
- rm: full detail for their own customers and the groups those customers belong to;
  relationships everywhere; no personal data of other RMs' customers and no exposure
  figures for other RMs' groups.
- risk: everything, exposures included.
- marketing: relationships, leads and referrer figures; no exposure figures, no
  national ids, passports or dates of birth (contact points stay: leads need them,
  and consent is enforced where leads are made).
- admin: users (token issue) and the audit trail; no customer data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph.schema import load_schema

Scope = Literal["own", "other"]
Audit = Literal["party", "group", "path", "search"]

RM, RISK, MKT, ADMIN = "rm", "risk", "marketing", "admin"
BUSINESS = frozenset({RM, RISK, MKT})
RISK_ONLY = frozenset({RISK})
RISK_RM = frozenset({RISK, RM})


@dataclass(frozen=True, slots=True)
class Rule:
    roles: frozenset[str]
    audit: Audit | None = None
    summary: str = ""


# endpoint key -> who may call it, and what kind of read it is for the audit trail.
ENDPOINTS: dict[str, Rule] = {
    "party.search": Rule(BUSINESS, "search", "Search parties by name"),
    "party.get": Rule(BUSINESS, "party", "Party 360"),
    "party.view": Rule(BUSINESS, "party", "Connected-party view"),
    "party.network": Rule(BUSINESS, "party", "Connected-party view laid out for the web view"),
    "party.view.export": Rule(BUSINESS, "party", "Connected-party view as standalone HTML"),
    "group.get": Rule(BUSINESS, "group", "Group members and reasons"),
    "group.exposure": Rule(RISK_RM, "group", "Group exposure"),
    "group.exposure.export": Rule(RISK_RM, "group", "Group exposure as Excel or CSV"),
    "portfolio.large": Rule(RISK_ONLY, "group", "Large exposures and breaches"),
    "portfolio.large.export": Rule(RISK_ONLY, "group", "Large exposures as Excel or CSV"),
    "group.differences": Rule(RISK_ONLY, "group", "Declared against derived groups"),
    "group.differences.export": Rule(RISK_ONLY, "group", "Declared against derived groups as Excel or CSV"),
    "company.ownership": Rule(BUSINESS, "party", "Integrated ownership of a company"),
    "company.beneficial_owners": Rule(BUSINESS, "party", "Beneficial owners of a company"),
    "whatif": Rule(RISK_ONLY, "party", "What-if: a proposed facility or link"),
    "contagion.record": Rule(RISK_ONLY, "party", "Record a risk event and raise contagion tasks"),
    "path.intro": Rule(BUSINESS, "path", "Introduction paths to a prospect"),
    "leads.list": Rule(BUSINESS, "search", "Key-person leads"),
    "leads.export": Rule(BUSINESS, "search", "Marketing list as Excel or CSV (consent checked)"),
    "referrals.report": Rule(BUSINESS, None, "Referrer and source effectiveness"),
    "dedup.candidates": Rule(RISK_ONLY, "search", "De-duplication candidates"),
    "dedup.judge": Rule(RISK_ONLY, None, "Judge a candidate pair"),
    "prospect.check": Rule(RISK_RM, "search", "Duplicate check before entering a prospect"),
    "ingest.runs": Rule(frozenset({RISK, ADMIN}), None, "Ingest runs (status)"),
    "ingest.rejects": Rule(RISK_ONLY, "search", "Rejected rows of a run (raw rows may hold personal data)"),
    "rm.portfolio": Rule(RISK_RM, "party", "RM portfolio (workbench)"),
    "tasks.list": Rule(RISK_RM, None, "Open tasks"),
    "tasks.close": Rule(RISK_RM, None, "Close a task"),
    "audit.query": Rule(frozenset({ADMIN}), None, "Query the audit trail"),
    "audit.export": Rule(frozenset({ADMIN}), None, "Audit trail as CSV"),
    "admin.users": Rule(frozenset({ADMIN}), None, "Users seen in the audit trail"),
    "admin.tokens": Rule(frozenset({ADMIN}), None, "Issue a token"),
}

SENSITIVE: frozenset[str] = load_schema().sensitive_properties()
IDENTITY: frozenset[str] = frozenset({"date_of_birth", "national_id", "passport"})
# Figures that reveal the bank's exposure to a party or group.
EXPOSURE: frozenset[str] = frozenset({
    "limit_amount", "drawn_amount", "undrawn_amount", "exposure", "exposure_amount", "total_exposure",
    "exposure_reporting", "limit_reporting", "drawn_reporting", "pct_of_capital", "share_of_capital",
    "headroom", "amount", "facilities_total", "exposure_by_currency", "exposure_total", "exposure_currency",
})

# (role, scope of the subject) -> fields removed from every answer. Scope is "own" when
# the subject is one of the RM's customers or a group one of them belongs to.
HIDDEN: dict[tuple[str, Scope], frozenset[str]] = {
    (RISK, "own"): frozenset(), (RISK, "other"): frozenset(),
    (RM, "own"): frozenset(), (RM, "other"): SENSITIVE | EXPOSURE,
    (MKT, "own"): IDENTITY | EXPOSURE, (MKT, "other"): IDENTITY | EXPOSURE,
    (ADMIN, "own"): SENSITIVE | EXPOSURE, (ADMIN, "other"): SENSITIVE | EXPOSURE,
}


def allowed(endpoint: str, role: str) -> bool:
    return role in ENDPOINTS[endpoint].roles


def hidden_fields(role: str, scope: Scope) -> frozenset[str]:
    return HIDDEN[(role, scope)]
