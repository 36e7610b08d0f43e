"""Judgements about whether two entities are the same, as append-only edges.

An edge is one decision about one pair: who (an analyst, or xref for an
automatic link), when, why, with what score. Edges are never updated or
deleted. A later edge about the same pair supersedes the earlier one; an
undo is an edge that restores the judgement the undone edge replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from vinculo.exc import InvalidData
from vinculo.i18n import N_


class Judgement(StrEnum):
    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"
    #: No decision on the pair (what an undo of the first judgement restores).
    NONE = "none"

    @classmethod
    def parse(cls, text: str) -> Judgement:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise InvalidData(
                N_("unknown judgement {text!r}; expected same, different, unsure or none"),
                text=text,
            ) from None


class Origin(StrEnum):
    ANALYST = "analyst"
    #: An automatic link above the high-precision threshold.
    XREF = "xref"


def pair_key(left: str, right: str) -> tuple[str, str]:
    """The order-free key of a pair; an entity is never paired with itself."""
    if left == right:
        raise InvalidData(N_("cannot judge an entity against itself: {left!r}"), left=left)
    return (left, right) if left < right else (right, left)


@dataclass(frozen=True)
class Edge:
    """One recorded decision about a pair (``left < right``)."""

    id: int
    left: str
    right: str
    judgement: Judgement
    origin: Origin
    user: str
    created_at: datetime
    reason: str | None = None
    score: float | None = None
    #: The edge about the same pair this one replaces, if any.
    supersedes: int | None = None
    #: True when this edge undoes ``supersedes`` (restoring what it replaced).
    undo: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.left, self.right)

    @property
    def positive(self) -> bool:
        return self.judgement is Judgement.SAME

    @property
    def by_analyst(self) -> bool:
        return self.origin is Origin.ANALYST
