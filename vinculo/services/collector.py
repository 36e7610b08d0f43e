"""Short pauses of the cyclic garbage collector in a long-running server process.

A server process keeps hundreds of thousands of long-lived objects: the
analyses of the entities it has scored (cached by content in
`vinculo.match.analysis`), SQLAlchemy's statement cache, the screening
index's tables. A full collection walks every one of them, and every request
of the process waits meanwhile: at 100,000 demo people, after a few hundred
searches, full collections paused a process for up to 280 ms, and grew with
the cache.

Objects in the permanent generation (`gc.freeze`) are never walked again,
and reference counting still frees them when their last reference goes (an
evicted analysis, say); only cycles among them that turn to garbage later
are never collected. So, once the index is built, everything alive is
frozen; and after a full collection that paused longer than ``LONG_PAUSE``,
what survived it is frozen too. The next full collections then walk only
what has come to live since. What a request in flight at that moment leaves
behind in a cycle stays (a few kilobytes), and such pauses grow rare as the
caches fill.
"""

from __future__ import annotations

import gc
import time
from typing import Any

__all__ = ["LONG_PAUSE", "freeze_survivors", "stop_freezing"]

LONG_PAUSE = 0.02  # seconds: a full collection pausing longer moves its survivors out of reach

_started: list[float] = []
_long_pause: list[float] = [LONG_PAUSE]


def _after_collection(phase: str, info: dict[str, Any]) -> None:
    if info["generation"] != 2:
        return
    if phase == "start":
        _started[:] = [time.perf_counter()]
    elif _started and time.perf_counter() - _started[0] > _long_pause[0]:
        gc.freeze()  # the collection is over: what survived it stays out of the next ones


def freeze_survivors(long_pause: float = LONG_PAUSE) -> None:
    """Freeze everything alive now, and the survivors of every full collection that pauses
    longer than ``long_pause`` seconds from now on (once per process: later calls only
    change the threshold)."""
    _long_pause[0] = long_pause
    gc.freeze()
    if _after_collection not in gc.callbacks:
        gc.callbacks.append(_after_collection)


def stop_freezing() -> None:
    """No more freezing after long collections (what is frozen stays so)."""
    if _after_collection in gc.callbacks:
        gc.callbacks.remove(_after_collection)
