"""Referrer and channel effectiveness."""

from __future__ import annotations

from typing import Any

from queries.referrals import period_of, referral_report
from tests.views.build import small_bank


def test_by_referrer(store: Any) -> None:
    b = small_bank(store)
    b.link("REFERRED", "r-one", "y-family", date="2024-01-20", channel="referrer", outcome="converted",
           outcome_date="2024-01-30", value=50_000.0)
    (row,) = referral_report(store)
    assert (row.key, row.referrals, row.conversions, row.lost, row.open) == ("r-one", 4, 2, 1, 1)
    assert row.conversion_rate == 0.5
    assert row.converted_value == 150_000.0
    assert row.commission == 3_000.0  # 2% of 150,000
    assert row.median_days_to_convert == 35.0  # 60 and 10 days


def test_by_channel_and_period(store: Any) -> None:
    small_bank(store)
    rows = referral_report(store, by="channel", period="quarter")
    assert [(r.key, r.period, r.referrals, r.conversions) for r in rows] == [
        ("event", "2024-Q1", 1, 0), ("referrer", "2024-Q1", 1, 1), ("referrer", "2024-Q2", 1, 0),
    ]
    assert [r.period for r in referral_report(store, period="month")] == ["2024-01", "2024-02", "2024-06"]
    assert referral_report(store, date_from="2024-03-01")[0].referrals == 1


def test_period_labels() -> None:
    assert [period_of("2025-03-14", p) for p in ("day", "week", "month", "quarter", "year")] == [
        "2025-03-14", "2025-W11", "2025-03", "2025-Q1", "2025",
    ]
