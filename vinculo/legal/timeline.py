"""Timelines of a person or organization from dated facts.

Events come from three places: facts recorded as events (captures,
escapes, designations, verdicts), the filing and unsealing of each version
of a charging document, and each stage of an extradition request. Dates may
be partial (``1993``, ``1993-06``); they sort as ISO prefixes, so a month
comes before the days inside it. Undated facts are kept apart rather than
guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from vinculo.legal.indictment import CriminalCase
from vinculo.legal.request import ExtraditionRequest


class EventKind(StrEnum):
    CAPTURE = "capture"
    ESCAPE = "escape"
    TRANSFER = "transfer"
    INDICTMENT = "indictment"
    UNSEALED = "unsealed"
    ARRAIGNMENT = "arraignment"
    TRIAL = "trial"
    VERDICT = "verdict"
    SENTENCE = "sentence"
    DESIGNATION = "designation"
    EXTRADITION_STAGE = "extradition_stage"
    OTHER = "other"


@dataclass(frozen=True)
class TimelineEvent:
    date: str | None
    kind: EventKind
    label: str
    subjects: tuple[str, ...]
    place: str | None = None
    ref: str | None = None  # the case or request the event belongs to
    sources: tuple[str, ...] = field(default=(), compare=False)


def case_events(case: CriminalCase) -> list[TimelineEvent]:
    """Filing and unsealing of every version of a case's charging document."""
    out = []
    for version in case.versions:
        subjects = (
            tuple(
                dict.fromkeys(
                    (*version.defendants, *(d for c in version.counts for d in c.defendants))
                )
            )
            or case.defendants
        )
        head = " ".join(x for x in (case.court.label, case.case_number) if x)
        label = f"{head}: {version.label}"
        if version.kind != "trial":
            out.append(
                TimelineEvent(
                    date=version.filed,
                    kind=EventKind.INDICTMENT,
                    label=f"{label} ({version.total} counts)" if version.total else label,
                    subjects=subjects,
                    ref=case.id,
                    sources=version.sources,
                )
            )
        if version.unsealed:
            out.append(
                TimelineEvent(
                    date=version.unsealed,
                    kind=EventKind.UNSEALED,
                    label=f"{label} unsealed",
                    subjects=subjects,
                    ref=case.id,
                    sources=version.sources,
                )
            )
    return out


def request_events(request: ExtraditionRequest) -> list[TimelineEvent]:
    """One event per stage of an extradition request."""
    return [
        TimelineEvent(
            date=step.on.isoformat() if step.on else None,
            kind=EventKind.EXTRADITION_STAGE,
            label=f"{request.title or request.id}: {step.state.value}",
            subjects=(request.person,),
            ref=request.id,
            sources=(step.document,) if step.document else (),
        )
        for step in request.history
    ]


def build_timeline(
    subjects: Iterable[str],
    *,
    events: Iterable[TimelineEvent] = (),
    cases: Iterable[CriminalCase] = (),
    requests: Iterable[ExtraditionRequest] = (),
) -> tuple[list[TimelineEvent], list[TimelineEvent]]:
    """(dated events in order, undated events) concerning any of ``subjects``.

    For an organization pass its id together with the ids of the members
    whose events belong on its timeline.
    """
    wanted = set(subjects)
    pool: list[TimelineEvent] = list(events)
    for case in cases:
        pool.extend(case_events(case))
    for request in requests:
        pool.extend(request_events(request))
    mine = {e for e in pool if wanted.intersection(e.subjects)}
    # A stable sort on the date alone keeps same-day stages in procedural order.
    ordered = [e for e in dict.fromkeys(pool) if e in mine]
    dated = sorted((e for e in ordered if e.date), key=lambda e: e.date or "")
    undated = [e for e in ordered if not e.date]
    return dated, undated
