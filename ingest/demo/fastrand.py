"""Cheaper draws than `random.Random.randint/choice/randrange` for the generator's hot loops.

One `random()` call each; the tiny bias of `int(random() * n)` does not matter for demo data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def below(rng: random.Random, n: int) -> int:
    """An integer in [0, n)."""
    return int(rng.random() * n)


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], both ends included."""
    return low + int(rng.random() * (high - low + 1))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]
