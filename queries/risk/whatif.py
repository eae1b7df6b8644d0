"""What-if: a proposed facility or a proposed link (an acquisition), and the groups, exposure
and headroom that would result. Computed on an in-memory copy of the parties' connected
component; nothing is written to the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.errors import InvalidRequestError
from graph.models import model_for
from graph.settings import Settings, get_settings
from graph.store import GraphStore, Link, Node, valid_on

from .derive import compute
from .fx import RateTable, default_rates
from .portfolio import PartyExposure, party_exposure
from .profiles import get_profile
from .snapshot import GROUP_TYPES, load_around, on_day

PROPOSED = "proposed"


@dataclass
class WhatIf:
    """The same party's exposure before and after the proposal."""

    party_id: str
    before: PartyExposure
    after: PartyExposure
    joined: dict[str, list[str]] = field(default_factory=dict)  # group id -> members the proposal adds
    warnings: list[str] = field(default_factory=list)


def _validated(type_name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check a proposal against the schema model, as a load would."""
    try:
        clean = model_for(type_name).model_validate(dict(fields)).model_dump(exclude_none=True)
    except ValueError as exc:
        raise InvalidRequestError(f"invalid proposed {type_name}: {exc}") from None
    return dict(clean)


def whatif_facility(store: GraphStore, borrower_id: str, facility: Mapping[str, Any], profile: str | None = None,
                    as_of: str | None = None, rates: RateTable | None = None,
                    settings: Settings | None = None) -> WhatIf:
    """facility: Facility fields (facility_type, limit_amount, drawn_amount, currency, ...)."""
    props = _validated("Facility", {"id": f"{PROPOSED}-facility", "source": PROPOSED, **facility})
    fid = props.pop("id")
    if not store.existing_ids("Party", [borrower_id]):
        raise InvalidRequestError(f"no party {borrower_id!r}")
    return _compare(store, borrower_id, [borrower_id], profile, as_of, rates, settings,
                    lambda g: g.add_facility(Node(fid, "Facility", props), [borrower_id]))


def whatif_link(store: GraphStore, link_type: str, source_id: str, target_id: str, props: Mapping[str, Any],
                party_id: str | None = None, profile: str | None = None, as_of: str | None = None,
                rates: RateTable | None = None, settings: Settings | None = None) -> WhatIf:
    """A proposed group link (e.g. OWNS 60% for an acquisition), seen from party_id (default: target)."""
    if link_type not in GROUP_TYPES:
        raise InvalidRequestError(f"a what-if link is one of {', '.join(GROUP_TYPES)}, not {link_type!r}")
    row = {"id": f"{PROPOSED}-link", "source_id": source_id, "target_id": target_id, "source": PROPOSED,
           "source_record_id": PROPOSED, **props}
    clean = _validated(link_type, row)
    missing = {source_id, target_id} - store.existing_ids("Party", [source_id, target_id])
    if missing:
        raise InvalidRequestError(f"no party {', '.join(sorted(missing))}")
    link = Link(str(clean.pop("id")), link_type, clean.pop("source_id"), clean.pop("target_id"), clean)
    if not valid_on(link.props, on_day(as_of)):
        raise InvalidRequestError(f"the proposed link does not hold on {as_of}")
    return _compare(store, party_id or target_id, [source_id, target_id], profile, as_of, rates, settings,
                    lambda g: g.add_link(link))


def _compare(store: GraphStore, party_id: str, seeds: list[str], profile: str | None, as_of: str | None,
             rates: RateTable | None, settings: Settings | None, change: Any) -> WhatIf:
    settings = settings or get_settings()
    prof = get_profile(profile, settings)
    as_of = on_day(as_of)
    rates = rates or default_rates(as_of, settings)
    graph = load_around(store, seeds, as_of)
    before = compute(store, prof, as_of, rates, graph)
    changed = graph.copy()
    change(changed)
    after = compute(store, prof, as_of, rates, changed)
    old = {g.id: set(g.members) for g in before.groups}
    joined = {g.id: sorted(set(g.members) - old.get(g.id, set())) for g in after.groups}
    result = WhatIf(party_id, party_exposure(before, party_id, prof, as_of, rates, settings),
                    party_exposure(after, party_id, prof, as_of, rates, settings),
                    {gid: added for gid, added in joined.items() if added})
    for exposure in [result.after.client, *result.after.groups]:
        if exposure.breach:
            result.warnings.append(f"{exposure.group_id} would be at {exposure.share_pct:.2f}% of capital, "
                                   f"above the {exposure.limit_pct:g}% limit")
    return result
