"""Due dates of the deadlines that run in a request's current stage.

`deadlines` applies the rules (`vinculo.legal.rules`) to one request;
`due_within` answers "what falls due within N days as of DATE" for many,
which is what ``vinculo legal due``, the dashboard and the API show.
Deadlines already past are included: a lapsed deadline on an open request
is the most urgent thing on the list.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from vinculo.legal.request import ExtraditionRequest, Transition
from vinculo.legal.rules import DeadlineRule, RuleBook, Unit
from vinculo.legal.state import State


@dataclass(frozen=True)
class Deadline:
    request: str
    state: State
    rule: DeadlineRule
    start: date
    due: date

    def days_left(self, as_of: date) -> int:
        return (self.due - as_of).days

    def record(self) -> dict[str, str]:
        """The interface record: ``{request, state, due, rule}``."""
        return {
            "request": self.request,
            "state": self.state.value,
            "due": self.due.isoformat(),
            "rule": self.rule.id,
        }


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, or that month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _entry(request: ExtraditionRequest) -> Transition:
    return request.current


def _start(request: ExtraditionRequest, rule: DeadlineRule, book: RuleBook) -> date | None:
    entry = _entry(request)
    if rule.start.after_rule is not None:
        return _due(request, book[rule.start.after_rule], book)
    if rule.start.exited:
        for step in reversed(request.history):
            if step.previous in rule.start.exited:
                return step.on
        return None
    return entry.on


def _due(request: ExtraditionRequest, rule: DeadlineRule, book: RuleBook) -> date | None:
    start = _start(request, rule, book)
    if start is None:
        return None
    if rule.unit is Unit.CALENDAR_DAYS:
        due = start + timedelta(days=rule.count)
    elif rule.unit is Unit.CALENDAR_MONTHS:
        due = add_months(start, rule.count)
    else:
        assert rule.calendar is not None  # checked when the rules are loaded
        due = book.calendars[rule.calendar].add_business_days(start, rule.count)
    if rule.roll_to_business_day and rule.calendar is not None:
        due = book.calendars[rule.calendar].next_business_day(due)
    return due


def _applies(request: ExtraditionRequest, rule: DeadlineRule) -> bool:
    if not rule.when_entered_from:
        return True
    return _entry(request).previous in rule.when_entered_from


def deadlines(request: ExtraditionRequest, book: RuleBook) -> list[Deadline]:
    """The deadlines running now, earliest first; none for a closed request."""
    if request.closed:
        return []
    out = []
    for rule in book.for_state(request.requested, request.state):
        if not _applies(request, rule):
            continue
        start = _start(request, rule, book)
        due = _due(request, rule, book)
        if start is None or due is None:
            continue  # a historical record without a public date
        out.append(Deadline(request.id, request.state, rule, start, due))
    return sorted(out, key=lambda d: (d.due, d.rule.id))


def due_within(
    requests: Iterable[ExtraditionRequest], *, as_of: date, days: int, book: RuleBook
) -> list[Deadline]:
    """Deadlines of open requests due on or before ``as_of + days`` (lapsed ones too)."""
    horizon = as_of + timedelta(days=days)
    found = [d for r in requests for d in deadlines(r, book) if d.due <= horizon]
    return sorted(found, key=lambda d: (d.due, d.request, d.rule.id))
