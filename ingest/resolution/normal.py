"""Matching features of one party: names folded across scripts, legal forms removed,
transliteration variants collapsed to one skeleton, dates split, identifiers and
contact points normalised (graph.normalise, written once)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unidecode import unidecode

from graph import normalise
from ingest.resolution.lexicon import FORM_PHRASES, GLOSSARY, HAN_FORMS, SKELETON_RULES

_lazy_pinyin: Callable[..., list[str]] | None
try:
    from pypinyin import lazy_pinyin as _lazy_pinyin
except ImportError:  # optional: unidecode's pinyin is the fallback
    _lazy_pinyin = None


_HAN = re.compile(r"[\u3400-\u9fff]")
_NON_WORD = re.compile(r"[^0-9a-z ]+")
_DIGITS = re.compile(r"\d+")

_FORMS = sorted((tuple(p.split()) for p in FORM_PHRASES), key=len, reverse=True)
_FORMS_BY_HEAD: dict[str, list[tuple[str, ...]]] = {}
_FORMS_BY_TAIL: dict[str, list[tuple[str, ...]]] = {}
for _form in _FORMS:  # longest first within each list
    _FORMS_BY_HEAD.setdefault(_form[0], []).append(_form)
    _FORMS_BY_TAIL.setdefault(_form[-1], []).append(_form)
_CONCEPTS = sorted(((tuple(v.split()), f"_{k}") for k, vs in GLOSSARY.items() for v in vs),
                   key=lambda kv: len(kv[0]), reverse=True)
_CONCEPT_HEADS = {words[0] for words, _ in _CONCEPTS}
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(token: str) -> str:
    """One spelling for transliteration variants: Oleksandr, Olexandr, Aleksandr -> 'alaksandr'."""
    out = token
    if token.startswith("_"):
        return token
    for old, new in SKELETON_RULES:
        if old in out:
            out = out.replace(old, new)
    return _DOUBLE.sub(r"\1", out)


@lru_cache(maxsize=1 << 16)
def _pinyin(text: str) -> str:
    """Han characters as pinyin syllables: pypinyin's readings (广 -> guang) when installed,
    else unidecode's (which knows one reading per character)."""
    if _lazy_pinyin is None:
        return text
    return " ".join(_lazy_pinyin(text))


def latin_tokens(text: str, pinyin: bool = True) -> list[str]:
    """Folded Latin tokens of a name in any script (Han syllables come out one per token)."""
    if pinyin and _HAN.search(text):
        text = _pinyin(text)
    latin = unidecode(text).lower().replace("'", "")
    return _NON_WORD.sub(" ", latin).split()


def strip_forms(tokens: list[str]) -> list[str]:
    """Remove legal-form runs from both ends (Công ty TNHH X, X Co., Ltd., ТОВ X)."""
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for form in _FORMS_BY_HEAD.get(tokens[0], ()):
            if len(tokens) > len(form) and tuple(tokens[:len(form)]) == form:
                tokens, changed = tokens[len(form):], True
                break
        for form in _FORMS_BY_TAIL.get(tokens[-1], ()):
            if len(tokens) > len(form) and tuple(tokens[-len(form):]) == form:
                tokens, changed = tokens[:-len(form)], True
                break
    return tokens


def name_tokens(name: str, company: bool) -> list[str]:
    if company:
        for form in HAN_FORMS:
            if _HAN.search(name) and form in name and name.replace(form, "").strip():
                name = name.replace(form, " ")
                break
    tokens = latin_tokens(name)
    return concepts(strip_forms(tokens)) if company else tokens


def concepts(tokens: list[str]) -> list[str]:
    """Business words in any language become one concept token ('xay dung' -> '_construction')."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _CONCEPT_HEADS:
            for words, concept in _CONCEPTS:
                if tuple(tokens[i:i + len(words)]) == words:
                    out.append(concept)
                    i += len(words)
                    break
            else:
                out.append(tokens[i])
                i += 1
        else:
            out.append(tokens[i])
            i += 1
    return out


@dataclass(slots=True)
class Rec:
    """What the matcher knows of one party (or one row of a benchmark file)."""

    id: str
    kind: str  # Person or Company: parties of different kinds never match
    tokens: tuple[str, ...]  # folded, sorted
    skel: tuple[str, ...]  # transliteration skeletons, sorted
    compact: str  # skeleton of the tokens run together in order (Bei Jing == Beijing)
    joined: str  # sorted skeletons run together
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
    plain = skeleton("".join(t for t in tokens if not t.startswith("_")))
    compact = plain + "".join(sorted(t for t in tokens if t.startswith("_")))
    address = " ".join(latin_tokens(str(props.get("address") or ""), pinyin=False))
    status = props.get("status")
    return Rec(
        id=node_id, kind=kind, tokens=tuple(sorted(tokens)), skel=tuple(sorted(skels)), compact=compact,
        joined="".join(sorted(skels)),
        date=split_date(props.get("incorporation_date" if company else "date_of_birth")),
        ids={f: v for f in _ID_FIELDS.get(kind, ()) if (v := _safe(normalise.identifier, props.get(f)))},
        address=address, addr_nums=frozenset(_DIGITS.findall(address)),
        phone=_safe(normalise.phone, props.get("phone")), email=_safe(normalise.email, props.get("email")),
        rank=(0 if status == "customer" else 1 if props.get("customer_number") else 2, node_id),
    )
