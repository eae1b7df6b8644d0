"""Exposure questions: a party's groups with their exposure, and the whole portfolio sorted
by exposure with its largest exposures and limit breaches."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.memory import pauses_collector
from graph.settings import Settings, get_settings
from graph.store import GraphStore

from .derive import Derivation, compute
from .exposure import GroupExposure, assess, assess_single, today
from .fx import RateTable, default_rates
from .profiles import LimitProfile, get_profile
from .snapshot import RiskGraph, load_around, on_day


@dataclass
class Portfolio:
    profile: str
    as_of: str | None
    currency: str
    capital: float
    groups: list[GroupExposure]  # every group, largest exposure first
    large: list[GroupExposure]  # the top large exposures (groups and clients outside any group)
    breaches: list[GroupExposure]  # groups above the group limit, clients above the single-client limit
    notes: list[str] = field(default_factory=list)


@dataclass
class PartyExposure:
    party_id: str
    client: GroupExposure  # the party alone, against the single-client limit
    groups: list[GroupExposure]  # every group the party belongs to


def _context(profile: str | None, as_of: str | None, rates: RateTable | None,
             settings: Settings | None) -> tuple[Settings, LimitProfile, RateTable]:
    settings = settings or get_settings()
    return settings, get_profile(profile, settings), rates or default_rates(as_of, settings)


def portfolio(store: GraphStore, profile: str | None = None, as_of: str | None = None, rates: RateTable | None = None,
              top: int = 20, settings: Settings | None = None, graph: RiskGraph | None = None) -> Portfolio:
    as_of = on_day(as_of)
    settings, prof, rates = _context(profile, as_of, rates, settings)
    result = compute(store, prof, as_of, rates, graph)
    return build_portfolio(result, prof, as_of, rates, settings, top)


@pauses_collector
def build_portfolio(result: Derivation, prof: LimitProfile, as_of: str | None, rates: RateTable,
                    settings: Settings, top: int = 20) -> Portfolio:
    groups = [assess(g, result.book, prof, as_of, rates.reporting, settings) for g in result.groups]
    clients = _flagged_clients(result, prof, as_of, rates, settings)
    grouped = {p for g in result.groups for p in g.members}
    alone = [c for c in clients if c.anchor_id not in grouped]
    groups.sort(key=lambda g: (-g.total, g.group_id))
    large = sorted((e for e in [*groups, *alone] if e.large), key=lambda e: (-e.total, e.group_id))[:top]
    breaches = sorted((e for e in [*groups, *clients] if e.breach), key=lambda e: (-e.share_pct, e.group_id))
    return Portfolio(prof.name, as_of, rates.reporting, prof.capital(settings), groups, large, breaches)


def _flagged_clients(result: Derivation, prof: LimitProfile, as_of: str | None, rates: RateTable,
                     settings: Settings) -> list[GroupExposure]:
    """Borrowers on their own that could be large or in breach (share of capital at least the
    lower of the two thresholds): the portfolio shows no other single client, and assessing
    every borrower in full only to drop it cost more than all the groups together."""
    capital = prof.capital(settings)
    floor = min(prof.large_exposure_pct, prof.single_limit_pct(as_of or today()))
    book = result.book
    chosen = [p for p in sorted(book.by_party)
              if not capital or 100.0 * book.party_total(p) / capital >= floor]
    return [assess_single(p, book, prof, as_of, rates.reporting, settings) for p in chosen]


def exposure_of(store: GraphStore, party_id: str, profile: str | None = None, as_of: str | None = None,
                rates: RateTable | None = None, settings: Settings | None = None) -> PartyExposure:
    """A party alone and in each of its groups, computed live from its connected component."""
    as_of = on_day(as_of)
    settings, prof, rates = _context(profile, as_of, rates, settings)
    result = compute(store, prof, as_of, rates, load_around(store, [party_id], as_of))
    return party_exposure(result, party_id, prof, as_of, rates, settings)


def party_exposure(result: Derivation, party_id: str, prof: LimitProfile, as_of: str | None,
                   rates: RateTable, settings: Settings) -> PartyExposure:
    mine = [g for g in result.groups if party_id in g.members]
    groups = [assess(g, result.book, prof, as_of, rates.reporting, settings) for g in mine]
    client = assess_single(party_id, result.book, prof, as_of, rates.reporting, settings)
    return PartyExposure(party_id, client, sorted(groups, key=lambda g: (-g.total, g.group_id)))


def group_exposure(store: GraphStore, group_id: str, profile: str | None = None, as_of: str | None = None,
                   rates: RateTable | None = None, settings: Settings | None = None) -> GroupExposure | None:
    """A derived group by id (grp-PROFILE-ANCHOR), recomputed live around its anchor under the
    profile it was derived with (unless another is asked for)."""
    stored = store.get_nodes([group_id])
    props = stored[0].props if stored else {}
    anchor = str(props["anchor_id"]) if props.get("anchor_id") else None
    if anchor is None:
        return None
    settings, prof, rates = _context(profile or props.get("profile"), as_of, rates, settings)
    found = exposure_of(store, anchor, prof.name, as_of, rates, settings)
    return next((g for g in found.groups if g.group_id == group_id), None)
