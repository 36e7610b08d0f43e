from datetime import date

import pytest

from vinculo.legal.deadline import add_months, deadlines, due_within
from vinculo.legal.request import ExtraditionRequest, open_request
from vinculo.legal.rules import default_rules
from vinculo.legal.state import State

S = State
BOOK = default_rules()


def _req(
    steps: list[tuple[State, date | None]], requested: str = "MX", rid: str = "r"
) -> ExtraditionRequest:
    first, on = steps[0]
    r = open_request(
        id=rid,
        person="p",
        requesting="US" if requested == "MX" else "MX",
        requested=requested,  # type: ignore[arg-type]
        state=first,
        on=on,
        by="t",
    )
    for state, when in steps[1:]:
        r = r.advance(state, on=when, by="t")
    return r


def _dues(r: ExtraditionRequest) -> dict[str, date]:
    return {d.rule.id: d.due for d in deadlines(r, BOOK)}


def test_provisional_arrest_sixty_calendar_days() -> None:
    r = _req([(S.PROVISIONAL_ARREST, date(2024, 1, 10))])
    assert _dues(r) == {"mx.provisional_arrest.formal_request": date(2024, 3, 10)}
    us = _req([(S.PROVISIONAL_ARREST, date(2023, 12, 31))], requested="US")
    assert _dues(us) == {"us.provisional_arrest.formal_request": date(2024, 2, 29)}


def test_objections_three_then_twenty_court_days_across_holidays() -> None:
    # Guzmán Loera: arrest orders executed Sunday 10 Jan 2016; three days ended 13 Jan.
    r = _req([(S.FORMAL_REQUEST, date(2015, 6, 25)), (S.OBJECTIONS, date(2016, 1, 10))])
    dues = _dues(r)
    assert dues["mx.objections.raise"] == date(2016, 1, 13)
    # 20 court days after 13 Jan 2016, skipping Monday 1 Feb 2016 (Constitution Day)
    assert dues["mx.objections.prove"] == date(2016, 2, 11)


def test_opinion_period_depends_on_where_the_request_came_from() -> None:
    base = [(S.FORMAL_REQUEST, date(2024, 1, 2))]
    after_proof = _req(
        [*base, (S.OBJECTIONS, date(2024, 1, 8)), (S.JUDICIAL_OPINION, date(2024, 3, 14))]
    )
    # Thu 14 Mar 2024 + 5 court days, Mon 18 Mar is a holiday: 15, 19, 20, 21, 22
    assert _dues(after_proof) == {"mx.judicial_opinion.after_proof": date(2024, 3, 22)}
    consent = _req([*base, (S.JUDICIAL_OPINION, date(2024, 3, 14))])
    assert _dues(consent) == {"mx.judicial_opinion.no_objections": date(2024, 3, 20)}


def test_sre_decision_uses_the_federal_calendar() -> None:
    r = _req(
        [
            (S.FORMAL_REQUEST, date(2023, 4, 3)),
            (S.JUDICIAL_OPINION, date(2023, 4, 10)),
            (S.EXECUTIVE_DECISION, date(2023, 4, 28)),
        ]
    )
    # 20 business days from Fri 28 Apr 2023; 1 May is a holiday, 5 May is not (LFT art. 74)
    assert _dues(r) == {"mx.executive_decision.sre": date(2023, 5, 29)}


def test_amparo_window_then_collection() -> None:
    r = _req(
        [
            (S.FORMAL_REQUEST, date(2016, 1, 4)),
            (S.JUDICIAL_OPINION, date(2016, 4, 1)),
            (S.EXECUTIVE_DECISION, date(2016, 5, 6)),
            (S.SURRENDER_GRANTED, date(2016, 5, 20)),
        ]
    )
    dues = _dues(r)
    # 30 court days from Fri 20 May 2016 (no holidays in between): Fri 1 Jul 2016
    assert dues["mx.surrender_granted.amparo"] == date(2016, 7, 1)
    assert dues["mx.surrender_granted.collection"] == date(2016, 8, 30)  # +60 calendar days
    after = r.advance(S.AMPARO, on=date(2016, 6, 10), by="t").advance(
        S.SURRENDER_GRANTED, on=date(2017, 1, 19), by="t"
    )
    assert _dues(after) == {"mx.surrender_granted.collection_after_amparo": date(2017, 3, 20)}


def test_3188_runs_from_certification_or_the_end_of_habeas() -> None:
    head = [(S.FORMAL_REQUEST, date(2024, 1, 2)), (S.OBJECTIONS, date(2024, 1, 20))]
    direct = _req(
        [*head, (S.JUDICIAL_OPINION, date(2024, 1, 25)), (S.EXECUTIVE_DECISION, date(2024, 1, 31))],
        requested="US",
    )
    assert _dues(direct) == {"us.surrender.3188": date(2024, 3, 31)}
    habeas = _req(
        [
            *head,
            (S.JUDICIAL_OPINION, date(2024, 1, 25)),
            (S.HABEAS, date(2024, 1, 31)),
            (S.EXECUTIVE_DECISION, date(2024, 6, 30)),
            (S.SURRENDER_GRANTED, date(2024, 7, 15)),
        ],
        requested="US",
    )
    assert _dues(habeas) == {"us.surrender.3188": date(2024, 8, 30)}


def test_unknown_dates_give_no_deadline_and_closed_requests_none() -> None:
    assert deadlines(_req([(S.PROVISIONAL_ARREST, None)]), BOOK) == []
    done = _req([(S.FORMAL_REQUEST, date(2024, 1, 1)), (S.WITHDRAWN, date(2024, 1, 2))])
    assert deadlines(done, BOOK) == []


def test_due_within_window_includes_lapsed_and_sorts() -> None:
    near = _req([(S.PROVISIONAL_ARREST, date(2024, 1, 10))], rid="near")  # due 2024-03-10
    far = _req([(S.PROVISIONAL_ARREST, date(2024, 2, 20))], rid="far")  # due 2024-04-20
    lapsed = _req([(S.PROVISIONAL_ARREST, date(2023, 12, 1))], rid="lapsed")  # due 2024-01-30
    closed = _req(
        [(S.PROVISIONAL_ARREST, date(2024, 1, 10)), (S.DECEASED, date(2024, 1, 11))], rid="x"
    )
    found = due_within([far, near, lapsed, closed], as_of=date(2024, 3, 1), days=14, book=BOOK)
    assert [d.record() for d in found] == [
        {
            "request": "lapsed",
            "state": "provisional_arrest",
            "due": "2024-01-30",
            "rule": "mx.provisional_arrest.formal_request",
        },
        {
            "request": "near",
            "state": "provisional_arrest",
            "due": "2024-03-10",
            "rule": "mx.provisional_arrest.formal_request",
        },
    ]
    assert found[1].days_left(date(2024, 3, 1)) == 9
    assert due_within([near], as_of=date(2024, 2, 25), days=14, book=BOOK)
    assert not due_within([near], as_of=date(2024, 2, 25), days=13, book=BOOK)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 11, 15), 2, date(2025, 1, 15)),
        (date(2024, 12, 31), 14, date(2026, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
