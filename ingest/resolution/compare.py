"""Comparison levels of a pair of records, one per field (Fellegi–Sunter gamma vector).

Each function returns a level name, or None when either side lacks the field (a
missing value is evidence of nothing)."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from ingest.resolution.normal import Rec

FIELDS = ("name", "date", "ident", "address", "phone", "email")


@lru_cache(maxsize=1 << 18)
def _token_similarity(t: str, u: str) -> float:
    """Jaro-Winkler, with an initial agreeing with the name it abbreviates (R. = Robert).
    Cached: names are Zipf-distributed, the same token pairs come back again and again."""
    if t == u:
        return 1.0
    if (len(t) == 1 or len(u) == 1) and t[:1] == u[:1]:
        return 0.96
    return float(JaroWinkler.normalized_similarity(t, u))


def name_level(a: Rec, b: Rec) -> str | None:
    if not a.tokens or not b.tokens:
        return None
    if a.tokens == b.tokens:
        return "exact"
    if a.skel == b.skel or a.compact == b.compact:
        return "translit"
    short, long_ = (a.skel, b.skel) if len(a.skel) <= len(b.skel) else (b.skel, a.skel)
    best = [max(_token_similarity(t, u) for u in long_) for t in short]
    aligned = sum(best) / len(short)
    whole = JaroWinkler.normalized_similarity(a.joined, b.joined)
    score = max(aligned if len(short) == len(long_) else aligned - 0.04, whole)
    if len(short) < len(long_) and aligned >= 0.97:
        return "partial"
    if score >= 0.94:
        return "close"
    if score >= 0.85:
        return "similar"
    return "half" if max(best) >= 0.97 else "different"  # one name agrees, another does not


def date_level(a: Rec, b: Rec) -> str | None:
    if a.date is None or b.date is None:
        return None
    if a.date == b.date:
        return "exact"
    (ya, ma, da), (yb, mb, db) = a.date, b.date
    same = (ya == yb) + (ma == mb) + (da == db)
    if same == 2 or (ya == yb and ma == db and da == mb):
        return "one_off"
    if DamerauLevenshtein.distance(ya + ma + da, yb + mb + db) <= 2:
        return "typo"
    return "different"


def ident_level(a: Rec, b: Rec) -> str | None:
    best: str | None = None
    for kind, value in a.ids.items():
        other = b.ids.get(kind)
        if not other:
            continue
        if value == other:
            return "exact"
        best = "typo" if DamerauLevenshtein.distance(value, other) <= 2 and len(value) >= 5 else best or "different"
    return best


def _numbers(a: Rec, b: Rec) -> str:
    """How the numbers of two addresses (house, postcode) agree: all, most, none or unknown."""
    if not a.addr_nums or not b.addr_nums:
        return ""
    if a.addr_nums == b.addr_nums:
        return "_nums"
    common = len(a.addr_nums & b.addr_nums)
    return "_most" if common * 2 >= max(len(a.addr_nums), len(b.addr_nums)) else "_none" if not common else ""


def address_level(a: Rec, b: Rec) -> str | None:
    """Text similarity of the whole address, refined by its numbers (one comparison, not
    two: house number and postcode are part of the address, not independent evidence)."""
    if not a.address or not b.address:
        return None
    if a.address == b.address:
        return "exact"
    score = token_set_ratio(a.address, b.address)
    text = "close" if score >= 90 else "similar" if score >= 70 else "different"
    return text + _numbers(a, b)


def phone_level(a: Rec, b: Rec) -> str | None:
    if not a.phone or not b.phone:
        return None
    return "exact" if a.phone[-9:] == b.phone[-9:] else "different"


def email_level(a: Rec, b: Rec) -> str | None:
    if not a.email or not b.email:
        return None
    if a.email == b.email:
        return "exact"
    return "local" if a.email.split("@")[0] == b.email.split("@")[0] else "different"


_LEVELS = (name_level, date_level, ident_level, address_level, phone_level, email_level)
ADDRESS = FIELDS.index("address")


def gamma(a: Rec, b: Rec, address: bool = True) -> tuple[str | None, ...]:
    """The comparison vector of a pair, in FIELDS order (address left out when asked:
    it is the costliest and often cannot change the outcome)."""
    return tuple(level(a, b) if address or n != ADDRESS else None for n, level in enumerate(_LEVELS))
