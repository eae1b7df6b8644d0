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
        "rm.portfolio": ("GET", "/rms/rm-anna/portfolio", None),
        "tasks.list": ("GET", "/tasks", None),
        "tasks.close": ("POST", f"/tasks/{ids['task_anna']}/close", {"outcome": "done"}),
        "audit.query": ("GET", "/admin/audit", None),
        "audit.export": ("GET", "/admin/audit.csv", None),
        "admin.tokens": ("POST", "/admin/tokens", {"user": "new", "role": "risk"}),
    }
