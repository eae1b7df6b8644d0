"""Limit profiles (schedules by date) and the rate table (rate dates, conversion via USD)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidRequestError, NotFoundError
from queries.risk.fx import read_rates
from queries.risk.profiles import get_profile, load_profiles


def test_every_required_profile_is_there() -> None:
    assert {"basel", "china", "vietnam", "ukraine"} <= set(load_profiles())
    assert get_profile("basel").group_limit_pct("2025-01-01") == 25
    assert (get_profile("china").group_limit_pct(None), get_profile("china").single_limit_pct(None)) == (20, 15)
    assert get_profile("ukraine").group_limit_pct("2025-01-01") == 25
    assert get_profile("china").family_joins and not get_profile("basel").family_joins
    with pytest.raises(NotFoundError):
        get_profile("atlantis")


@pytest.mark.parametrize(("day", "group", "single"), [
    ("2024-06-30", 25, 15), ("2024-07-01", 23, 14), ("2025-12-31", 23, 14), ("2026-01-01", 21, 13),
    ("2027-06-01", 19, 12), ("2028-06-01", 17, 11), ("2029-01-01", 15, 10), ("2035-01-01", 15, 10),
])
def test_vietnam_schedule_steps_down_to_15_in_2029(day: str, group: float, single: float) -> None:
    profile = get_profile("vietnam")
    assert (profile.group_limit_pct(day), profile.single_limit_pct(day)) == (group, single)


def test_rates_by_date_through_usd(tmp_path: Path) -> None:
    # 1 EUR = 1.10 USD (2024), 1.20 USD (2025); 1 VND = 0.00004 USD.
    # In EUR reporting on 2025-06-30: 1,000,000 VND = 40 USD = 40 / 1.20 EUR = 33.33 EUR.
    path = tmp_path / "fx_rates.csv"
    path.write_text("currency,rate_to_usd,rate_date\nEUR,1.10,2024-01-01\nEUR,1.20,2025-01-01\n"
                    "VND,0.00004,2024-01-01\nUSD,1,2024-01-01\n", encoding="utf-8")
    table = read_rates([path], "EUR", "2025-06-30")
    converted = table.convert(1_000_000, "VND")
    assert converted.amount == pytest.approx(40 / 1.20) and converted.rate_date == "2025-01-01"
    assert table.on("2024-06-30").convert(1_000_000, "VND").amount == pytest.approx(40 / 1.10)
    assert table.on("2020-01-01").rate("EUR").rate_date is None  # the reporting currency itself
    assert table.on("2020-01-01").convert(1, "VND").rate_date == "2024-01-01"  # earliest rate, dated
    with pytest.raises(InvalidRequestError):
        table.convert(1, "UAH")
