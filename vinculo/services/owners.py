"""Who owns and marks the names of each indexed entity: which ones a principal may see whole.

Beside the shared name index (`services.screening`), each indexed entity
keeps one code: the (agency, marking) pair of all its indexed statements when
they share one, which is nearly always (a source entity comes from one
agency's import under one marking), else ``MIXED``. Statements and markings
never change once written (only retraction and purge take them away, and
those refresh the index), so for a principal the code says whether the
entity's indexed names are all visible, all invisible, or must be read.

It is only a hint for choosing candidates: what a search shows is always read
again through the query layer (`services.hits`). An entity skipped on a stale
hint is merely not found until the index refreshes (at most ``CHECK_SECONDS``
for other processes' writes); nothing is ever shown on it.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["HIDDEN", "MIXED", "WHOLE", "Owners"]

MIXED = -1  # statements of several (agency, marking) pairs: read to know what is visible
HIDDEN, WHOLE = 0, 1  # what `Owners.sight` says of an entity with a single pair


class Owners:
    """The pair code of each indexed entity, by entity number (appended in index order)."""

    def __init__(self) -> None:
        self._pairs: dict[tuple[int, int], int] = {}
        self._codes = array("i")
        self._view: NDArray[np.int32] | None = None

    def __len__(self) -> int:
        return len(self._codes)

    def append(self, owners: Sequence[Sequence[int]]) -> None:
        """The next entity's distinct (agency id, marking id) pairs."""
        if len(owners) == 1:
            agency_id, marking_id = owners[0]
            code = self._pairs.setdefault((agency_id, marking_id), len(self._pairs))
        else:
            code = MIXED
        self._codes.append(code)
        self._view = None

    def sight(
        self,
        numbers: NDArray[np.integer[Any]],
        agency_id: int | None,
        markings: frozenset[int] | None,
    ) -> NDArray[np.int8]:
        """For each entity number: ``WHOLE``, ``HIDDEN`` or ``MIXED`` to this principal.

        ``agency_id`` and ``markings`` are the principal's own agency and the
        markings that release other agencies' facts to it (``markings`` None:
        the principal sees everything).
        """
        if self._view is None:
            self._view = np.frombuffer(self._codes, dtype=np.int32).copy()
        codes = self._view[numbers]
        released = np.zeros(len(self._pairs) + 1, dtype=np.int8)  # the extra slot: MIXED
        for (owner, marking), code in self._pairs.items():
            sees = markings is None or owner == agency_id or marking in markings
            released[code] = WHOLE if sees else HIDDEN
        out: NDArray[np.int8] = released[codes]
        out[codes == MIXED] = MIXED
        return out
