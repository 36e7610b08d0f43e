"""The stages of an extradition request and which stage may follow which.

The transitions follow the 1978 US–Mexico Extradition Treaty and the law of
the *requested* state, because the requested state runs the procedure:

Mexico requested (Ley de Extradición Internacional, LEI)
    provisional arrest (treaty art. 11) → formal request admitted by SRE
    (LEI arts. 19–21) → hearing and objections (LEI arts. 24–25) → the
    judge's opinion (LEI arts. 27–28; straight there when the person raises
    no objections or consents) → SRE decision (LEI art. 30) → surrender
    granted; amparo against the grant (LEI art. 33, Ley de Amparo) → collection by
    the requesting state (LEI art. 34–35).
United States requested (18 U.S.C. 3181 ff.)
    provisional arrest (treaty art. 11) → formal request and complaint
    (18 U.S.C. 3184) → extradition hearing (``objections``) → the
    certification decision (``judicial_opinion``) → review only by habeas
    corpus → the Secretary of State's decision (18 U.S.C. 3186) → surrender
    warrant (``surrender_granted``) and removal (18 U.S.C. 3188).

Any open request may also end as ``withdrawn``, ``deceased`` or
``transferred_outside_treaty`` (deportation, expulsion, a deal outside the
treaty). ``released_deadline`` is reachable only from the stages with a
deadline whose lapse frees the person; that it has actually lapsed is
checked against the deadline rules (see `vinculo.legal.request`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from vinculo.exc import InvalidData
from vinculo.i18n import N_

Country = Literal["US", "MX"]
COUNTRIES: tuple[Country, ...] = ("US", "MX")


class State(StrEnum):
    PROVISIONAL_ARREST = "provisional_arrest"
    FORMAL_REQUEST = "formal_request"
    OBJECTIONS = "objections"
    JUDICIAL_OPINION = "judicial_opinion"
    EXECUTIVE_DECISION = "executive_decision"
    AMPARO = "amparo"
    HABEAS = "habeas"
    SURRENDER_GRANTED = "surrender_granted"
    EXTRADITED = "extradited"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    RELEASED_DEADLINE = "released_deadline"
    TRANSFERRED_OUTSIDE_TREATY = "transferred_outside_treaty"
    DECEASED = "deceased"


S = State
START_STATES: frozenset[State] = frozenset({S.PROVISIONAL_ARREST, S.FORMAL_REQUEST})
OUTCOMES: frozenset[State] = frozenset(
    {
        S.EXTRADITED,
        S.DENIED,
        S.WITHDRAWN,
        S.RELEASED_DEADLINE,
        S.TRANSFERRED_OUTSIDE_TREATY,
        S.DECEASED,
    }
)
#: Endings open to every stage that is not itself an ending.
ALWAYS: tuple[State, ...] = (S.WITHDRAWN, S.DECEASED, S.TRANSFERRED_OUTSIDE_TREATY)

_MX: dict[State, tuple[State, ...]] = {
    S.PROVISIONAL_ARREST: (S.FORMAL_REQUEST, S.RELEASED_DEADLINE),
    # LEI art. 28: no objections or consent goes straight to the opinion;
    # the SRE may refuse to admit a formal request (LEI art. 20).
    S.FORMAL_REQUEST: (S.OBJECTIONS, S.JUDICIAL_OPINION, S.DENIED),
    S.OBJECTIONS: (S.JUDICIAL_OPINION,),
    S.JUDICIAL_OPINION: (S.EXECUTIVE_DECISION,),
    # The SRE grants (surrender_granted) or refuses; an amparo filed at once
    # against a grant may be recorded directly.
    S.EXECUTIVE_DECISION: (S.SURRENDER_GRANTED, S.DENIED, S.AMPARO),
    # Amparo denied: the grant stands; amparo granted: the SRE decides anew,
    # or the extradition fails.
    S.AMPARO: (S.SURRENDER_GRANTED, S.EXECUTIVE_DECISION, S.DENIED),
    S.SURRENDER_GRANTED: (S.EXTRADITED, S.AMPARO, S.RELEASED_DEADLINE),
}

_US: dict[State, tuple[State, ...]] = {
    S.PROVISIONAL_ARREST: (S.FORMAL_REQUEST, S.RELEASED_DEADLINE),
    # A waiver of the hearing sends the case straight to the Secretary.
    S.FORMAL_REQUEST: (S.OBJECTIONS, S.EXECUTIVE_DECISION),
    S.OBJECTIONS: (S.JUDICIAL_OPINION,),
    # Certified (then habeas, or straight to the Secretary) or refused.
    S.JUDICIAL_OPINION: (S.HABEAS, S.EXECUTIVE_DECISION, S.DENIED),
    # Writ denied: on to the Secretary (or back to the surrender warrant when
    # the petition attacked it); writ granted: the person goes free.
    S.HABEAS: (S.EXECUTIVE_DECISION, S.SURRENDER_GRANTED, S.DENIED),
    # 18 U.S.C. 3188 may free a committed person who waits too long.
    S.EXECUTIVE_DECISION: (S.SURRENDER_GRANTED, S.DENIED, S.RELEASED_DEADLINE),
    S.SURRENDER_GRANTED: (S.EXTRADITED, S.HABEAS, S.RELEASED_DEADLINE),
}

_TABLES: dict[Country, dict[State, tuple[State, ...]]] = {"MX": _MX, "US": _US}


def parse_country(text: str, *, field: str = "country") -> Country:
    code = text.strip().upper()
    if code == "US":
        return "US"
    if code == "MX":
        return "MX"
    raise InvalidData.at(N_("unknown country {text!r}; expected US or MX"), field=field, text=text)


def parse_state(text: str, *, field: str = "state") -> State:
    try:
        return State(text.strip().lower())
    except ValueError:
        names = ", ".join(s.value for s in State)
        raise InvalidData.at(
            N_("unknown extradition state {text!r}; expected one of {names}"),
            field=field,
            text=text,
            names=names,
        ) from None


def allowed_next(requested: Country, state: State) -> tuple[State, ...]:
    """The stages that may follow ``state`` when ``requested`` runs the procedure."""
    table = _TABLES[requested]
    if state in OUTCOMES or state not in table:  # habeas in Mexico, amparo in the U.S.
        return ()
    return table[state] + ALWAYS


def stages(requested: Country) -> tuple[State, ...]:
    """Every state a request to ``requested`` can be in, in procedural order."""
    head = (S.PROVISIONAL_ARREST, S.FORMAL_REQUEST, S.OBJECTIONS, S.JUDICIAL_OPINION)
    if requested == "MX":  # amparo attacks the SRE's grant
        order = (*head, S.EXECUTIVE_DECISION, S.AMPARO, S.SURRENDER_GRANTED)
    else:  # habeas attacks the certification, before the Secretary decides
        order = (*head, S.HABEAS, S.EXECUTIVE_DECISION, S.SURRENDER_GRANTED)
    return order + tuple(s for s in State if s in OUTCOMES)
