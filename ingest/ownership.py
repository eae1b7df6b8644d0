"""The ownership total rule (DECISIONS.md): the direct shares held in one company by all
holders valid on a date may not exceed 100% (0.01 tolerance). Stored holdings and the
unchanged rows of this load count as given; incoming rows are taken in file order and
a row that would push some date's total over 100% is rejected, naming the company,
the date and the total."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.store import valid_on

TOLERANCE = 0.01
LIMIT = 100.0 + TOLERANCE


@dataclass(frozen=True, slots=True)
class Holding:
    id: str
    share: float
    valid_from: str | None
    valid_to: str | None

    def holds_on(self, day: str) -> bool:
        return valid_on({"valid_from": self.valid_from, "valid_to": self.valid_to}, day)


@dataclass(frozen=True, slots=True)
class Excess:
    holding: Holding
    day: str  # "" means "from the open start", before any dated holding
    total: float

    def reason(self, company: str) -> str:
        when = f"on {self.day}" if self.day else "with no start date"
        return (f"direct ownership of company {company} would total {self.total:.2f}% {when} "
                f"(more than 100%); this row's {self.holding.share:g}% is rejected")


def _total_on(day: str, holdings: Iterable[Holding]) -> float:
    return sum(h.share for h in holdings if h.holds_on(day))


def _worst_day(candidate: Holding, accepted: list[Holding]) -> tuple[str, float]:
    """The day within the candidate's validity where the total is highest. Totals only
    rise where a holding starts, so those days (and the candidate's own start) suffice."""
    days = {candidate.valid_from or ""}
    days.update(h.valid_from for h in accepted if h.valid_from and candidate.holds_on(h.valid_from))
    best_day, best_total = "", -1.0
    for day in sorted(days):
        if not candidate.holds_on(day):
            continue
        total = _total_on(day, accepted) + candidate.share
        if total > best_total:
            best_day, best_total = day, total
    return best_day, best_total


def check_company(given: list[Holding], incoming: list[Holding]) -> list[Excess]:
    """Incoming holdings that would push the company over 100% on some date."""
    if sum(h.share for h in given) + sum(h.share for h in incoming) <= LIMIT:
        return []  # the common case: even all at once they fit
    accepted = list(given)
    excess: list[Excess] = []
    for holding in incoming:
        day, total = _worst_day(holding, accepted)
        if total > LIMIT:
            excess.append(Excess(holding, day, round(total, 4)))
        else:
            accepted.append(holding)
    return excess
