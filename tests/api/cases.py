"""One request per endpoint key of api.policy, on the small bank (tests/api/bank.py)."""

from __future__ import annotations

from typing import Any

Case = tuple[str, str, dict[str, Any] | None]


def cases(ids: dict[str, str]) -> dict[str, Case]:
    own, other = ids["group_own"], ids["group_other"]
    return {
        "party.search": ("GET", "/parties?q=nguyen", None),
        "party.get": ("GET", "/parties/p-big", None),
        "party.view": ("GET", "/parties/c-hoang/view?depth=2", None),
        "party.network": ("GET", "/parties/c-hoang/network?depth=1", None),
        "party.view.export": ("GET", "/parties/c-hoang/view.html", None),
        "group.get": ("GET", f"/groups/{own}", None),
        "group.exposure": ("GET", f"/groups/{other}/exposure", None),
        "group.exposure.export": ("GET", f"/groups/{own}/exposure.csv", None),
        "portfolio.large": ("GET", "/portfolio/large-exposures", None),
        "portfolio.large.export": ("GET", "/portfolio/large-exposures.xlsx", None),
        "group.differences": ("GET", "/portfolio/group-differences", None),
        "group.differences.export": ("GET", "/portfolio/group-differences.csv", None),
        "company.ownership": ("GET", "/companies/c-sub/ownership", None),
        "company.beneficial_owners": ("GET", "/companies/c-sub/beneficial-owners?threshold_pct=10", None),
        "whatif": ("POST", "/whatif/facility", {"borrower_id": "c-hoang", "facility": {
            "facility_type": "term_loan", "limit_amount": 5e6, "drawn_amount": 0.0, "currency": "USD"}}),
        "contagion.record": ("POST", "/risk-events", {"party_id": "c-other", "kind": "default", "date": "2026-11-02"}),
        "path.intro": ("GET", "/parties/c-other/intro-paths", None),
        "leads.list": ("GET", "/leads", None),
        "leads.export": ("GET", "/leads/export.csv", None),
        "referrals.report": ("GET", "/referrals/effectiveness?by=channel&period=month", None),
        "dedup.candidates": ("GET", "/dedup/candidates", None),
        "dedup.judge": ("POST", "/dedup/judgements", {"a": "e-00", "b": "e-01", "decision": "different"}),
        "prospect.check": ("POST", "/prospects/check", {"type": "Person", "name": "Nguyen Van An",
                                                          "national_id": "079 070 000 123"}),
        "ingest.runs": ("GET", "/ingest/runs/run-1", None),
        "ingest.rejects": ("GET", "/ingest/runs/run-1/rejects", None),
        "rm.portfolio": ("GET", "/rms/rm-anna/portfolio", None),
        "tasks.list": ("GET", "/tasks", None),
        "tasks.close": ("POST", f"/tasks/{ids['task_anna']}/close", {"outcome": "done"}),
        "audit.query": ("GET", "/admin/audit", None),
        "audit.export": ("GET", "/admin/audit.csv", None),
        "admin.users": ("GET", "/admin/users", None),
        "admin.tokens": ("POST", "/admin/tokens", {"user": "new", "role": "risk"}),
    }
