"""How strong a link is, and how to say it in a sentence: written once for views,
introduction paths, leads and portfolio views.

A link's strength is in (0, 1]: a base weight by type and qualifier (board role,
family kind) plus, for ownership, a slope on the share. Both stores rank neighbours
with the same `StrengthRule`, passed to them as parameters, so the per-expansion
cap picks the same neighbours on either store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.store import Link

# Roles that make a person (or a holding company) a key person of a company.
KEY_ROLES: tuple[str, ...] = ("DIRECTOR_OF", "OWNS", "LEGAL_REPRESENTATIVE_OF", "OFFICER_OF")
# Party-to-party links a connected-party view walks by default (groups, RMs and
# facilities are shown as annotations, not as neighbours).
VIEW_TYPES: tuple[str, ...] = (
    *KEY_ROLES, "CONTROLS", "EMPLOYED_BY", "FAMILY", "GUARANTEES", "SUPPLIES", "MANAGES", "REFERRED",
)
# Links an introduction may run along (MANAGES closes the path at the RM).
PATH_TYPES: tuple[str, ...] = (*KEY_ROLES, "CONTROLS", "EMPLOYED_BY", "FAMILY", "REFERRED")
# A party holding key roles in this many companies or more is a hub (a nominee
# director, a registered agent): never a step of an introduction or a lead.
HUB_DEGREE = 50

_BASE: dict[str, float] = {
    "MANAGES": 1.0,
    "OWNS": 0.3,
    "CONTROLS": 0.8,
    "DIRECTOR_OF": 0.7,
    "DIRECTOR_OF:chair": 0.8,
    "DIRECTOR_OF:director": 0.7,
    "DIRECTOR_OF:independent_director": 0.5,
    "DIRECTOR_OF:nominee_director": 0.2,
    "LEGAL_REPRESENTATIVE_OF": 0.8,
    "OFFICER_OF": 0.6,
    "EMPLOYED_BY": 0.3,
    "FAMILY": 0.5,
    "FAMILY:spouse": 0.9,
    "FAMILY:parent": 0.85,
    "FAMILY:child": 0.85,
    "FAMILY:sibling": 0.7,
    "FAMILY:in_law": 0.5,
    "FAMILY:other": 0.4,
    "GUARANTEES": 0.6,
    "SUPPLIES": 0.5,
    "REFERRED": 0.5,
}
_SLOPE: dict[str, float] = {"OWNS": 0.7}  # OWNS: 0.3 + 0.7 x share (a 60% owner 0.72, a 5% owner 0.335)
DEFAULT_WEIGHT = 0.1


@dataclass(frozen=True)
class StrengthRule:
    """strength = base[type:qualifier] (or base[type]) + slope[type] x share_pct / 100."""

    base: Mapping[str, float] = field(default_factory=lambda: dict(_BASE))
    slope: Mapping[str, float] = field(default_factory=lambda: dict(_SLOPE))
    default: float = DEFAULT_WEIGHT


RULE = StrengthRule()


def qualifier(props: Mapping[str, object]) -> str:
    """The property that refines a link's weight: a board role or a family kind."""
    value = props.get("role") or props.get("kind") or ""
    return str(value)


def link_strength(link_type: str, props: Mapping[str, object], rule: StrengthRule = RULE) -> float:
    base = rule.base.get(f"{link_type}:{qualifier(props)}", rule.base.get(link_type, rule.default))
    share = props.get("share_pct")
    slope = rule.slope.get(link_type, 0.0)
    extra = slope * float(share) / 100 if isinstance(share, int | float) else 0.0
    return round(min(1.0, base + extra), 6)


def strength_of(link: Link, rule: StrengthRule = RULE) -> float:
    return link_strength(link.type, link.props, rule)


def phrase(link: Link) -> str:
    """The link read from its source to its target: 'owns 60% of', 'is chair of'."""
    props = link.props
    match link.type:
        case "OWNS":
            return f"owns {_pct(props.get('share_pct'))} of"
        case "DIRECTOR_OF":
            role = str(props.get("role") or "director").replace("_", " ")
            return f"is {role} of"
        case "OFFICER_OF":
            return f"is {props.get('title') or 'an officer'} of"
        case "LEGAL_REPRESENTATIVE_OF":
            return "is legal representative of"
        case "FAMILY":
            return _FAMILY.get(str(props.get("kind")), "is family of")
        case "REFERRED":
            return "referred"
        case "MANAGES":
            return "manages"
    return str(link.type).lower().replace("_", " ")


def sentence(link: Link, source: str, target: str) -> str:
    """The link as a clause: 'Big Owner owns 60% of Hoang Ltd'."""
    if link.type == "REFERRED":
        return f"{source} referred {target} on {link.props.get('date')} ({link.props.get('channel')})"
    return f"{source} {phrase(link)} {target}"


_FAMILY = {"spouse": "is the spouse of", "parent": "is a parent of", "child": "is a child of",
           "sibling": "is a sibling of", "in_law": "is an in-law of"}


def _pct(value: object) -> str:
    if not isinstance(value, int | float):
        return "a share"
    return f"{value:g}%"
