"""How links are shown in reasons and stored in paths: one place, so a reason in the
database, in the API and in a test reads the same. Each link carries its source system and
source record, so an examiner can go from a membership back to the rows it rests on."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from graph.store import Link

_ID_PREFIX = "grp-"


@functools.lru_cache(maxsize=1 << 16)
def pct(value: float) -> str:
    """A percentage for reasons: up to 4 significant decimals, no float noise. Cached: a
    bank's shares repeat (round figures), and round() is most of the cost of a reason."""
    return f"{round(value, 4):g}%"


def describe(link: Link) -> str:
    p = link.props
    if link.type == "OWNS":
        votes = p.get("voting_pct")
        extra = f" (votes {pct(float(votes))})" if votes is not None and votes != p.get("share_pct") else ""
        text = f"{link.source} owns {pct(float(p.get('share_pct') or 0))} of {link.target}{extra}"
    elif link.type == "CONTROLS":
        text = f"{link.source} controls {link.target} ({p.get('basis')})"
    elif link.type == "SUPPLIES":
        share = pct(float(p.get("share_of_receipts") or 0))
        text = f"{link.source} receives {share} of its receipts from {link.target}"
    elif link.type == "GUARANTEES":
        text = f"{link.source} guarantees {link.target} for {p.get('amount')} {p.get('currency')}"
    elif link.type == "FAMILY":
        text = f"{link.source} and {link.target} are family ({p.get('kind')})"
    else:
        text = f"{link.source} {link.type} {link.target}"
    return f"{text} [{p.get('source')}:{p.get('source_record_id')}]"


_KEPT = ("share_pct", "voting_pct", "basis", "share_of_receipts", "amount", "currency", "kind",
         "valid_from", "valid_to", "source", "source_record_id")


def path_entry(link: Link) -> dict[str, Any]:
    """A link as stored in MEMBER_OF.path: id, type, ends and the properties that matter."""
    entry: dict[str, Any] = {"id": link.id, "type": link.type, "from": link.source, "to": link.target}
    props = link.props
    for key in _KEPT:
        if (value := props.get(key)) is not None:
            entry[key] = value
    return entry


def path_json(links: Iterable[Link]) -> list[dict[str, Any]]:
    return [path_entry(link) for link in links]


def group_id(profile: str, anchor_id: str) -> str:
    """Stable id of a derived group: the profile and the party it is built around."""
    plain = f"{_ID_PREFIX}{profile}-{anchor_id}"
    if len(plain) <= 128:
        return plain
    digest = hashlib.blake2b(anchor_id.encode(), digest_size=10).hexdigest()
    return f"{_ID_PREFIX}{profile}-{digest}"


def member_link_id(profile: str, group: str, party_id: str) -> str:
    """Stable id of a derived membership; the profile prefix lets the job find its own.

    The group's own part comes before the digest of the pair, so the memberships of one
    group sit side by side in the id index: the job writes them group by group, and on
    the 1,000,000-party bank the server spends 2-3 of its 19 core-seconds less on those
    index inserts than with the digest alone (spread over the whole index)."""
    return member_ids(profile, group)(party_id)


def member_ids(profile: str, group: str) -> Callable[[str], str]:
    """member_link_id for one group's members, its common part worked out once."""
    prefix = member_prefix(profile)
    head = f"{prefix}{group.removeprefix(group_prefix(profile))}:"
    blake2b = hashlib.blake2b

    def member_id(party_id: str) -> str:
        digest = blake2b(f"{group}|{party_id}".encode(), digest_size=10).hexdigest()
        grouped = head + digest
        return grouped if len(grouped) <= 128 else prefix + digest

    return member_id


def member_prefix(profile: str) -> str:
    return f"mo-{profile}-"


def group_prefix(profile: str) -> str:
    return f"{_ID_PREFIX}{profile}-"
