"""Legal facts in the store obey markings like every other statement (SQLite and PostgreSQL)."""

from datetime import date, timedelta

import pytest

from tests.factories import community, make_user, person, write
from vinculo.access.principal import Principal, Role
from vinculo.exc import Conflict, NotFound, PermissionDenied
from vinculo.legal.example import load_history
from vinculo.legal.indictment import Count, Court, CriminalCase, IndictmentVersion
from vinculo.legal.request import ExtraditionRequest
from vinculo.legal.state import State
from vinculo.model.marking import TLP, Marking
from vinculo.services import legal, legal_cases
from vinculo.store import Store

SYSTEM = Principal.system()


def _us_asks_mx(
    store: Store, officer: Principal, on: date, owner: legal.Owner, document: str | None = None
) -> ExtraditionRequest:
    """DEA's provisional-arrest request to Mexico for p-1, as the tests below open it."""
    return legal.open_extradition(
        store,
        officer,
        person="p-1",
        requesting="US",
        requested="MX",
        state=State.PROVISIONAL_ARREST,
        on=on,
        owner=owner,
        document=document,
    )


def _officers(store: Store) -> tuple[Principal, Principal, Principal]:
    c = community(store)
    dea = make_user(store, "ext.dea", "DEA", (Role.EXTRADITION_OFFICER, Role.ANALYST))
    fgr = make_user(store, "ext.fgr", "FGR", (Role.EXTRADITION_OFFICER, Role.ANALYST))
    write(store, person("p-1", "Rafael Caro Quintero", agency="DEA", tlp=TLP.GREEN))
    return dea, fgr, c.fbi


def test_requests_deadlines_and_markings(store: Store) -> None:
    dea, fgr, fbi = _officers(store)
    arrest = date(2024, 1, 10)
    owner = legal.owner_for(dea, None, Marking.parse("AMBER", ["country:MX"]))
    req = _us_asks_mx(store, dea, arrest, owner, document="Nota 17")
    due = legal.due(store, fgr, as_of=date(2024, 3, 1), days=14)
    assert [d.record() for d in due] == [
        {
            "request": req.id,
            "state": "provisional_arrest",
            "due": "2024-03-10",
            "rule": "mx.provisional_arrest.formal_request",
        }
    ]
    assert legal.due(store, fbi, as_of=date(2024, 3, 1), days=14) == []  # not released to FBI
    with pytest.raises(NotFound):
        legal.get_request(store, fbi, req.id)
    with pytest.raises(Conflict, match="has not passed"):
        legal.advance_extradition(store, fgr, req.id, State.RELEASED_DEADLINE, on=date(2024, 3, 9))
    moved = legal.advance_extradition(
        store, fgr, req.id, State.FORMAL_REQUEST, on=date(2024, 3, 1), document="Nota 99"
    )
    assert moved.state is State.FORMAL_REQUEST
    page = legal.get_request(store, dea, req.id)
    assert [t.state for t in page.request.history] == [
        State.PROVISIONAL_ARREST,
        State.FORMAL_REQUEST,
    ]
    assert page.request.history[1].by == "ext.fgr" and page.request.history[1].document == "Nota 99"
    assert State.OBJECTIONS in page.allowed
    with pytest.raises(Conflict, match="allowed next states"):
        legal.advance_extradition(store, dea, req.id, State.AMPARO, on=date(2024, 3, 2))


def test_released_when_the_sixty_days_lapse(store: Store) -> None:
    dea, _fgr, _fbi = _officers(store)
    owner = legal.owner_for(dea, None, Marking.parse("AMBER+STRICT"))
    start = date.today() - timedelta(days=70)
    req = _us_asks_mx(store, dea, start, owner)
    lapsed = legal.due(store, dea, as_of=date.today(), days=0)
    assert [d.request for d in lapsed] == [req.id] and lapsed[0].days_left(date.today()) == -10
    out = legal.advance_extradition(store, dea, req.id, State.RELEASED_DEADLINE, on=date.today())
    assert out.closed and legal.due(store, dea, as_of=date.today(), days=30) == []


def test_only_extradition_officers_record(store: Store) -> None:
    c = community(store)
    write(store, person("p-1", "X", agency="DEA", tlp=TLP.GREEN))
    with pytest.raises(PermissionDenied):
        legal.open_extradition(
            store,
            c.dea,
            person="p-1",
            requesting="US",
            requested="MX",
            state=State.FORMAL_REQUEST,
            on=date(2024, 1, 1),
            owner=legal.Owner("DEA", Marking.parse("AMBER")),
        )
    with pytest.raises(PermissionDenied, match="your own agency"):
        legal.owner_for(c.dea, "FGR", Marking.parse("AMBER"))


def _case() -> CriminalCase:
    court = Court("US", "United States District Court for the District of Arizona", "D. Ariz.")
    return CriminalCase(
        "case-az-1",
        court,
        "4:24-cr-1",
        (
            IndictmentVersion(
                "Indictment",
                "original",
                "2024-02-01",
                (Count("1", "Conspiracy to import cocaine", ("21 U.S.C. 963",), ("p-1",)),),
                ("p-1",),
                sealed=True,
            ),
        ),
        title="United States v. Caro Quintero",
    )


def test_sealed_indictment_visible_only_where_released(store: Store) -> None:
    dea, fgr, _fbi = _officers(store)
    owner = legal.owner_for(dea, None, Marking.parse("AMBER", ["country:MX"]))
    legal_cases.record_case(
        store, dea, _case(), owner, sealed_marking=Marking.parse("AMBER+STRICT")
    )
    assert legal_cases.load_case(store, dea, "case-az-1")[0].versions[0].sealed
    with pytest.raises(NotFound):  # FGR sees the case but no version of it yet
        legal_cases.load_case(store, fgr, "case-az-1")
    version_id = "case-az-1-v01"
    legal_cases.unseal(
        store, dea, version_id, on="2024-03-05", marking=Marking.parse("AMBER", ["country:MX"])
    )
    seen = legal_cases.load_case(store, fgr, "case-az-1")[0]
    assert seen.versions[0].unsealed == "2024-03-05"
    assert seen.versions[0].counts[0].statutes == ("21 U.S.C. 963",)
    s1 = IndictmentVersion(
        "S-1",
        "superseding",
        "2024-06-01",
        (
            Count("1", "Conspiracy to import cocaine", ("21 U.S.C. 963",), ("p-1",)),
            Count("2", "Money laundering conspiracy", ("18 U.S.C. 1956(h)",), ("p-1",)),
        ),
        ("p-1",),
    )
    updated = legal_cases.supersede(store, dea, "case-az-1", s1, owner)
    assert updated.diffs()[-1].added_counts == ("2",)
    page = legal_cases.get_case(store, fgr, "case-az-1")
    assert [v.label for v in page.case.versions] == ["Indictment", "S-1"]  # history kept


def test_worked_example_timeline_and_designation(store: Store) -> None:
    c = community(store)
    legal_cases.ensure_agency(store, SYSTEM, "PUBLIC")
    assert legal_cases.import_history(store, SYSTEM, load_history(), "PUBLIC") > 300
    assert legal_cases.import_history(store, SYSTEM, load_history(), "PUBLIC") == 0  # idempotent
    _subject, dated, undated = legal_cases.timeline(store, c.fgr, "vl-guzman-loera")
    kinds = [(e.date, e.kind.value) for e in dated]
    assert ("2016-01-08", "capture") in kinds and ("2015-07-11", "escape") in kinds
    assert ("2017-01-19", "extradition_stage") in kinds and kinds[0] == ("1993", "capture")
    assert any(e.kind.value == "designation" for e in undated)
    page = legal_cases.get_case(store, c.fgr, "case-us-edny-09-cr-466")
    assert [d.id for d in page.designations] == ["ofac-sdn-6861"]
    assert page.case.versions[2].total == 17 and len(page.case.current.counts) == 10
    _org, org_events, _ = legal_cases.timeline(store, c.fgr, "vl-sinaloa-cartel")
    assert any(e.kind.value == "verdict" for e in org_events)
