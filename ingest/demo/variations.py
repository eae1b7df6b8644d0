"""How a second source system spells the same person or company.

Used only by the generator to plant duplicates; the matcher must never import it (it
would learn the answers). Every function returns the changed row and the names of the
variations applied, which go to truth.csv.
"""

from __future__ import annotations

import random

from ingest.demo import names as N
from ingest.demo.fastrand import below, pick
from ingest.demo.naming import CompanyName, PersonName, strip_diacritics, ukrainian_to_latin
from ingest.demo.writer import Row

_CN_HOMOPHONES = {"伟": "玮", "明": "铭", "静": "婧", "丽": "莉", "军": "君", "杰": "洁", "涛": "韬", "芳": "方",
                  "敏": "民", "慧": "惠", "婷": "亭", "平": "萍"}
_KEYBOARD_NEIGHBOURS = {"a": "s", "e": "r", "i": "o", "o": "p", "n": "m", "u": "y", "s": "d", "t": "r", "r": "e",
                        "l": "k", "h": "g", "g": "h", "k": "l", "m": "n", "y": "u", "d": "f", "c": "v", "v": "b"}


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip away from the first letter: drop, double, swap or hit a neighbour."""
    if len(text) < 4:
        return text + text[-1]
    pos = rng.randrange(1, len(text) - 2)
    while not (text[pos].isalpha() and text[pos + 1].isalpha()) and pos < len(text) - 2:
        pos += 1
    kind = below(rng, 4)
    if kind == 0:
        return text[:pos] + text[pos + 1:]
    if kind == 1:
        return text[:pos] + text[pos] + text[pos:]
    if kind == 2:
        return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2:]
    char = text[pos]
    return text[:pos] + _KEYBOARD_NEIGHBOURS.get(char.lower(), "e") + text[pos + 1:]


def _vietnamese(rng: random.Random, name: PersonName) -> tuple[str, str]:
    latin = strip_diacritics(name.native())
    kind = below(rng, 4)
    if kind == 0:
        return latin, "no_diacritics"
    if kind == 1:
        return latin.upper(), "no_diacritics;upper_case"
    if kind == 2:
        given_first = f"{name.middle} {name.given} {name.surname}"
        return strip_diacritics(given_first), "no_diacritics;swapped_order"
    return typo(rng, name.native()), "typo"


def _chinese(rng: random.Random, name: PersonName) -> tuple[str, str]:
    kind = below(rng, 4)
    if kind == 0:
        return f"{name.surname_latin} {name.given_latin}", "pinyin"
    if kind == 1:
        return f"{name.surname_latin.upper()} {name.given_latin}", "pinyin;upper_surname"
    if kind == 2:
        return f"{name.given_latin} {name.surname_latin}", "pinyin;swapped_order"
    if name.given[-1] in _CN_HOMOPHONES:
        return name.surname + name.given[:-1] + _CN_HOMOPHONES[name.given[-1]], "homophone"
    return typo(rng, f"{name.surname_latin} {name.given_latin}"), "pinyin;typo"


def _ukrainian(rng: random.Random, name: PersonName) -> tuple[str, str]:
    kind = below(rng, 4)
    if kind == 0:
        return ukrainian_to_latin(f"{name.surname} {name.given}"), "transliterated"
    if kind == 1:
        return ukrainian_to_latin(f"{name.given} {name.surname}"), "transliterated;swapped_order"
    if kind == 2:
        return f"{name.given} {name.surname}", "swapped_order"
    return typo(rng, name.native()), "typo"


def _english(rng: random.Random, name: PersonName) -> tuple[str, str]:
    kind = below(rng, 4)
    if kind == 0:
        return f"{name.surname}, {name.given}", "swapped_order"
    if kind == 1:
        return f"{name.given[0]}. {name.surname}", "initial"
    if kind == 2:
        return name.native().upper(), "upper_case"
    return typo(rng, name.native()), "typo"


_PERSON_NAME_VARIANTS = {N.VN: _vietnamese, N.CN: _chinese, N.UA: _ukrainian, N.EN: _english}


def reformat_phone(rng: random.Random, phone: str) -> tuple[str, str]:
    """'+84 912 345 678' -> '0912345678', '0084 912345678' or '+84-912-345-678'."""
    code, _, rest = phone.partition(" ")
    digits = rest.replace(" ", "")
    kind = below(rng, 3)
    if kind == 0:
        trunk = "" if code == "+1" else "0"
        return f"{trunk}{digits}", "phone_national"
    if kind == 1:
        return f"00{code[1:]} {digits}", "phone_00_prefix"
    return f"{code}-{digits[:3]}-{digits[3:6]}-{digits[6:]}", "phone_dashes"


def _contacts(rng: random.Random, row: Row, tags: list[str]) -> None:
    phone = row.get("phone")
    if isinstance(phone, str) and phone:
        if rng.random() < 0.6:
            row["phone"], tag = reformat_phone(rng, phone)
            tags.append(tag)
        elif rng.random() < 0.3:
            row["phone"] = None
            tags.append("phone_missing")
    if row.get("email") and rng.random() < 0.4:
        row["email"] = None
        tags.append("email_missing")
    address = row.get("address")
    if isinstance(address, str) and rng.random() < 0.5:
        row["address"] = strip_diacritics(address) if row.get("country") == "VN" else None
        tags.append("address_no_diacritics" if row["address"] else "address_missing")


def person_duplicate(rng: random.Random, row: Row, name: PersonName, keep_id: bool,
                     romanised_only: bool = False) -> tuple[Row, list[str]]:
    """A second record of the same person, as another source system holds it.

    `romanised_only` plants the textbook case: the usual Latin spelling and the same birth date.
    """
    dup = dict(row)
    tags: list[str] = []
    if romanised_only:
        dup["name"] = name.latin()
        tags.append({N.CN: "pinyin", N.UA: "transliterated", N.VN: "no_diacritics"}.get(name.culture, "same_name"))
    elif rng.random() < 0.9:
        dup["name"], tag = _PERSON_NAME_VARIANTS[name.culture](rng, name)
        tags.extend(tag.split(";"))
    if keep_id and dup.get("national_id"):
        dup["passport"] = None
        tags.append("same_national_id")
    elif keep_id and dup.get("passport"):
        dup["national_id"] = None
        tags.append("same_passport")
    else:
        dup["national_id"] = dup["passport"] = None
        tags.append("no_id")
    if not romanised_only and rng.random() < 0.1:
        dup["date_of_birth"] = None
        tags.append("dob_missing")
    _contacts(rng, dup, tags)
    return dup, tags


def _prefix_form_variant(name: CompanyName, form: str) -> str:
    """Forms written before the name: 'Cong ty TNHH Thuong mai Hoa Phat', 'TOV «Ahrosvit»'."""
    if name.culture == N.VN:
        return form + strip_diacritics(name.native()[len(name.form[1]):])
    brand = name.brand if not form.isascii() else name.brand_latin
    return f"{form} «{brand}»"


def _company_name_variant(rng: random.Random, name: CompanyName) -> tuple[str, str, str]:
    """(name, legal_form, tag) for a company as another source spells it."""
    form = pick(rng, name.form[2])
    kind = below(rng, 3)
    if name.culture == N.VN and kind == 0:
        return strip_diacritics(name.native()), strip_diacritics(name.form[1]), "no_diacritics"
    if name.culture == N.UA and kind == 0:
        return ukrainian_to_latin(name.native()), ukrainian_to_latin(name.form[1]), "transliterated"
    if name.culture == N.CN and kind == 0:
        return name.native()[len(name.city[0]):], name.form[1], "city_prefix_dropped"
    if kind == 2 and name.culture == N.EN:
        return typo(rng, name.native()), name.form[1], "typo"
    if form in N.PREFIX_FORMS:
        return _prefix_form_variant(name, form), form, "legal_form_variant"
    return name.english(form), form, "english_name;legal_form_variant"


def company_duplicate(rng: random.Random, row: Row, name: CompanyName, keep_id: bool) -> tuple[Row, list[str]]:
    """A second record of the same company: another spelling, legal-form variant, ids kept or lost."""
    dup = dict(row)
    tags: list[str] = []
    dup["name"], dup["legal_form"], tag = _company_name_variant(rng, name)
    tags.extend(tag.split(";"))
    dup["lei"] = None
    if keep_id and rng.random() < 0.7:
        dup["registration_number"] = None
        tags.append("same_tax_id")
    elif keep_id:
        dup["tax_id"] = None
        tags.append("same_registration_number")
    else:
        dup["tax_id"] = dup["registration_number"] = None
        tags.append("no_id")
    if rng.random() < 0.3:
        dup["incorporation_date"] = None
        tags.append("incorporation_date_missing")
    for field in ("annual_revenue", "employees", "size_band", "industry"):
        if rng.random() < 0.5:
            dup[field] = None
    _contacts(rng, dup, tags)
    return dup, tags
