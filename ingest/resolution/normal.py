"""Matching features of one party: names folded across scripts, legal forms removed,
transliteration variants collapsed to one skeleton, dates split, identifiers and
contact points normalised (graph.normalise, written once)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from unidecode import unidecode

from graph import normalise

_HAN = re.compile(r"[\u3400-\u9fff]")
_NON_WORD = re.compile(r"[^0-9a-z ]+")
_DIGITS = re.compile(r"\d+")

# Legal forms written in Han characters, removed before transliteration (longest first).
_HAN_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "责任公司", "集团公司", "公司")

# Legal forms as folded Latin token runs (Vietnamese, Ukrainian/Russian, Chinese pinyin,
# English and European). Removed from either end of a company name, longest first.
_FORM_PHRASES = [
    "cong ty trach nhiem huu han", "cong ty co phan", "cong ty tnhh", "cong ty", "trach nhiem huu han",
    "co phan", "tnhh", "mtv", "tovarystvo z obmezhenoiu vidpovidalnistiu",
    "tovaristvo z obmezhenoiu vidpovidalnistiu", "obshchestvo s ogranichennoi otvetstvennostiu",
    "gu fen you xian gong si", "you xian ze ren gong si", "you xian gong si", "youxian gongsi", "gong si",
    "gongsi", "co ltd", "pty ltd", "llc", "ltd", "limited", "co", "company", "inc", "incorporated", "corp",
    "corporation", "jsc", "pjsc", "ojsc", "cjsc", "plc", "gmbh", "ag", "sa", "bv", "nv", "llp", "lp", "tov",
    "pat", "prat", "at", "pp", "ooo", "oao", "zao", "pao", "ao", "dp", "fop", "the",
]
_FORMS = sorted((tuple(p.split()) for p in _FORM_PHRASES), key=len, reverse=True)

# Transliteration variants collapsed to one spelling, applied in order (national 2010
# Ukrainian, BGN/PCGN, ISO-like and "simple" systems; German/English spellings too).
_SKELETON_RULES = [
    ("shch", "s"), ("sch", "s"), ("tsch", "c"), ("zh", "j"), ("kh", "h"), ("ch", "c"), ("sh", "s"),
    ("ts", "c"), ("tz", "c"), ("x", "ks"), ("ph", "f"), ("w", "v"), ("q", "k"), ("ck", "k"),
    ("ie", "e"), ("ye", "e"), ("je", "e"), ("iu", "u"), ("yu", "u"), ("ju", "u"), ("ia", "a"),
    ("ya", "a"), ("ja", "a"), ("yo", "o"), ("jo", "o"), ("io", "o"), ("yi", "i"), ("ji", "i"),
    ("iy", "i"), ("yy", "i"), ("ij", "i"), ("y", "i"), ("j", "i"), ("h", "g"), ("o", "a"),
]
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(token: str) -> str:
    """One spelling for transliteration variants: Oleksandr, Olexandr, Aleksandr -> 'alaksandr'."""
    out = token
    for old, new in _SKELETON_RULES:
        if old in out:
            out = out.replace(old, new)
    return _DOUBLE.sub(r"\1", out)


def latin_tokens(text: str) -> list[str]:
    """Folded Latin tokens of a name in any script (Han syllables come out one per token)."""
    latin = unidecode(text).lower().replace("'", "")
    return _NON_WORD.sub(" ", latin).split()


def strip_forms(tokens: list[str]) -> list[str]:
    """Remove legal-form runs from both ends (Công ty TNHH X, X Co., Ltd., ТОВ X)."""
    changed = True
    while changed and tokens:
        changed = False
        for form in _FORMS:
            n = len(form)
            if len(tokens) > n and tuple(tokens[:n]) == form:
                tokens, changed = tokens[n:], True
            elif len(tokens) > n and tuple(tokens[-n:]) == form:
                tokens, changed = tokens[:-n], True
    return tokens


def name_tokens(name: str, company: bool) -> list[str]:
    if company:
        for form in _HAN_FORMS:
            if _HAN.search(name) and form in name and name.replace(form, "").strip():
                name = name.replace(form, " ")
                break
    tokens = latin_tokens(name)
    return strip_forms(tokens) if company else tokens


@dataclass(slots=True)
class Rec:
    """What the matcher knows of one party (or one row of a benchmark file)."""

    id: str
    kind: str  # Person or Company: parties of different kinds never match
    tokens: tuple[str, ...]  # folded, sorted
    skel: tuple[str, ...]  # transliteration skeletons, sorted
    compact: str  # skeleton of the tokens run together in order (Bei Jing == Beijing)
    date: tuple[str, str, str] | None  # (year, month, day) of birth or incorporation
    ids: dict[str, str] = field(default_factory=dict)  # identifier kind -> normalised value
    address: str = ""
    addr_nums: frozenset[str] = frozenset()
    phone: str = ""
    email: str = ""
    rank: tuple[int, str] = (9, "")  # survivor order: customers first, then smallest id


_ID_FIELDS = {
    "Person": ("national_id", "passport"),
    "Company": ("tax_id", "registration_number", "lei"),
}


def split_date(value: Any) -> tuple[str, str, str] | None:
    text = re.sub(r"\D", "", str(value or ""))
    if len(text) != 8:
        return None
    return text[:4], text[4:6], text[6:]


def _safe(fn: Any, value: Any) -> str:
    if value is None or not str(value).strip():
        return ""
    try:
        return str(fn(str(value)))
    except ValueError:
        return ""


def make_rec(node_id: str, kind: str, props: Mapping[str, Any]) -> Rec:
    company = kind == "Company"
    tokens = name_tokens(str(props.get("name") or ""), company)
    skels = [skeleton(t) for t in tokens]
    compact = skeleton("".join(tokens))
    address = " ".join(latin_tokens(str(props.get("address") or "")))
    status = props.get("status")
    return Rec(
        id=node_id, kind=kind, tokens=tuple(sorted(tokens)), skel=tuple(sorted(skels)), compact=compact,
        date=split_date(props.get("incorporation_date" if company else "date_of_birth")),
        ids={f: v for f in _ID_FIELDS.get(kind, ()) if (v := _safe(normalise.identifier, props.get(f)))},
        address=address, addr_nums=frozenset(_DIGITS.findall(address)),
        phone=_safe(normalise.phone, props.get("phone")), email=_safe(normalise.email, props.get("email")),
        rank=(0 if status == "customer" else 1 if props.get("customer_number") else 2, node_id),
    )
