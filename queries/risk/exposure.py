"""Exposure: per facility drawn + CCF x undrawn, converted to the reporting currency; per
group the sum over the distinct facilities of its members, against the profile's capital
and limit on the as-of date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.settings import Settings
from graph.store import record

from .fx import RateTable
from .groups import DerivedGroup
from .profiles import LimitProfile
from .snapshot import RiskGraph


@record  # one a facility and one a member of every group: built by the hundred thousand
class FacilityExposure:
    facility_id: str
    facility_type: str
    currency: str
    limit_amount: float
    drawn_amount: float
    ccf: float
    exposure: float  # in the facility currency
    rate: float
    rate_date: str | None
    exposure_reporting: float


@record  # one a facility and one a member of every group: built by the hundred thousand
class MemberExposure:
    party_id: str
    rule: str
    reason: str
    facilities: tuple[FacilityExposure, ...]
    total: float


@dataclass
class GroupExposure:
    group_id: str
    anchor_id: str
    profile: str
    as_of: str
    currency: str
    members: list[MemberExposure]
    total: float
    capital: float
    capital_base: str
    share_pct: float
    limit_pct: float
    large: bool
    breach: bool
    headroom: float  # reporting currency left under the limit (negative when breached)
    notes: list[str] = field(default_factory=list)


def facility_exposure(node_id: str, props: Mapping[str, object], profile: LimitProfile,
                      rates: RateTable) -> FacilityExposure:
    limit = float(props.get("limit_amount") or 0)  # type: ignore[arg-type]
    drawn = float(props.get("drawn_amount") or 0)  # type: ignore[arg-type]
    kind, currency = str(props.get("facility_type")), str(props.get("currency"))
    ccf = profile.ccf_for(kind)
    # Over-drawn facilities count what is drawn: the undrawn part is never negative.
    amount = drawn + ccf * max(limit - drawn, 0.0)
    unit = rates.rate(currency)  # rates.convert, without a Conversion a facility
    return FacilityExposure(node_id, kind, currency, limit, drawn, ccf, amount, unit.rate, unit.rate_date,
                            amount * unit.rate)


@dataclass
class ExposureBook:
    """Every facility's exposure and every party's facilities, computed once per snapshot.
    A party's total and its sorted facilities are worked out once and kept: the job uses
    them for guarantees, the group rows and the portfolio view (156,000 borrowers and
    308,000 memberships on the 1,000,000-party bank)."""

    facilities: dict[str, FacilityExposure]
    by_party: dict[str, list[str]]
    _totals: dict[str, float] | None = field(default=None, repr=False, compare=False)
    _own: dict[str, tuple[tuple[FacilityExposure, ...], float]] = field(default_factory=dict, repr=False,
                                                                         compare=False)

    @classmethod
    def build(cls, graph: RiskGraph, profile: LimitProfile, rates: RateTable) -> ExposureBook:
        facilities = {fid: facility_exposure(fid, node.props, profile, rates) for fid, node in graph.facilities.items()}
        return cls(facilities, graph.facilities_by_party())

    def party_total(self, party: str) -> float:
        return self.party_totals().get(party, 0.0)

    def party_totals(self) -> dict[str, float]:
        """party -> its own exposure (a mapping shared by every caller: do not change it)."""
        if self._totals is None:
            facilities = self.facilities
            self._totals = {party: sum(facilities[f].exposure_reporting for f in ids)
                            for party, ids in self.by_party.items()}
        return self._totals

    def own(self, party: str) -> tuple[tuple[FacilityExposure, ...], float]:
        """A party's facilities sorted by id, and their total in that order."""
        found = self._own.get(party)
        if found is None:
            facilities = tuple(self.facilities[f] for f in sorted(self.by_party.get(party, ())))
            found = self._own[party] = (facilities, sum(f.exposure_reporting for f in facilities))
        return found

    def total(self, parties: Iterable[str]) -> float:
        """Exposure to a set of parties: a facility shared by two members counts once."""
        ids = {f for p in parties for f in self.by_party.get(p, ())}
        return sum(self.facilities[f].exposure_reporting for f in ids)


def today() -> str:
    return dt.date.today().isoformat()


def assess(group: DerivedGroup, book: ExposureBook, profile: LimitProfile, as_of: str | None,
           currency: str, settings: Settings | None = None) -> GroupExposure:
    """A group's exposure against the profile's capital and group limit on the as-of date."""
    day = as_of or today()
    own = book.own
    members = [MemberExposure(party, m.rule, m.reason, *own(party)) for party, m in sorted(group.members.items())]
    total = book.total(group.members)
    return _judge(group.id, group.anchor_id, members, total, profile, day, currency,
                  profile.group_limit_pct(day), settings)


def assess_single(party: str, book: ExposureBook, profile: LimitProfile, as_of: str | None,
                  currency: str, settings: Settings | None = None) -> GroupExposure:
    """One client on its own, against the single-client limit."""
    day = as_of or today()
    facilities, total = book.own(party)
    member = MemberExposure(party, "client", "the client itself", facilities, total)
    return _judge(party, party, [member], total, profile, day, currency, profile.single_limit_pct(day), settings)


def _judge(gid: str, anchor: str, members: list[MemberExposure], total: float, profile: LimitProfile,
           day: str, currency: str, limit_pct: float, settings: Settings | None) -> GroupExposure:
    capital = profile.capital(settings)
    share = 100.0 * total / capital if capital else float("inf")
    return GroupExposure(
        group_id=gid, anchor_id=anchor, profile=profile.name, as_of=day, currency=currency, members=members,
        total=total, capital=capital, capital_base=profile.capital_base, share_pct=share, limit_pct=limit_pct,
        large=share >= profile.large_exposure_pct, breach=share > limit_pct,
        headroom=capital * limit_pct / 100.0 - total,
    )
