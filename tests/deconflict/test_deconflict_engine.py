"""Registration, conflicts and notices: each side learns the other's contact, nothing more."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from vinculo.deconflict.checker import CheckSettings
from vinculo.deconflict.engine import Deconflictor
from vinculo.deconflict.extract import target_from_entity
from vinculo.deconflict.model import EventKind, MatchKind, NoticeKind, Registration
from vinculo.deconflict.person import fallback_score
from vinculo.exc import InvalidData, NotFound

DEA = Registration("DEA", "OCDETF-SW-0042", "SA R. Smith, +1 915 555 0100")
FGR = Registration("FGR", "FED/SIN/0173/2025", "Lic. M. Pérez, +52 55 5346 0000")
T0 = datetime(2025, 5, 1, 20, 0, tzinfo=UTC)
TODAY = date(2025, 4, 1)


def person(eid: str, name: str, dob: str | None = None, **extra: list[str]) -> dict[str, Any]:
    props: dict[str, list[str]] = {"name": [name], **extra}
    if dob:
        props["birthDate"] = [dob]
    return {"id": eid, "schema": "Person", "properties": props}


def phone(eid: str, number: str, country: str = "mx") -> dict[str, Any]:
    return {"id": eid, "schema": "Phone", "properties": {"number": [number], "country": [country]}}


@pytest.fixture
def deconflictor() -> Deconflictor:
    return Deconflictor(scorer=fallback_score)


def test_notice_carries_only_kind_score_own_ids_and_contact(deconflictor: Deconflictor) -> None:
    secret = person("dea-p-77", "Ismael Zambada García", "1948-01-01", phone=["+52 667 715 0000"])
    deconflictor.register_targets(DEA, [target_from_entity(secret)], TODAY)
    (done,) = deconflictor.register_targets(
        FGR, [target_from_entity(phone("f1", "667 715 0000"))], TODAY
    )
    (fgr_notice,) = deconflictor.notices("FGR")
    (dea_notice,) = deconflictor.notices("DEA")
    payload = fgr_notice.to_json()
    assert set(payload) == {"id", "kind", "match", "score", "own", "other_contact", "acknowledged"}
    assert set(payload["own"]) == {"case", "target_id"}
    assert payload["own"] == {"case": FGR.case, "target_id": done.item.id}
    assert payload["other_contact"] == DEA.contact
    assert (payload["kind"], payload["match"], payload["score"]) == ("target", "identifier", 1.0)
    text = json.dumps(payload)
    for leak in (DEA.case, "Zambada", "dea-p-77", "1948", "7150000", dea_notice.own_target_id):
        assert leak not in text
    assert dea_notice.other_contact == FGR.contact
    assert dea_notice.conflict_id == fgr_notice.conflict_id


def test_same_agency_never_conflicts_with_itself(deconflictor: Deconflictor) -> None:
    other_case = Registration("DEA", "another", "someone else")
    deconflictor.register_targets(DEA, [target_from_entity(phone("a", "+526671234567"))], TODAY)
    deconflictor.register_targets(other_case, [target_from_entity(phone("b", "6671234567"))], TODAY)
    assert deconflictor.notices("DEA") == []


def test_expired_registrations_stop_matching(deconflictor: Deconflictor) -> None:
    short = Registration("DEA", "old-case", "SA Old", expires=date(2025, 3, 31))
    deconflictor.register_targets(short, [target_from_entity(phone("a", "+526671234567"))], TODAY)
    deconflictor.register_targets(FGR, [target_from_entity(phone("b", "6671234567"))], TODAY)
    assert deconflictor.notices("FGR") == []
    still = Registration("DEA", "live", "SA Live", expires=TODAY)  # the expiry day still counts
    deconflictor.register_targets(still, [target_from_entity(phone("c", "+526671234567"))], TODAY)
    assert [n.other_contact for n in deconflictor.notices("DEA")] == [FGR.contact]


def test_fuzzy_person_conflict_and_father_son_negative(deconflictor: Deconflictor) -> None:
    deconflictor.register_targets(
        DEA,
        [target_from_entity(person("d1", "GUZMAN LOERA, Joaquin Archivaldo", "1957-04-04"))],
        TODAY,
    )
    done = deconflictor.register_targets(
        FGR,
        [
            target_from_entity(person("f1", "Joaquín Guzmán Loera", "1957-04-04")),
            target_from_entity(person("f2", "Ovidio Guzman Lopez", "1990-03-29")),
        ],
        TODAY,
    )
    assert [len(r.notices) for r in done] == [1, 0]
    notice = done[0].notices[0]
    assert notice.match is MatchKind.PERSON and notice.score >= 0.8


def test_both_sides_must_acknowledge(deconflictor: Deconflictor) -> None:
    deconflictor.register_targets(DEA, [target_from_entity(phone("a", "+526671234567"))], TODAY)
    deconflictor.register_targets(FGR, [target_from_entity(phone("b", "6671234567"))], TODAY)
    (fgr,) = deconflictor.notices("FGR")
    (dea,) = deconflictor.notices("DEA")
    with pytest.raises(NotFound):
        deconflictor.acknowledge(fgr.id, "DEA", "smith")  # not DEA's notice
    assert deconflictor.acknowledge(fgr.id, "FGR", "perez").acknowledged
    assert len(deconflictor.book.open_conflicts()) == 1
    deconflictor.acknowledge(dea.id, "DEA", "smith")
    assert deconflictor.book.open_conflicts() == []


def test_events_overlap_with_buffer() -> None:
    d = Deconflictor(settings=CheckSettings(buffer_m=100, buffer=timedelta(hours=1)))
    d.register_event(DEA, EventKind.RAID, 24.8000, -107.3900, 200, T0, T0 + timedelta(hours=3))
    near_later = d.register_event(
        FGR, EventKind.ARREST, 24.8035, -107.3900, 100, T0 + timedelta(hours=3, minutes=30),
        T0 + timedelta(hours=5),
    )  # fmt: skip
    (notice,) = near_later.notices
    assert (notice.kind, notice.match, notice.score) == (NoticeKind.EVENT, MatchKind.OVERLAP, 0.75)
    far = d.register_event(FGR, EventKind.RAID, 24.9, -107.39, 200, T0, T0 + timedelta(hours=3))
    assert far.notices == ()
    next_week = T0 + timedelta(days=7)
    assert (
        d.register_event(FGR, EventKind.RAID, 24.8, -107.39, 200, next_week, next_week).notices
        == ()
    )


def test_event_bounds_are_enforced(deconflictor: Deconflictor) -> None:
    with pytest.raises(InvalidData):
        deconflictor.register_event(DEA, EventKind.RAID, 24.8, -107.39, 200, T0, T0 - timedelta(1))
    with pytest.raises(InvalidData):
        deconflictor.register_event(DEA, EventKind.RAID, 24.8, -107.39, 500_000, T0, T0)
    with pytest.raises(InvalidData):
        EventKind.parse("picnic")
    assert EventKind.parse("Controlled delivery") is EventKind.CONTROLLED_DELIVERY
