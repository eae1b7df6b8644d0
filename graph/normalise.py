"""Normalisers for identifiers, names and contact points: written once, used by
validation (ingest), search (queries) and matching (de-duplication)."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def identifier(value: str) -> str:
    """Tax ids, registration numbers, national ids: upper case, no spaces or punctuation."""
    return _NOT_ALNUM.sub("", unidecode(value).upper())


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form used for search: 'Nguyễn' -> 'nguyen'.

    Scripts without a Latin form (Han, Cyrillic) are transliterated by unidecode, and
    the original characters are kept as well so a search in the original script works.
    """
    nfkc = unicodedata.normalize("NFKC", text).casefold()
    latin = _SPACES.sub(" ", unidecode(nfkc).lower()).strip()
    if latin == _SPACES.sub(" ", nfkc).strip():
        return latin
    stripped = "".join(c for c in unicodedata.normalize("NFD", nfkc) if not unicodedata.combining(c))
    original = _SPACES.sub(" ", stripped).strip()
    return latin if original.isascii() else f"{latin} {original}"


def phone(value: str) -> str:
    """Digits only, with a leading + when the source gave an international prefix."""
    digits = _NOT_DIGIT.sub("", value)
    if not digits:
        raise ValueError("no digits in phone number")
    return ("+" + digits) if value.strip().startswith(("+", "00")) else digits


def email(value: str) -> str:
    cleaned = value.strip().lower()
    if not _EMAIL.match(cleaned):
        raise ValueError(f"not an e-mail address: {value!r}")
    return cleaned


def lei(value: str) -> str:
    code = identifier(value)
    if len(code) != 20:
        raise ValueError(f"an LEI has 20 characters, got {len(code)}")
    return code


def currency(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"not an ISO 4217 currency code: {value!r}")
    return code
