"""Freezing the survivors of long full collections keeps the next ones short."""

import gc
import weakref
from collections.abc import Iterator

import pytest

from vinculo.services import collector


@pytest.fixture
def frozen() -> Iterator[None]:
    yield
    collector.stop_freezing()
    gc.unfreeze()


class _Probe:
    """An object a weak reference can point to."""


def _long_lived(n: int) -> list[list[int]]:
    return [[i] for i in range(n)]


def test_survivors_of_a_long_collection_are_frozen(frozen: None) -> None:
    collector.freeze_survivors(long_pause=0.0)  # every full collection counts as long
    before = gc.get_freeze_count()
    kept = _long_lived(10_000)
    gc.collect()
    assert gc.get_freeze_count() >= before + len(kept)
    # a frozen object is still freed by reference counting when its last reference goes
    holder = [_Probe()]
    before = gc.get_freeze_count()
    gc.collect()
    assert gc.get_freeze_count() > before  # the holder and its probe are frozen now
    probe = weakref.ref(holder[0])
    del holder
    assert probe() is None


def test_short_collections_leave_survivors_to_the_collector(frozen: None) -> None:
    collector.freeze_survivors(long_pause=3600.0)  # no collection is that long
    before = gc.get_freeze_count()
    kept = _long_lived(10_000)
    gc.collect()
    assert gc.get_freeze_count() < before + len(kept)


def test_cycles_left_after_stopping_are_collected(frozen: None) -> None:
    collector.freeze_survivors(long_pause=0.0)
    collector.stop_freezing()
    before = gc.get_freeze_count()
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1  # the cycle is found: nothing froze it
    assert gc.get_freeze_count() == before
