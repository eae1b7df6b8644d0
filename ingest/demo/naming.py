"""Build person and company names of a culture, in the native script and romanised."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ingest.demo import names as N
from ingest.demo.fastrand import pick

_VN_SURNAME_CUM = list(N.VN_SURNAMES)
_VN_WEIGHTS = [w for _, w in N.VN_SURNAMES]

_UA_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z", "и": "y",
    "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "«": "«", "»": "»",
}
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


@lru_cache(maxsize=65536)
def strip_diacritics(text: str) -> str:
    """'Nguyễn Văn Đạt' -> 'Nguyen Van Dat' (Latin letters kept, marks dropped)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def ukrainian_to_latin(text: str) -> str:
    """Ukrainian national transliteration (2010): 'Коваленко Олександр' -> 'Kovalenko Oleksandr'."""
    out: list[str] = []
    previous = " "
    for char in text.replace("зг", "zgh").replace("Зг", "Zgh"):
        lower = char.lower()
        at_start = not previous.isalpha()
        latin = _UA_INITIAL[lower] if at_start and lower in _UA_INITIAL else _UA_LATIN.get(lower, char)
        if char != lower and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = char
    return "".join(out)


@dataclass(slots=True)
class PersonName:
    culture: int
    surname: str
    given: str
    middle: str  # Vietnamese middle name or Ukrainian patronymic; may be empty
    surname_latin: str
    given_latin: str
    female: bool

    def native(self) -> str:
        if self.culture == N.VN:
            return f"{self.surname} {self.middle} {self.given}"
        if self.culture == N.CN:
            return f"{self.surname}{self.given}"
        if self.culture == N.UA:
            return f"{self.surname} {self.given} {self.middle}" if self.middle else f"{self.surname} {self.given}"
        return f"{self.given} {self.surname}"

    def latin(self) -> str:
        """The usual romanised form (surname first where the culture writes it first)."""
        if self.culture == N.VN:
            return strip_diacritics(self.native())
        if self.culture == N.UA:
            return ukrainian_to_latin(f"{self.surname} {self.given}")
        if self.culture == N.CN:
            return f"{self.surname_latin} {self.given_latin}"
        return self.native()


def family_surname(rng: random.Random, culture: int) -> tuple[str, str]:
    """A surname (native, Latin) for a household."""
    if culture == N.VN:
        name = rng.choices(N.VN_SURNAMES, weights=_VN_WEIGHTS)[0][0]
        return name, strip_diacritics(name)
    if culture == N.CN:
        han, pinyin = N.CN_SURNAMES[min(int(rng.paretovariate(1.2)) - 1, len(N.CN_SURNAMES) - 1)]
        return han, pinyin
    if culture == N.UA:
        name = pick(rng, N.UA_SURNAMES)
        return name, ukrainian_to_latin(name)
    name = pick(rng, N.EN_SURNAMES)
    return name, name


def person_name(rng: random.Random, culture: int, surname: tuple[str, str], female: bool) -> PersonName:
    sex = 1 if female else 0
    if culture == N.VN:
        return PersonName(culture, surname[0], pick(rng, N.VN_GIVEN[sex]), pick(rng, N.VN_MIDDLE[sex]),
                          surname[1], "", female)
    if culture == N.CN:
        han, pinyin = pick(rng, N.CN_GIVEN[sex])
        return PersonName(culture, surname[0], han, "", surname[1], pinyin, female)
    if culture == N.UA:
        given = pick(rng, N.UA_GIVEN[sex])
        middle = pick(rng, N.UA_PATRONYMICS)[sex] if rng.random() < 0.3 else ""
        return PersonName(culture, surname[0], given, middle, surname[1], "", female)
    given = pick(rng, N.EN_GIVEN[sex])
    return PersonName(culture, surname[0], given, "", surname[1], given, female)


def hard_negative_name(culture: int, female: bool) -> PersonName:
    """The culture's most common name, given on purpose to several different people."""
    if culture == N.VN:
        return PersonName(culture, "Nguyễn", "An", "Văn", "Nguyen", "", False)
    if culture == N.CN:
        return PersonName(culture, "王", "伟", "", "Wang", "Wei", False)
    if culture == N.UA:
        return PersonName(culture, "Коваленко", "Олександр", "", "Kovalenko", "", False)
    return PersonName(culture, "Smith", "John", "", "Smith", "John", False)


@dataclass(slots=True)
class CompanyName:
    culture: int
    us: bool
    form: tuple[str, str, tuple[str, ...]]
    brand: str
    brand_latin: str
    industry: int
    city: tuple[str, str]  # Chinese city prefix (native, pinyin); empty elsewhere
    holding: bool

    def native(self) -> str:
        ind = N.INDUSTRIES[self.industry]
        form = self.form[1]
        if self.culture == N.VN:
            middle = "Tập đoàn" if self.holding else ind[1]
            return f"{form} {middle} {self.brand}"
        if self.culture == N.CN:
            middle = "集团" if self.holding else ind[2]
            return f"{self.city[0]}{self.brand}{middle}{form}"
        if self.culture == N.UA:
            return f"{form} «{self.brand}»"
        middle = "Holdings" if self.holding else ind[4]
        return f"{self.brand} {middle} {form}"

    def english(self, form: str) -> str:
        """English-style name with the given legal-form suffix: 'Hoa Phat Trading Co., Ltd'."""
        ind = N.INDUSTRIES[self.industry]
        if self.culture == N.CN:
            middle = "Group" if self.holding else ind[3]
            return f"{self.city[1]} {self.brand_latin} {middle} {form}"
        if self.culture == N.UA:
            return f"{self.brand_latin} {form}"
        if self.culture == N.VN:
            middle = "Group" if self.holding else ind[3]
            return f"{self.brand_latin} {middle} {form}"
        middle = "Holdings" if self.holding else ind[4]
        return f"{self.brand} {middle} {form}"


def brand(rng: random.Random, culture: int) -> tuple[str, str]:
    """A trade name (native, Latin) shared by the companies of one group."""
    if culture == N.VN:
        name = f"{pick(rng, N.VN_BRAND_A)} {pick(rng, N.VN_BRAND_B)}"
        return name, strip_diacritics(name)
    if culture == N.CN:
        first, second = pick(rng, N.CN_BRAND), pick(rng, N.CN_BRAND)
        return first[0] + second[0], first[1] + second[1].lower()
    if culture == N.UA:
        name = pick(rng, N.UA_BRAND_A) + pick(rng, N.UA_BRAND_B)
        if rng.random() < 0.4:
            name += "-" + pick(rng, N.UA_CITIES)
        return name, ukrainian_to_latin(name)
    name = pick(rng, N.EN_BRAND_A) + pick(rng, N.EN_BRAND_B)
    return name, name


def company_name(rng: random.Random, culture: int, us: bool, trade_name: tuple[str, str], industry: int,
                 holding: bool) -> CompanyName:
    forms = N.US_LEGAL_FORMS if us else N.LEGAL_FORMS[culture]
    form = forms[1] if holding or rng.random() < 0.25 else forms[0]
    city = pick(rng, N.CN_CITIES) if culture == N.CN else ("", "")
    return CompanyName(culture, us, form, trade_name[0], trade_name[1], industry, city, holding)
