import pytest

from vinculo.exc import InvalidData
from vinculo.legal.state import (
    OUTCOMES,
    START_STATES,
    State,
    allowed_next,
    parse_country,
    parse_state,
    stages,
)

INTERFACE_NAMES = [
    "provisional_arrest",
    "formal_request",
    "objections",
    "judicial_opinion",
    "executive_decision",
    "amparo",
    "habeas",
    "surrender_granted",
    "extradited",
    "denied",
    "withdrawn",
    "released_deadline",
    "transferred_outside_treaty",
    "deceased",
]


def test_state_names_are_the_interface_words() -> None:
    assert [s.value for s in State] == INTERFACE_NAMES
    assert {s.value for s in START_STATES} == {"provisional_arrest", "formal_request"}


def test_amparo_only_in_mexico_habeas_only_in_us() -> None:
    mx = {t for s in State for t in allowed_next("MX", s)}
    us = {t for s in State for t in allowed_next("US", s)}
    assert State.AMPARO in mx and State.HABEAS not in mx
    assert State.HABEAS in us and State.AMPARO not in us
    assert State.AMPARO in stages("MX") and State.HABEAS not in stages("MX")
    assert stages("US").index(State.HABEAS) < stages("US").index(State.EXECUTIVE_DECISION)


@pytest.mark.parametrize("requested", ["MX", "US"])
def test_outcomes_are_terminal_and_every_open_stage_can_end(requested: str) -> None:
    for state in State:
        nxt = allowed_next(requested, state)  # type: ignore[arg-type]
        if state in OUTCOMES:
            assert nxt == ()
        elif state in stages(requested):  # type: ignore[arg-type]
            assert {State.WITHDRAWN, State.DECEASED, State.TRANSFERRED_OUTSIDE_TREATY} <= set(nxt)


def test_release_on_deadline_only_where_a_deadline_frees() -> None:
    mx = [s for s in State if State.RELEASED_DEADLINE in allowed_next("MX", s)]
    us = [s for s in State if State.RELEASED_DEADLINE in allowed_next("US", s)]
    assert mx == [State.PROVISIONAL_ARREST, State.SURRENDER_GRANTED]
    assert us == [State.PROVISIONAL_ARREST, State.EXECUTIVE_DECISION, State.SURRENDER_GRANTED]


def test_parse_errors_list_the_choices() -> None:
    assert parse_state(" Formal_Request ") is State.FORMAL_REQUEST
    assert parse_country("mx") == "MX"
    with pytest.raises(InvalidData, match="expected one of provisional_arrest"):
        parse_state("arrested")
    with pytest.raises(InvalidData, match="expected US or MX"):
        parse_country("CA")
