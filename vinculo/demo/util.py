"""Fast draws from a `random.Random`: one C call each instead of `randrange`'s loop.

Profiling showed `randrange`/`choice` as the first cost of generation; these
use a single `random()` float, which is plenty for sizes far below 2**53.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random
from typing import TypeVar

T = TypeVar("T")


def below(rng: Random, n: int) -> int:
    """An integer in [0, n)."""
    return int(rng.random() * n)


def between(rng: Random, low: int, high: int) -> int:
    """An integer in [low, high)."""
    return low + int(rng.random() * (high - low))


def pick(rng: Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]
