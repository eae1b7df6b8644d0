"""Blocking: only records sharing a key are compared, so cost grows with the number of
records, not its square. Keys never cross party kinds. A block larger than the cap
(a hub: a very common name in one birth year) is not compared all-to-all; it is sorted
by name and each record compared with its next `window` neighbours only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from ingest.resolution.normal import Rec

CAP = 40
WINDOW = 8


def keys(rec: Rec) -> Iterator[str]:
    kind = rec.kind[0]
    for field, value in rec.ids.items():
        yield f"{kind}i{field}|{value}"
    if rec.skel:
        yield f"{kind}n|{' '.join(rec.skel)}"
        yield f"{kind}c|{rec.compact}"
        if len(rec.skel) >= 2:
            yield f"{kind}p|{' '.join(t[:3] for t in rec.skel)}"
    year = rec.date[0] if rec.date else ""
    for token in set(rec.skel):
        if len(token) >= 2:
            yield f"{kind}t|{token}|{year}"
            if year:
                yield f"{kind}t|{token}|"
    if rec.date:
        yield f"{kind}d|{''.join(rec.date)}"
    initial = rec.skel[0][:1] if rec.skel else ""
    for num in rec.addr_nums:
        if len(num) >= 3:
            yield f"{kind}a|{num}|{initial}"
    if rec.phone:
        yield f"{kind}ph|{rec.phone[-9:]}"
    if rec.email:
        yield f"{kind}em|{rec.email}"


def candidate_pairs(records: Sequence[Rec], cap: int = CAP, window: int = WINDOW) -> set[tuple[int, int]]:
    """Index pairs (i < j) of records that share at least one blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        for key in keys(rec):
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= cap:
            pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
        else:
            members.sort(key=lambda i: (records[i].compact, records[i].date or ()))
            for n, a in enumerate(members):
                pairs.update((min(a, b), max(a, b)) for b in members[n + 1:n + 1 + window])
    return pairs
