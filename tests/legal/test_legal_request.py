from datetime import date, timedelta

import pytest

from tests.factories import extradition_request, walk
from vinculo.exc import Conflict, InvalidData
from vinculo.legal.request import ExtraditionRequest
from vinculo.legal.rules import default_rules
from vinculo.legal.state import State

S = State


def _mx(start: State = S.PROVISIONAL_ARREST, on: date = date(2024, 1, 10)) -> ExtraditionRequest:
    return extradition_request(  # type: ignore[no-any-return]
        state=start, on=on, by="officer.fgr", document="SRE nota 1234"
    )


def test_walk_mexico_from_provisional_arrest_to_extradited() -> None:
    r = _mx()
    steps = [
        (S.FORMAL_REQUEST, date(2024, 2, 20), "Nota diplomática 0456"),
        (S.OBJECTIONS, date(2024, 3, 1), "Acta de audiencia, art. 24 LEI"),
        (S.JUDICIAL_OPINION, date(2024, 4, 10), "Cierre del periodo probatorio"),
        (S.EXECUTIVE_DECISION, date(2024, 4, 15), "Opinión jurídica del Juez"),
        (S.SURRENDER_GRANTED, date(2024, 5, 2), "Acuerdo SRE"),
        (S.AMPARO, date(2024, 5, 20), "Demanda de amparo 55/2024"),
        (S.SURRENDER_GRANTED, date(2024, 9, 2), "Amparo negado en revisión"),
        (S.EXTRADITED, date(2024, 9, 20), "Acta de entrega"),
    ]
    for state, on, doc in steps:
        r = r.advance(state, on=on, by="officer.fgr", document=doc)
    assert r.state is S.EXTRADITED and r.closed
    assert [t.state for t in r.history] == [S.PROVISIONAL_ARREST] + [s for s, _, _ in steps]
    assert [t.previous for t in r.history[1:]] == [t.state for t in r.history[:-1]]
    assert r.history[6].document == "Demanda de amparo 55/2024"
    assert all(t.by == "officer.fgr" for t in r.history)
    with pytest.raises(Conflict, match="closed"):
        r.advance(S.WITHDRAWN, on=date(2024, 10, 1), by="x")


def test_walk_united_states_with_habeas() -> None:
    r = extradition_request(
        requesting="MX", requested="US", state=S.FORMAL_REQUEST, on=date(2023, 1, 5), by="doj.oia"
    )
    steps = [
        (S.OBJECTIONS, date(2023, 3, 1)),
        (S.JUDICIAL_OPINION, date(2023, 3, 2)),
        (S.HABEAS, date(2023, 4, 1)),
        (S.EXECUTIVE_DECISION, date(2023, 8, 1)),
        (S.SURRENDER_GRANTED, date(2023, 9, 1)),
        (S.EXTRADITED, date(2023, 9, 15)),
    ]
    assert walk(r, steps, by="doj.oia").state is S.EXTRADITED


def test_released_because_the_60_days_passed() -> None:
    r = _mx(on=date(2024, 1, 10))  # due 2024-03-10
    with pytest.raises(Conflict, match=r"has not passed.*due 2024-03-10"):
        r.advance(S.RELEASED_DEADLINE, on=date(2024, 3, 10), by="judge")
    released = r.advance(S.RELEASED_DEADLINE, on=date(2024, 3, 11), by="judge", document="Auto")
    assert released.state is S.RELEASED_DEADLINE and released.closed
    assert released.history[0] == r.history[0]  # history kept


def test_release_needs_a_freeing_deadline() -> None:
    r = _mx().advance(S.FORMAL_REQUEST, on=date(2024, 2, 1), by="x")
    with pytest.raises(Conflict, match="allowed next states from 'formal_request'"):
        r.advance(S.RELEASED_DEADLINE, on=date(2025, 1, 1), by="x")


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        (S.HABEAS, "habeas is not a stage when MX is the requested state; its review is amparo"),
        (S.EXTRADITED, "cannot move from 'provisional_arrest' to 'extradited'"),
        (S.JUDICIAL_OPINION, "formal_request, released_deadline, withdrawn"),
    ],
)
def test_invalid_transitions_name_state_and_allowed(target: State, needle: str) -> None:
    with pytest.raises(Conflict) as err:
        _mx().advance(target, on=date(2024, 1, 11), by="x")
    assert needle in str(err.value)


def test_amparo_refused_when_us_is_requested() -> None:
    r = extradition_request(requesting="MX", requested="US", on=date(2024, 1, 1))
    with pytest.raises(Conflict, match="its review is habeas"):
        r.advance(S.AMPARO, on=date(2024, 1, 2), by="x")


def test_open_checks() -> None:
    assert _mx(S.FORMAL_REQUEST).state is S.FORMAL_REQUEST
    with pytest.raises(InvalidData, match="starts at formal_request or provisional_arrest"):
        _mx(S.OBJECTIONS)
    with pytest.raises(InvalidData, match="both MX"):
        extradition_request(requesting="MX", requested="MX", state=S.FORMAL_REQUEST)


def test_dates_must_not_go_backwards_and_unknown_dates_are_allowed() -> None:
    r = _mx(S.FORMAL_REQUEST, on=date(2024, 1, 10))
    with pytest.raises(InvalidData, match="before the last recorded stage"):
        r.advance(S.OBJECTIONS, on=date(2024, 1, 9), by="x")
    r = r.advance(S.OBJECTIONS, on=None, by="x")
    with pytest.raises(InvalidData):
        r.advance(S.JUDICIAL_OPINION, on=date(2024, 1, 1), by="x")
    assert r.advance(S.JUDICIAL_OPINION, on=date(2024, 2, 1), by="x").last_known_date() == date(
        2024, 2, 1
    )


def test_us_release_under_3188_after_two_months() -> None:
    r = extradition_request(
        requesting="MX", requested="US", state=S.FORMAL_REQUEST, on=date(2024, 1, 2)
    )
    certified = date(2024, 2, 29)
    r = walk(
        r,
        [
            (S.OBJECTIONS, date(2024, 2, 1)),
            (S.JUDICIAL_OPINION, date(2024, 2, 2)),
            (S.EXECUTIVE_DECISION, certified),
        ],
    )
    book = default_rules()
    with pytest.raises(Conflict):
        r.advance(S.RELEASED_DEADLINE, on=date(2024, 4, 29), by="x", rules=book)
    out = r.advance(S.RELEASED_DEADLINE, on=date(2024, 4, 29) + timedelta(days=1), by="x")
    assert out.state is S.RELEASED_DEADLINE
