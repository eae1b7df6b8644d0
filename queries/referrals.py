"""Referrer and lead-source effectiveness.

Per referrer or per source channel, and per period of the referral date (day, week,
month, quarter, year; cohorts): referrals, conversions, conversion rate
(conversions / referrals), value of converted business, commission owed
(the referrer's commission_pct x converted value) and median days from referral to
conversion.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from graph.errors import InvalidRequestError
from graph.store import GraphStore, Link, NodeRow, content_checksum

Period = Literal["day", "week", "month", "quarter", "year"]
By = Literal["referrer", "channel"]
PERIODS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")


class ReferralStats(BaseModel):
    key: str
    name: str
    period: str | None
    referrals: int
    conversions: int
    lost: int
    open: int
    conversion_rate: float
    converted_value: float
    commission: float
    median_days_to_convert: float | None


def period_of(date: str, period: Period | None) -> str | None:
    """The label of the period a date falls in: 2025-03-14 -> 2025-W11, 2025-03, 2025-Q1, 2025."""
    if period is None:
        return None
    day = dt.date.fromisoformat(date[:10])
    match period:
        case "day":
            return day.isoformat()
        case "week":
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"
        case "month":
            return f"{day.year}-{day.month:02d}"
        case "quarter":
            return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        case "year":
            return str(day.year)
    raise InvalidRequestError(f"period must be one of {', '.join(PERIODS)}")


@dataclass
class _Tally:
    name: str
    referrals: int = 0
    conversions: int = 0
    lost: int = 0
    value: float = 0.0
    commission: float = 0.0
    days: list[int] = field(default_factory=list)

    def add(self, link: Link, commission_pct: float) -> None:
        self.referrals += 1
        outcome = link.props.get("outcome")
        if outcome == "lost":
            self.lost += 1
        if outcome != "converted":
            return
        self.conversions += 1
        value = float(link.props.get("value") or 0.0)
        self.value += value
        self.commission += value * commission_pct / 100
        done = link.props.get("outcome_date")
        if done:
            self.days.append((dt.date.fromisoformat(str(done)) - dt.date.fromisoformat(str(link.props["date"]))).days)

    def stats(self, key: str, period: str | None) -> ReferralStats:
        return ReferralStats(
            key=key, name=self.name, period=period, referrals=self.referrals, conversions=self.conversions,
            lost=self.lost, open=self.referrals - self.conversions - self.lost,
            conversion_rate=round(self.conversions / self.referrals, 4) if self.referrals else 0.0,
            converted_value=round(self.value, 2), commission=round(self.commission, 2),
            median_days_to_convert=float(statistics.median(self.days)) if self.days else None,
        )


def _in_range(link: Link, date_from: str | None, date_to: str | None) -> bool:
    date = str(link.props.get("date") or "")
    return bool(date) and (date_from is None or date >= date_from) and (date_to is None or date <= date_to)


def referral_report(store: GraphStore, by: By = "referrer", period: Period | None = None,
                    date_from: str | None = None, date_to: str | None = None) -> list[ReferralStats]:
    """One row per referrer (or channel) and period, ordered by key then period."""
    if by not in ("referrer", "channel"):
        raise InvalidRequestError("by must be referrer or channel")
    if period is not None and period not in PERIODS:
        raise InvalidRequestError(f"period must be one of {', '.join(PERIODS)}")
    referrers = {n.id: n for n in store.iter_nodes("Referrer")}
    tallies: dict[tuple[str, str | None], _Tally] = {}
    for link in _referrals(store, date_from, date_to):
        referrer = referrers.get(link.source)
        pct = float(referrer.props.get("commission_pct") or 0.0) if referrer else 0.0
        if by == "referrer":
            key, name = link.source, str(referrer.props.get("name", link.source)) if referrer else link.source
        else:
            key = name = str(link.props.get("channel"))
        slot = (key, period_of(str(link.props["date"]), period))
        tallies.setdefault(slot, _Tally(name=name)).add(link, pct)
    return [tallies[k].stats(k[0], k[1]) for k in sorted(tallies, key=lambda k: (k[0], k[1] or ""))]


def _referrals(store: GraphStore, date_from: str | None, date_to: str | None) -> Iterable[Link]:
    return (x for x in store.iter_links(["REFERRED"]) if _in_range(x, date_from, date_to))


@dataclass(frozen=True)
class ReferrerRecord:
    """A referrer's track record: what introduction paths weigh a referral by."""

    referrals: int
    conversions: int
    lost: int
    rm_id: str | None

    @property
    def rate(self) -> float:
        """Smoothed conversion rate: (conversions + 1) / (decided + 2)."""
        return (self.conversions + 1) / (self.conversions + self.lost + 2)


def record_id(referrer_id: str, as_of: str | None) -> str:
    return f"rrec:{referrer_id}:{as_of or 'all'}"


def compute_records(store: GraphStore, referrer_ids: Sequence[str], as_of: str | None) -> dict[str, ReferrerRecord]:
    """Track records from the REFERRED links themselves (and the RMs of converted referrals)."""
    sent: dict[str, list[Link]] = {r: [] for r in referrer_ids}
    for link in store.links_of(list(referrer_ids), ["REFERRED"], "out", as_of):
        if link.source in sent:
            sent[link.source].append(link)
    won = {r: sorted({x.target for x in links if x.props.get("outcome") == "converted"}) for r, links in sent.items()}
    managers: dict[str, list[str]] = {}
    targets = sorted({t for ts in won.values() for t in ts})
    for link in store.links_of(targets, ["MANAGES"], "in", as_of) if targets else []:
        managers.setdefault(link.target, []).append(link.source)
    out = {}
    for referrer, links in sent.items():
        votes: dict[str, int] = {}
        for target in won[referrer]:
            for rm in managers.get(target, []):
                votes[rm] = votes.get(rm, 0) + 1
        out[referrer] = ReferrerRecord(
            referrals=len(links), conversions=sum(1 for x in links if x.props.get("outcome") == "converted"),
            lost=sum(1 for x in links if x.props.get("outcome") == "lost"),
            rm_id=min(votes, key=lambda r: (-votes[r], r)) if votes else None,
        )
    return out


def referrer_records(store: GraphStore, referrer_ids: Sequence[str], as_of: str | None) -> dict[str, ReferrerRecord]:
    """Stored records (refresh_referrer_records) where there are, computed ones for the rest."""
    nodes = store.get_nodes([record_id(r, as_of) for r in referrer_ids])
    stored = {str(n.props["referrer_id"]): n.props for n in nodes}
    out = {
        r: ReferrerRecord(int(p["referrals"]), int(p["conversions"]), int(p["lost"]), p.get("rm_id"))
        for r, p in stored.items()
    }
    missing = [r for r in referrer_ids if r not in out]
    return {**out, **(compute_records(store, missing, as_of) if missing else {})}


def refresh_referrer_records(store: GraphStore, as_of: str | None = None) -> int:
    """Recompute and store every referrer's record as of a date; run after each load."""
    referrers = sorted(n.id for n in store.iter_nodes("Referrer"))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rows = []
    for referrer, rec in compute_records(store, referrers, as_of).items():
        props: dict[str, object] = {
            "referrer_id": referrer, "as_of": as_of or "all", "referrals": rec.referrals,
            "conversions": rec.conversions, "lost": rec.lost, "rm_id": rec.rm_id, "computed_at": now, "source": "kith",
        }
        clean = {k: v for k, v in props.items() if v is not None}
        rows.append(NodeRow(id=record_id(referrer, as_of), props=clean, checksum=content_checksum(clean)))
    store.write_nodes("ReferrerRecord", rows)
    return len(rows)
