"""The matcher without a store: name folding across scripts, and FEBRL held out."""

from __future__ import annotations

import pytest

from ingest.resolution.compare import name_level
from ingest.resolution.normal import make_rec, skeleton


def _name(a: str, b: str, kind: str = "Person") -> str | None:
    return name_level(make_rec("a", kind, {"name": a}), make_rec("b", kind, {"name": b}))


@pytest.mark.parametrize(("a", "b", "level"), [
    ("Nguyễn Văn An", "Nguyen Van An", "exact"),
    ("Nguyễn Văn An", "An Nguyen Van", "exact"),
    ("Коваленко Олександр", "Kovalenko Oleksandr", "exact"),
    ("Коваленко Олександр", "Aleksandr Kovalenko", "translit"),
    ("Kovalenko Olexandr", "Kovalenko Oleksandr", "translit"),
    ("Гончаренко Богдан", "Honcharenko Bohdan", "translit"),
    ("王伟", "Wang Wei", "exact"),
    ("Коваленко Олександр Петрович", "Kovalenko Oleksandr", "partial"),
    ("Nguyễn Văn An", "Trần Thị Mai", "different"),
])
def test_person_names_across_scripts(a: str, b: str, level: str) -> None:
    assert _name(a, b) == level


@pytest.mark.parametrize(("a", "b", "level"), [
    ("Công ty TNHH Minh Phát", "Minh Phat Co., Ltd.", "exact"),
    ("北京安兴食品股份有限公司", "Beijing Anxing Food Co., Ltd.", "translit"),
    ("ТОВ «Укрбуд»", "Ukrbud LLC", "exact"),
    ("Công ty Cổ phần Sản xuất Đông Khang", "Dong Khang Industrial JSC", "exact"),
    ("Minh Phát Construction JSC", "Minh Phát Trading JSC", "half"),
])
def test_company_names_ignore_legal_forms_and_translate_business_words(a: str, b: str, level: str) -> None:
    assert _name(a, b, "Company") == level


def test_transliteration_skeleton() -> None:
    assert skeleton("oleksandr") == skeleton("olexandr") == skeleton("aleksandr")
    assert skeleton("kovalenko") != skeleton("kovalchuk")


@pytest.mark.slow
@pytest.mark.parametrize("n", [2, 3, 4])
def test_febrl_held_out_f1(n: int) -> None:
    from bench.er_febrl import kith_records, kith_scores, load, prf
    from ingest.resolution.model import load_model

    model = load_model()
    frame, truth, link_only = load(n)
    cross = dict(zip(frame.index.astype(str), frame["source_dataset"], strict=True)) if link_only else None
    scores = kith_scores(kith_records(frame), model, cross)
    figures = prf({p for p, s in scores.items() if s >= model.possible}, truth)
    assert figures["precision"] >= 0.995 and figures["f1"] >= 0.995
