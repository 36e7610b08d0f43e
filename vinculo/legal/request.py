"""An extradition request and its attributed, append-only history.

A request is a value: ``advance`` returns a new request with one more
transition and never rewrites the old ones, so the history of who moved a
request, when, and on the strength of which document is never lost (the
store keeps each transition as statements, see phase 2 of issue 7).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from vinculo.exc import Conflict, InvalidData, Joined, Message
from vinculo.i18n import N_
from vinculo.legal.rules import RuleBook, default_rules
from vinculo.legal.state import (
    OUTCOMES,
    START_STATES,
    Country,
    State,
    allowed_next,
)


@dataclass(frozen=True)
class Transition:
    """Entry into ``state``: the legal date, who recorded it, and the document behind it."""

    state: State
    on: date | None
    by: str
    previous: State | None = None
    document: str | None = None
    note: str | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class ExtraditionRequest:
    id: str
    person: str
    requesting: Country
    requested: Country
    history: tuple[Transition, ...]
    cases: tuple[str, ...] = ()
    diplomatic_notes: tuple[str, ...] = ()
    title: str | None = None
    sources: tuple[str, ...] = field(default=(), compare=False)

    @property
    def current(self) -> Transition:
        return self.history[-1]

    @property
    def state(self) -> State:
        return self.current.state

    @property
    def closed(self) -> bool:
        return self.state in OUTCOMES

    def last_known_date(self) -> date | None:
        for step in reversed(self.history):
            if step.on is not None:
                return step.on
        return None

    def advance(
        self,
        state: State,
        *,
        on: date | None,
        by: str,
        document: str | None = None,
        note: str | None = None,
        recorded_at: datetime | None = None,
        rules: RuleBook | None = None,
    ) -> ExtraditionRequest:
        """Move to ``state``; raise `Conflict` if the law does not allow that move.

        ``on`` may be None only for historical records whose date is not
        public; deadlines cannot run from an unknown date.
        """
        if self.closed:
            raise Conflict(
                N_(
                    "extradition request {id} is closed ({value}); no further transitions are "
                    "possible"
                ),
                id=self.id,
                value=self.state.value,
            )
        allowed = allowed_next(self.requested, self.state)
        if state not in allowed:
            hint: str | Message = ""
            if state in (State.AMPARO, State.HABEAS):
                other = State.HABEAS if state is State.AMPARO else State.AMPARO
                hint = Message.of(
                    N_(
                        " ({stage} is not a stage when {requested} is the requested state; its "
                        "review is {other})"
                    ),
                    stage=state.value,
                    requested=self.requested,
                    other=other.value,
                )
            raise Conflict(
                N_(
                    "extradition request {id} cannot move from {state!r} to {target!r}{hint}; "
                    "allowed next states from {state!r} (requested state {requested}): {allowed}"
                ),
                id=self.id,
                state=self.state.value,
                target=state.value,
                hint=hint,
                requested=self.requested,
                allowed=", ".join(s.value for s in allowed),
            )
        last = self.last_known_date()
        if on is not None and last is not None and on < last:
            raise InvalidData.at(
                N_(
                    "date {on} is before the last recorded stage ({last}); record transitions in "
                    "order"
                ),
                field="on",
                on=on.isoformat(),
                last=last.isoformat(),
            )
        if state is State.RELEASED_DEADLINE:
            self._check_release(on, rules or default_rules())
        step = Transition(
            state=state,
            on=on,
            by=by,
            previous=self.state,
            document=document,
            note=note,
            recorded_at=recorded_at,
        )
        return replace(self, history=(*self.history, step))

    def _check_release(self, on: date | None, rules: RuleBook) -> None:
        from vinculo.legal.deadline import deadlines

        if on is None:
            raise InvalidData.at(N_("a release on an expired deadline needs its date"), field="on")
        releasing = [
            d for d in deadlines(self, rules) if d.rule.on_expiry is State.RELEASED_DEADLINE
        ]
        if not releasing:
            raise Conflict(
                N_(
                    "extradition request {id}: no deadline in stage {value!r} frees the person "
                    "when it lapses"
                ),
                id=self.id,
                value=self.state.value,
            )
        if not any(d.due < on for d in releasing):
            due = Joined(
                tuple(
                    Message.of(N_("{rule} is due {date}"), rule=d.rule.id, date=d.due.isoformat())
                    for d in releasing
                ),
                separator=", ",
            )
            raise Conflict(
                N_(
                    "extradition request {id} cannot be released_deadline on {on}: the deadline "
                    "has not passed ({due})"
                ),
                id=self.id,
                on=on.isoformat(),
                due=due,
            )


def open_request(
    *,
    id: str,
    person: str,
    requesting: Country,
    requested: Country,
    state: State,
    on: date | None,
    by: str,
    document: str | None = None,
    note: str | None = None,
    cases: tuple[str, ...] = (),
    diplomatic_notes: tuple[str, ...] = (),
    title: str | None = None,
    recorded_at: datetime | None = None,
) -> ExtraditionRequest:
    """A new request, which starts at provisional arrest or at the formal request."""
    if requesting == requested:
        raise InvalidData.at(
            N_("requesting and requested state are both {requested}"),
            field="requested",
            requested=requested,
        )
    if state not in START_STATES:
        starts = Joined(
            tuple(sorted(s.value for s in START_STATES)), separator=Message.of(N_(" or "))
        )
        raise InvalidData.at(
            N_("a request starts at {starts}, not {value!r}"),
            field="state",
            starts=starts,
            value=state.value,
        )
    if not person.strip():
        raise InvalidData.at(N_("the person sought is required"), field="person")
    first = Transition(
        state=state, on=on, by=by, document=document, note=note, recorded_at=recorded_at
    )
    return ExtraditionRequest(
        id=id,
        person=person,
        requesting=requesting,
        requested=requested,
        history=(first,),
        cases=cases,
        diplomatic_notes=diplomatic_notes,
        title=title,
    )
