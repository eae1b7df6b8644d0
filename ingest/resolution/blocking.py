"""Blocking: only records sharing a key are compared, so cost grows with the number of
records, not its square. Keys never cross party kinds. A block larger than the cap
(a hub: a very common name in one birth year) is not compared all-to-all; it is sorted
by name and each record compared with its next `window` neighbours only."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from ingest.resolution.normal import Rec

CAP = 6
WINDOW = 4


def keys(rec: Rec, rarity: Mapping[str, int] | None = None) -> Iterator[str]:
    """Blocking keys of a record; rarity (token -> count) picks its most telling tokens."""
    kind = rec.kind[0]
    for field, value in rec.ids.items():
        yield f"{kind}i{field}|{value}"
    if rec.skel:
        yield f"{kind}c|{rec.compact}"
        if len(rec.skel) >= 2:  # prefixes of every token (covers the whole sorted name too)
            yield f"{kind}p|{' '.join(t[:3] for t in rec.skel)}"
        else:
            yield f"{kind}n|{rec.skel[0]}"
    year = rec.date[0] if rec.date else ""
    tokens = sorted({t for t in rec.skel if len(t) >= 2}, key=lambda t: ((rarity or {}).get(t, 0), t))
    for n, token in enumerate(tokens[:2]):  # the two rarest tokens, with the birth year
        yield f"{kind}t|{token}|{year}"
        if n == 0 and year:
            yield f"{kind}t|{token}|"
    if rec.date:
        yield f"{kind}d|{''.join(rec.date)}"
    initial = rec.skel[0][:1] if rec.skel else ""
    for num in rec.addr_nums:
        if len(num) >= 4:  # postcode-like: house numbers alone make hub blocks
            yield f"{kind}a|{num}|{initial}"
    if rec.phone:
        yield f"{kind}ph|{rec.phone[-9:]}"
    if rec.email:
        yield f"{kind}em|{rec.email}"


def _key_table(records: Sequence[Rec]) -> tuple[np.ndarray, np.ndarray]:
    """Every (key hash, record index), in two compact arrays."""
    rarity = Counter(t for rec in records for t in set(rec.skel))
    hashes, owners = array("q"), array("q")
    for i, rec in enumerate(records):
        for key in keys(rec, rarity):
            hashes.append(hash(key))
            owners.append(i)
    return np.frombuffer(hashes, dtype=np.int64), np.frombuffer(owners, dtype=np.int64)


def candidate_pairs(records: Sequence[Rec], cap: int = CAP, window: int = WINDOW,
                    chunk: int = 200_000) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of records that share a blocking key, each pair once.

    Vectorised: keys sorted by (key, name order); a record is paired with the records up
    to `cap` places after it under the same key when the block is small, and with the
    next `window` only when it is a hub."""
    n = len(records)
    order = sorted(range(n), key=lambda i: (records[i].compact, records[i].date or ()))
    rank = np.empty(n, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    hashes, owners = _key_table(records)
    sort = np.lexsort((rank[owners], hashes))
    hashes, owners = hashes[sort], owners[sort]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    sizes = np.diff(np.r_[starts, len(hashes)])
    small = np.repeat(sizes <= cap, sizes)
    codes = []
    for d in range(1, cap):
        same = hashes[:-d] == hashes[d:]
        if not same.any():
            break
        keep = same & (small[:-d] | (d <= window))
        a, b = owners[:-d][keep], owners[d:][keep]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    unique = np.unique(np.concatenate(codes)) if codes else np.empty(0, dtype=np.int64)
    first, second = np.divmod(unique, n)
    distinct = first != second
    first, second = first[distinct], second[distinct]
    for start in range(0, len(first), chunk):  # plain ints a chunk at a time: memory stays flat
        yield from zip(first[start:start + chunk].tolist(), second[start:start + chunk].tolist(), strict=True)
