"""The ownership total rule on its own: only holdings valid on the same date add up."""

from __future__ import annotations

from ingest.ownership import Holding, check_company


def h(hid: str, share: float, start: str | None = None, end: str | None = None) -> Holding:
    return Holding(hid, share, start, end)


def test_holdings_in_different_periods_do_not_add_up() -> None:
    given = [h("old", 80, "2010-01-01", "2015-12-31")]
    assert check_company(given, [h("new", 80, "2016-01-01")]) == []


def test_the_row_that_pushes_a_date_over_100_is_named_with_the_date_and_total() -> None:
    given = [h("a", 60, "2010-01-01")]
    (excess,) = check_company(given, [h("b", 30, "2012-01-01"), h("c", 20, "2011-06-01", "2013-01-01")])
    assert excess.holding.id == "c" and excess.day == "2012-01-01" and excess.total == 110.0
    assert "company X would total 110.00% on 2012-01-01" in excess.reason("X")


def test_tolerance_and_open_dates() -> None:
    assert check_company([h("a", 33.33), h("b", 33.33)], [h("c", 33.35)]) == []  # 100.01 is within tolerance
    (excess,) = check_company([h("a", 50)], [h("b", 50.02)])
    assert excess.day == "" and "with no start date" in excess.reason("X")
