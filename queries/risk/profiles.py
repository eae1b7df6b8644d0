"""Limit profiles: the group rules and limits of one regulator, loaded from profiles.yaml.

A profile answers three questions for the rest of queries/risk: which links make a group
(thresholds, family), how a facility becomes exposure (CCF per type), and what the limit
is on a date (schedules, because Vietnam's limit steps down year by year).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from graph.errors import NotFoundError
from graph.settings import Settings, get_settings

PROFILES_FILE = Path(__file__).with_name("profiles.yaml")


class LimitStep(BaseModel):
    """A limit that applies from a date (None: from the beginning) until the next step."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: str | None = Field(default=None, alias="from")
    pct: float = Field(gt=0, le=100)


class LimitProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    regulation: str
    capital_base: str
    control_pct: float = 50
    dependence_pct: float = 50
    guarantee_share_pct: float = 50
    family_joins: bool = False
    ccf: dict[str, float] = Field(default_factory=dict)
    eligible_capital: float | None = None
    large_exposure_pct: float = 10
    group_limit: tuple[LimitStep, ...]
    single_limit: tuple[LimitStep, ...]

    def ccf_for(self, facility_type: str) -> float:
        """Credit conversion factor for the undrawn part; 100% unless the profile says otherwise."""
        return self.ccf.get(facility_type, 1.0)

    def group_limit_pct(self, on: str | None) -> float:
        return _step_on(self.group_limit, on)

    def single_limit_pct(self, on: str | None) -> float:
        return _step_on(self.single_limit, on)

    def capital(self, settings: Settings | None = None) -> float:
        """The profile's own eligible capital, else the bank-wide setting."""
        if self.eligible_capital is not None:
            return self.eligible_capital
        return (settings or get_settings()).eligible_capital


def _step_on(steps: tuple[LimitStep, ...], on: str | None) -> float:
    """The step with the latest start on or before `on` (the latest step when `on` is None)."""
    applicable = [s for s in steps if s.start is None or on is None or s.start <= on]
    if not applicable:
        return steps[0].pct
    return max(applicable, key=lambda s: s.start or "").pct


@lru_cache(maxsize=1)
def load_profiles(path: Path = PROFILES_FILE) -> dict[str, LimitProfile]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["profiles"]
    return {name: LimitProfile.model_validate({"name": name, **spec}) for name, spec in raw.items()}


def get_profile(name: str | None = None, settings: Settings | None = None) -> LimitProfile:
    """A profile by name; the settings' limit_profile when no name is given."""
    wanted = name or (settings or get_settings()).limit_profile
    profiles = load_profiles()
    if wanted not in profiles:
        raise NotFoundError(f"no limit profile {wanted!r}; known: {', '.join(sorted(profiles))}")
    return profiles[wanted]
