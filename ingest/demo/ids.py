"""Identifiers: record ids, tax and registry numbers, national ids, LEIs, phones, e-mails, dates.

Identifiers that must be unique are a bijection of a running number (multiplication by
a number coprime with the modulus), so they never collide and need no lookup table.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from ingest.demo import names as N
from ingest.demo.fastrand import below, between, pick
from ingest.demo.naming import CompanyName, PersonName

AS_OF = dt.date(2026, 6, 30)  # the demo bank's "today": fixed, so runs are reproducible
AS_OF_ORDINAL = AS_OF.toordinal()
ID_DIGITS = 7


def scrambled(number: int, digits: int, multiplier: int = 7_352_861, offset: int = 1_234_567) -> str:
    """A unique digit string for each number below 10**digits (an affine map; the multiplier is coprime with 10)."""
    return f"{(number * multiplier + offset) % 10**digits:0{digits}d}"


def mixed_ids(prefix: str, count: int, salt: int) -> list[str]:
    """`count` unique, random-looking record ids: affine maps with the digits reversed in between.

    Each step is a bijection of [0, 10**7), so no two numbers share an id; vectorised, as
    the links look these ids up millions of times.
    """
    modulus = 10**ID_DIGITS
    values = np.arange(count, dtype=np.int64)
    for factor, shift in ((7_352_861 + 10 * salt, 1_234_567), (6_180_339, 2_718_281 + salt), (4_142_137, 1_732_051)):
        values = _reverse_digits((values * factor + shift) % modulus)
    return [f"{prefix}{v:0{ID_DIGITS}d}" for v in values.tolist()]


def _reverse_digits(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    out = np.zeros_like(values)
    rest = values.copy()
    for _ in range(ID_DIGITS):
        out = out * 10 + rest % 10
        rest //= 10
    return out


class RecordIds:
    """Person and company record ids of the current run (originals first, then duplicates)."""

    persons: ClassVar[list[str]] = []
    companies: ClassVar[list[str]] = []

    @classmethod
    def prepare(cls, n_persons: int, n_companies: int) -> None:
        if n_persons > 10**ID_DIGITS or n_companies > 10**ID_DIGITS:
            raise ValueError("too many parties for 7-digit record ids")
        cls.persons = mixed_ids("P", n_persons, 0)
        cls.companies = mixed_ids("C", n_companies, 1)


def person_id(index: int) -> str:
    return RecordIds.persons[index]


def company_id(index: int) -> str:
    return RecordIds.companies[index]


@cache
def iso(ordinal: int) -> str:
    """'YYYY-MM-DD' of a day ordinal (a few thousand distinct days, so cached)."""
    return dt.date.fromordinal(ordinal).isoformat()


def days_ago(rng: random.Random, low: int, high: int) -> int:
    """An ordinal between `high` and `low` days before AS_OF."""
    return AS_OF_ORDINAL - between(rng, low, high)


def tax_id(culture: int, us: bool, index: int) -> str:
    if culture == N.VN:
        return "0" + scrambled(index, 9, 5_242_231)
    if culture == N.CN:
        return "91" + scrambled(index, 6, 8_132_131) + "MA" + scrambled(index, 8, 5_338_741) + "X"[: index % 2]
    if culture == N.UA:
        return scrambled(index, 12, 5_833_939)
    if us:
        digits = scrambled(index, 9, 5_559_857)
        return f"{digits[:2]}-{digits[2:]}"
    return "GB" + scrambled(index, 9, 2_877_309)


def registration_number(culture: int, us: bool, index: int, tax: str) -> str:
    if culture in (N.VN, N.CN):
        return tax  # one enterprise code serves as both in Vietnam and China
    if culture == N.UA:
        return scrambled(index, 8, 7_384_293)
    return ("C" if us else "") + scrambled(index, 8, 7_204_219)


def national_id(culture: int, us: bool, index: int, birth: dt.date) -> str | None:
    if culture == N.VN:
        return "0" + scrambled(index, 11, 3_467_547)
    if culture == N.CN:
        area = scrambled(index, 6, 2_847_681)
        return f"{area}{birth:%Y%m%d}{scrambled(index, 4, 8_180_807)}"
    if culture == N.UA:
        return scrambled(index, 10, 7_691_341)
    if us:
        return None  # no national identity number in the demo's US records
    letters = "ABCEGHJKLMNPRSTWXYZ"
    return f"{letters[index % 19]}{letters[index // 19 % 19]}{scrambled(index, 6, 2_777_397)}{'ABCD'[index % 4]}"


def passport(culture: int, index: int) -> str:
    prefix = ("C", "E", "FA", "")[culture]
    return prefix + scrambled(index, 8 if culture == N.CN else 7 if culture != N.EN else 9, 3_975_391)


_LOU_PREFIXES = ("5493", "2138", "9695", "3003", "8945")


def lei(index: int) -> str:
    """A syntactically valid LEI (ISO 17442): 18 characters and two ISO 7064 mod 97-10 check digits."""
    body = _LOU_PREFIXES[index % len(_LOU_PREFIXES)] + "00" + "ABCDEFGH"[index % 8] + scrambled(index, 11, 8_384_687)
    numeric = int("".join(str(int(c, 36)) for c in body) + "00")
    return f"{body}{98 - numeric % 97:02d}"


_PHONE_FORMATS = {N.VN: ("+84", "9", 9), N.CN: ("+86", "13", 11), N.UA: ("+380", "67", 9), N.EN: ("+44", "7", 10)}


def phone(rng: random.Random, culture: int, us: bool) -> str:
    """International format with spaces: '+84 912 345 678'."""
    if us:
        return f"+1 {pick(rng, ('212', '415', '312', '713'))} 555 {between(rng, 0, 9999):04d}"
    code, lead, length = _PHONE_FORMATS[culture]
    digits = lead + f"{rng.randrange(10 ** (length - len(lead))):0{length - len(lead)}d}"
    if culture == N.CN:
        return f"{code} {digits[:3]} {digits[3:7]} {digits[7:]}"
    if culture == N.UA:
        return f"{code} {digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}"
    return f"{code} {digits[:3]} {digits[3:6]} {digits[6:]}"


_MAIL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "mail.example.com")
_LOCAL_DOMAINS = {N.VN: "fpt.vn", N.CN: "163.com", N.UA: "ukr.net", N.EN: "btinternet.com"}


def person_email(rng: random.Random, name: PersonName, index: int) -> str:
    latin = name.latin().lower().replace(" ", ".").replace("'", "")
    domain = _LOCAL_DOMAINS[name.culture] if rng.random() < 0.4 else pick(rng, _MAIL_DOMAINS)
    return f"{latin}{index % 1000}@{domain}"


def company_email(name: CompanyName, index: int) -> str:
    stem = "".join(c for c in name.brand_latin.lower() if c.isalnum()) or "company"
    tld = {N.VN: "com.vn", N.CN: "com.cn", N.UA: "com.ua", N.EN: "com" if name.us else "co.uk"}[name.culture]
    return f"info@{stem}{index % 10000}.{tld}"


def address(rng: random.Random, culture: int, region: int, us: bool) -> str:
    number = between(rng, 1, 399)
    if culture == N.VN:
        return f"Số {number} {pick(rng, N.VN_STREETS)}, Quận {between(rng, 1, 12)}, {N.VN_CITIES[region]}"
    if culture == N.CN:
        return f"{N.CN_CITY_OF_REGION[region]}{pick(rng, N.CN_DISTRICTS)}{pick(rng, N.CN_STREETS)}{number}号"
    if culture == N.UA:
        return f"вул. {pick(rng, N.UA_STREETS)}, {number}, м. {N.UA_CITIES[region]}"
    street = pick(rng, N.EN_STREETS)
    if us:
        return f"{number} {street}, {N.EN_CITIES[region]}, {N.US_STATES[region % 4]} {between(rng, 10001, 99950)}"
    inward = f"{between(rng, 1, 9)}{chr(65 + below(rng, 26))}{chr(65 + below(rng, 26))}"
    return f"{number} {street}, {N.EN_CITIES[region]} {_POSTCODE_AREAS[region]}{between(rng, 1, 20)} {inward}"


_POSTCODE_AREAS = ("EC", "M", "B", "LS")
