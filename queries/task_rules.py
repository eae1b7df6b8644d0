"""Thresholds that become tasks for the responsible RM (issue 5), on queries/tasks.py.

Each rule fires once per rule + subject + period (the Task key), so a reload that
finds the same fact again makes no second task, and a closed task stays closed.
- exposure_warning: a group's exposure at or above a warning share of its limit;
  subject the group, period the month of the figures; RM = who manages most members.
- new_group_link: a customer linked to a party of a group the customer is not in;
  subject the customer, period "group:<id>".
- stale_referral: a referral still open more than N days after its date; subject the
  referred party, period "referral:<link id>".
- plan_deviation: an RM's plan for a client off the actual by more than a share;
  subject the client, period "<plan period>:<metric>".
A risk event at a connected party is issue 4's contagion rule (queries/risk), which
raises its own tasks through the same model; the workbench lists them beside these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel

from graph.store import GraphStore, Link
from queries.links import sentence
from queries.referrals import referrer_records
from queries.tasks import TaskSpec, raise_tasks

if TYPE_CHECKING:
    from queries.risk.fx import RateTable

# Links that tie a customer's credit risk to a group: ownership, control, guarantees, supply.
GROUP_LINK_TYPES: tuple[str, ...] = ("OWNS", "CONTROLS", "GUARANTEES", "SUPPLIES")
WARNING_SHARE = 0.8
STALE_DAYS = 30
PLAN_DEVIATION = 0.2


class GroupExposure(BaseModel):
    """Exposure figures of one group (issue 4's exposure calculation, or a loaded report)."""

    group_id: str
    exposure: float
    limit: float
    as_of: str
    currency: str = "USD"


def exposures_from_risk(store: GraphStore, as_of: str, profile: str | None = None,
                        rates: RateTable | None = None) -> list[GroupExposure]:
    """The groups' exposure figures from issue 4's portfolio (queries.risk), limit = limit_pct x capital."""
    from queries.risk.portfolio import portfolio

    book = portfolio(store, profile, as_of, rates, top=0)
    return [
        GroupExposure(group_id=g.group_id, exposure=g.total, limit=g.capital * g.limit_pct / 100, as_of=as_of,
                      currency=g.currency)
        for g in book.groups if g.capital > 0 and g.limit_pct > 0
    ]


def _names(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    return {n.id: str(n.props.get("name", n.id)) for n in store.get_nodes(sorted(set(ids)))}


def _rm_of(store: GraphStore, party_ids: Sequence[str], as_of: str | None) -> str | None:
    """The RM who manages most of these parties (ties by id)."""
    votes: dict[str, int] = {}
    for link in store.links_of(list(party_ids), ["MANAGES"], "in", as_of):
        votes[link.source] = votes.get(link.source, 0) + 1
    return min(votes, key=lambda r: (-votes[r], r)) if votes else None


def exposure_warning_tasks(store: GraphStore, exposures: Sequence[GroupExposure],
                           warning_share: float = WARNING_SHARE) -> list[str]:
    specs = []
    names = _names(store, [e.group_id for e in exposures])
    for item in exposures:
        if item.limit <= 0 or item.exposure < warning_share * item.limit:
            continue
        members = [x.source for x in store.links_of([item.group_id], ["MEMBER_OF"], "in", item.as_of)]
        share = item.exposure / item.limit
        name = names.get(item.group_id, item.group_id)
        specs.append(TaskSpec(
            rule="exposure_warning", subject_id=item.group_id, period=item.as_of[:7],
            rm_id=_rm_of(store, members, item.as_of), title=f"Group {name} at {share:.0%} of its limit",
            reason=(f"Exposure {item.exposure:,.0f} {item.currency} against a limit of {item.limit:,.0f} "
                    f"{item.currency} on {item.as_of}: {share:.1%}, above the warning share of {warning_share:.0%}."),
        ))
    return raise_tasks(store, specs)


def new_group_link_tasks(store: GraphStore, as_of: str | None = None,
                         types: Sequence[str] = GROUP_LINK_TYPES) -> list[str]:
    customers = sorted(n.id for n in store.find_nodes("Party", "status", ["customer"]))
    if not customers:
        return []
    own = _groups(store.links_of(customers, ["MEMBER_OF"], "out", as_of))
    links = store.links_of(customers, list(types), "both", as_of)
    others = sorted({i for x in links for i in (x.source, x.target)})
    their = _groups(store.links_of(others, ["MEMBER_OF"], "out", as_of)) if others else {}
    rms = {x.target: x.source for x in sorted(store.links_of(customers, ["MANAGES"], "in", as_of), key=lambda x: x.id)}
    names = _names(store, [*customers, *others, *{g for gs in their.values() for g in gs}])
    specs: dict[tuple[str, str], TaskSpec] = {}
    customer_set = set(customers)
    for link in sorted(links, key=lambda x: x.id):
        for customer, other in ((link.source, link.target), (link.target, link.source)):
            if customer not in customer_set:
                continue
            for group in sorted(their.get(other, set()) - own.get(customer, set())):
                specs.setdefault((customer, group), _group_link_spec(link, customer, group, rms.get(customer), names))
    return raise_tasks(store, list(specs.values()))


def _group_link_spec(link: Link, customer: str, group: str, rm: str | None, names: dict[str, str]) -> TaskSpec:
    def name(node_id: str) -> str:
        return names.get(node_id, node_id)

    return TaskSpec(
        rule="new_group_link", subject_id=customer, period=f"group:{group}", rm_id=rm,
        title=f"{name(customer)} is linked to group {name(group)}",
        reason=(f"{sentence(link, name(link.source), name(link.target))}, a member of group {name(group)}; "
                f"{name(customer)} is not in that group. Check whether the group should include it."),
    )


def _groups(links: Iterable[Link]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for link in links:
        out.setdefault(link.source, set()).add(link.target)
    return out


def stale_referral_tasks(store: GraphStore, as_of: str, max_days: int = STALE_DAYS) -> list[str]:
    cutoff = (dt.date.fromisoformat(as_of) - dt.timedelta(days=max_days)).isoformat()
    stale = [x for x in store.iter_links(["REFERRED"]) if x.props.get("outcome") == "open"
             and str(x.props.get("date")) < cutoff]
    names = _names(store, [i for x in stale for i in (x.source, x.target)])
    specs = []
    for link in sorted(stale, key=lambda x: x.id):
        days = (dt.date.fromisoformat(as_of) - dt.date.fromisoformat(str(link.props["date"]))).days
        rm = _rm_of(store, [link.target], as_of) or referrer_records(store, [link.source], as_of)[link.source].rm_id
        specs.append(TaskSpec(
            rule="stale_referral", subject_id=link.target, period=f"referral:{link.id}", rm_id=rm,
            title=f"Referral of {names.get(link.target, link.target)} open for {days} days",
            reason=(f"{names.get(link.source, link.source)} referred {names.get(link.target, link.target)} on "
                    f"{link.props['date']} ({link.props.get('channel')}); still open on {as_of}, "
                    f"more than {max_days} days."),
        ))
    return raise_tasks(store, specs)


def plan_deviation_tasks(store: GraphStore, max_deviation: float = PLAN_DEVIATION,
                         as_of: str | None = None) -> list[str]:
    plans = [p for p in store.iter_nodes("PlanTarget") if isinstance(p.props.get("actual"), int | float)]
    names = _names(store, [str(p.props["party_id"]) for p in plans])
    specs = []
    for plan in sorted(plans, key=lambda p: p.id):
        props = plan.props
        planned, actual = float(props["planned"]), float(props["actual"])
        deviation = (actual - planned) / planned if planned else (1.0 if actual else 0.0)
        if abs(deviation) <= max_deviation:
            continue
        party = str(props["party_id"])
        rm = props.get("rm_id") or _rm_of(store, [party], as_of)
        word = "above" if deviation > 0 else "below"
        specs.append(TaskSpec(
            rule="plan_deviation", subject_id=party, period=f"{props['period']}:{props['metric']}",
            rm_id=str(rm) if rm else None,
            title=f"{names.get(party, party)}: {props['metric']} {abs(deviation):.0%} {word} plan",
            reason=(f"Plan {planned:,.0f}, actual {actual:,.0f} for {props['period']} ({props['metric']}): "
                    f"{deviation:+.1%}, beyond the allowed {max_deviation:.0%}."),
        ))
    return raise_tasks(store, specs)


def run_task_rules(store: GraphStore, as_of: str, exposures: Sequence[GroupExposure] = (),
                   stale_days: int = STALE_DAYS) -> dict[str, list[str]]:
    """Every issue-5 rule once; returns the ids of the tasks each rule created now."""
    return {
        "exposure_warning": exposure_warning_tasks(store, exposures),
        "new_group_link": new_group_link_tasks(store, as_of),
        "stale_referral": stale_referral_tasks(store, as_of, stale_days),
        "plan_deviation": plan_deviation_tasks(store, as_of=as_of),
    }
