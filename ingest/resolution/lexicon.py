"""Word lists the matcher folds names with: legal forms (noise), common business words
across the bank's languages (one concept token each, so "Construction", "Xây dựng",
"建设" and "Budivnytstvo" agree), and the rules collapsing transliteration variants."""

from __future__ import annotations

# Legal forms written in Han characters, removed before transliteration (longest first).
HAN_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "责任公司", "集团公司", "公司")

# Legal forms as folded Latin token runs (Vietnamese, Ukrainian/Russian, Chinese pinyin,
# English and European). Removed from either end of a company name, longest first.
FORM_PHRASES = [
    "cong ty trach nhiem huu han", "cong ty co phan", "cong ty tnhh", "cong ty cp", "cong ty", "trach nhiem huu han",
    "co phan", "tnhh", "mtv", "cp", "tovarystvo z obmezhenoiu vidpovidalnistiu",
    "tovaristvo z obmezhenoiu vidpovidalnistiu", "obshchestvo s ogranichennoi otvetstvennostiu",
    "pryvatne aktsionerne tovarystvo", "privatne aktsionerne tovaristvo", "publichne aktsionerne tovaristvo",
    "gu fen you xian gong si", "gufen youxian gongsi", "you xian ze ren gong si", "you xian gong si",
    "youxian gongsi", "gong si", "gongsi", "joint stock company", "joint stock co", "joint stock",
    "public limited company", "limited liability company", "private jsc", "public jsc", "company limited",
    "co ltd", "pty ltd", "l l c", "p l c", "llc", "ltd", "limited", "co", "company", "inc", "incorporated", "corp",
    "corporation", "jsc", "pjsc", "ojsc", "cjsc", "plc", "gmbh", "ag", "sa", "bv", "nv", "llp", "lp", "tov",
    "tzov", "pat", "prat", "at", "pp", "ooo", "oao", "zao", "pao", "ao", "dp", "fop", "the",
]

# Business words: concept -> spellings (English; Vietnamese folded; pinyin as Han
# characters come out of unidecode, one syllable a token, and run together; Ukrainian
# and Russian transliterations).
GLOSSARY = {
    "construction": ["construction", "building", "builders", "xay dung", "jian she", "jianshe", "budivnytstvo",
                     "budivnitstvo", "stroitelstvo"],
    "trading": ["trading", "trade", "traders", "thuong mai", "mao yi", "maoyi", "torhivlia", "torgovlia"],
    "industrial": ["industrial", "industries", "industry", "manufacturing", "san xuat", "shi ye", "shiye",
                   "promyslovist"],
    "logistics": ["logistics", "transport", "transportation", "shipping", "van tai", "wu liu", "wuliu",
                  "lohistyka", "logistika"],
    "technology": ["technology", "technologies", "tech", "cong nghe", "ke ji", "keji", "tekhnolohii",
                   "tekhnologii"],
    "realestate": ["real estate", "properties", "property", "realty", "bat dong san", "zhi ye", "zhiye",
                   "fang di chan", "fangdichan", "nerukhomist"],
    "agriculture": ["agriculture", "agricultural", "farms", "farming", "nong nghiep", "nong ye", "nongye",
                    "silske hospodarstvo"],
    "food": ["food", "foods", "thuc pham", "shi pin", "shipin", "kharchovi produkty"],
    "energy": ["energy", "power", "nang luong", "neng yuan", "nengyuan", "enerhetyka", "energetika"],
    "pharma": ["pharmaceutical", "pharmaceuticals", "pharma", "healthcare", "medical", "duoc pham", "yi yao",
               "yiyao", "farmatsevtyka"],
    "consulting": ["consulting", "consultancy", "advisory", "tu van", "zi xun", "zixun", "konsaltynh",
                   "konsalting"],
    "steel": ["steel", "thep", "gang tie", "gangtie"],
    "group": ["group", "tap doan", "ji tuan", "jituan", "hrupa", "gruppa"],
    "investment": ["investment", "investments", "dau tu", "tou zi", "touzi"],
    "holdings": ["holdings", "holding", "kong gu", "konggu"],
}

# Transliteration variants collapsed to one spelling, applied in order (national 2010
# Ukrainian, BGN/PCGN, ISO-like and "simple" systems; German/English spellings too).
SKELETON_RULES = [
    ("shch", "s"), ("sch", "s"), ("tsch", "c"), ("zh", "j"), ("kh", "h"), ("ch", "c"), ("sh", "s"),
    ("ts", "c"), ("tz", "c"), ("x", "ks"), ("ph", "f"), ("w", "v"), ("q", "k"), ("ck", "k"),
    ("ie", "e"), ("ye", "e"), ("je", "e"), ("iu", "u"), ("yu", "u"), ("ju", "u"), ("ia", "a"),
    ("ya", "a"), ("ja", "a"), ("yo", "o"), ("jo", "o"), ("io", "o"), ("yi", "i"), ("ji", "i"),
    ("iy", "i"), ("yy", "i"), ("ij", "i"), ("y", "i"), ("j", "i"), ("h", "g"), ("o", "a"),
]
