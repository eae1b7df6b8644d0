"""Currency conversion with a rate table: every rate has a date, and a conversion uses the
latest rate on or before the rate date asked for (the earliest rate when none is that old),
and reports the date of the rate it used, so a report is reproducible.

Tables are CSV with columns currency, rate_to_usd, rate_date (the demo generator's
fx_rates.csv): one unit of `currency` is worth `rate_to_usd` US dollars.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InvalidRequestError
from graph.settings import Settings, get_settings

FX_FILE_NAME = "fx_rates.csv"


@dataclass(frozen=True)
class Conversion:
    amount: float
    rate: float  # reporting units per unit of the source currency
    rate_date: str | None


@dataclass
class RateTable:
    """currency -> sorted (rate_date, rate_to_usd) pairs; conversions go through USD."""

    reporting: str = "USD"
    rate_date: str | None = None  # convert with the latest rate on or before this date
    _rates: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    _memo: dict[str, Conversion] = field(default_factory=dict, repr=False, compare=False)

    def add(self, currency: str, rate_to_usd: float, rate_date: str) -> None:
        if rate_to_usd <= 0:
            raise InvalidRequestError(f"rate for {currency} on {rate_date} must be positive")
        bisect.insort(self._rates.setdefault(currency.upper(), []), (rate_date, rate_to_usd))
        self._memo.clear()

    def currencies(self) -> list[str]:
        return sorted(self._rates)

    def _to_usd(self, currency: str) -> tuple[float, str | None]:
        if currency == "USD" and "USD" not in self._rates:
            return 1.0, None
        history = self._rates.get(currency)
        if not history:
            raise InvalidRequestError(f"no exchange rate for {currency}")
        if self.rate_date is None:
            return history[-1][1], history[-1][0]
        at = bisect.bisect_right(history, (self.rate_date, float("inf")))
        # No rate yet on that date: the earliest rate, whose date every conversion reports.
        chosen = history[at - 1] if at else history[0]
        return chosen[1], chosen[0]

    def rate(self, currency: str) -> Conversion:
        """Reporting units per unit of `currency` (identity for the reporting currency);
        remembered per currency (a portfolio converts every facility with a handful)."""
        known = self._memo.get(currency)
        if known is None:
            known = self._memo[currency] = self._rate(currency)
        return known

    def _rate(self, currency: str) -> Conversion:
        currency = currency.upper()
        if currency == self.reporting:
            return Conversion(1.0, 1.0, None)
        source, source_date = self._to_usd(currency)
        target, target_date = self._to_usd(self.reporting)
        dates = [d for d in (source_date, target_date) if d]
        return Conversion(1.0, source / target, max(dates) if dates else None)

    def convert(self, amount: float, currency: str) -> Conversion:
        unit = self.rate(currency)
        return Conversion(amount * unit.rate, unit.rate, unit.rate_date)

    def on(self, rate_date: str | None) -> RateTable:
        """The same rates, read as of another date."""
        return RateTable(self.reporting, rate_date, self._rates)


def read_rates(paths: Iterable[Path], reporting: str = "USD", rate_date: str | None = None) -> RateTable:
    table = RateTable(reporting=reporting.upper(), rate_date=rate_date)
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                day = dt.date.fromisoformat(row["rate_date"].strip()).isoformat()
                table.add(row["currency"].strip(), float(row["rate_to_usd"]), day)
    return table


def default_rates(rate_date: str | None = None, settings: Settings | None = None) -> RateTable:
    """The bank's rate table: data_dir/fx_rates.csv when present, else the reporting currency only."""
    settings = settings or get_settings()
    path = settings.data_dir / FX_FILE_NAME
    return read_rates([path] if path.exists() else [], settings.reporting_currency, rate_date)
