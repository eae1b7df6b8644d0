"""Risk (issue 4): groups of connected clients, group exposure against limits, what-if,
integrated ownership and beneficial owners, contagion. Every figure carries its reason.

Entry points (all take a GraphStore and answer "as of" a date; nothing reads the store
twice for one answer):
- profiles: `get_profile(name)`, `load_profiles()` (profiles.yaml: basel, china, vietnam, ukraine)
- groups:   `derive_groups(store, profile, as_of, rates)` (the job: persist, idempotent; it
            derives one independent part of the bank at a time, `parts.py`, and writes
            each part while deriving the next),
            `compare_declared(store, profile, as_of, rates)`
- exposure: `exposure_of(store, party_id, ...)`, `group_exposure(store, group_id, ...)`,
            `portfolio(store, profile, as_of, rates, top=20)`
- what-if:  `whatif_facility(store, borrower_id, facility, ...)`,
            `whatif_link(store, link_type, source_id, target_id, props, ...)`
- ownership: `ownership_of(store, company_id, as_of, method)`,
            `beneficial_owners(store, company_id, as_of, threshold_pct, inclusive, method)`,
            `integrated_all(graph)`
- contagion: `record_risk_event(store, party_id, kind, date, ...)`
- currency: `read_rates(paths, reporting, rate_date)`, `default_rates(rate_date)`
"""

from queries.risk.contagion import record_risk_event
from queries.risk.derive import compare_declared, derive_groups
from queries.risk.fx import RateTable, default_rates, read_rates
from queries.risk.ownership import beneficial_owners, integrated_all, ownership_of
from queries.risk.portfolio import exposure_of, group_exposure, portfolio
from queries.risk.profiles import get_profile, load_profiles
from queries.risk.whatif import whatif_facility, whatif_link

__all__ = [
    "RateTable", "beneficial_owners", "compare_declared", "default_rates", "derive_groups", "exposure_of",
    "get_profile", "group_exposure", "integrated_all", "load_profiles", "ownership_of", "portfolio",
    "read_rates", "record_risk_event", "whatif_facility", "whatif_link",
]
