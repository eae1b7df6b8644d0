"""Each task rule fires once per rule + subject + period, not on every reload."""

from __future__ import annotations

from typing import Any

from queries.task_rules import GroupExposure, run_task_rules
from queries.workbench import close, workbench
from tests.views.build import small_bank

AS_OF = "2026-01-15"
EXPOSURES = [
    GroupExposure(group_id="g-hoang", exposure=90.0, limit=100.0, as_of=AS_OF),
    GroupExposure(group_id="g-none", exposure=10.0, limit=100.0, as_of=AS_OF),
]


def _bank_with_plans(store: Any) -> None:
    b = small_bank(store)
    b.node("PlanTarget", "plan-hoang-2025", party_id="c-hoang", metric="revenue", period="2025", planned=100.0,
           actual=70.0)
    b.node("PlanTarget", "plan-minh-2025", party_id="c-minh", metric="revenue", period="2025", planned=100.0,
           actual=110.0)
    b.node("PlanTarget", "plan-an-2026", party_id="c-an", metric="volume", period="2026", planned=100.0)


def _tasks(store: Any) -> dict[str, tuple[str, str, str | None]]:
    return {n.id: (n.props["rule"], n.props["subject_id"], n.props.get("rm_id")) for n in store.iter_nodes("Task")}


def test_each_rule_fires_once(store: Any) -> None:
    _bank_with_plans(store)
    first = run_task_rules(store, AS_OF, EXPOSURES)
    assert {rule: len(ids) for rule, ids in first.items()} == {
        "exposure_warning": 1, "new_group_link": 1, "stale_referral": 1, "plan_deviation": 1,
    }
    assert sorted(_tasks(store).values()) == [
        ("exposure_warning", "g-hoang", "rm-anna"),   # 90% of the limit, warning share 80%
        ("new_group_link", "c-minh", "rm-bao"),       # c-minh guarantees c-hoang of g-hoang
        ("plan_deviation", "c-hoang", "rm-anna"),     # 70 against 100: -30%, beyond 20%
        ("stale_referral", "x-target", "rm-bao"),     # open since 2024-06-01; Bao has r-one's conversions
    ]
    before = _tasks(store)
    second = run_task_rules(store, AS_OF, EXPOSURES)  # a reload finds the same facts
    assert all(ids == [] for ids in second.values())
    assert _tasks(store) == before


def test_closed_task_stays_closed_and_new_period_fires_again(store: Any) -> None:
    _bank_with_plans(store)
    run_task_rules(store, AS_OF, EXPOSURES)
    bench = workbench(store, "rm-anna")
    assert bench.by_rule == {"exposure_warning": 1, "plan_deviation": 1}
    warning = next(t for t in bench.tasks if t.rule == "exposure_warning")
    assert "90.0%" in warning.reason and warning.subject.name == "Hoang Group"
    closed = close(store, warning.id, "limit increase requested", "anna")
    assert closed.status == "closed" and closed.outcome == "limit increase requested"
    assert run_task_rules(store, AS_OF, EXPOSURES)["exposure_warning"] == []
    assert workbench(store, "rm-anna").by_rule == {"plan_deviation": 1}
    next_month = [e.model_copy(update={"as_of": "2026-02-15"}) for e in EXPOSURES]
    assert len(run_task_rules(store, "2026-02-15", next_month)["exposure_warning"]) == 1
