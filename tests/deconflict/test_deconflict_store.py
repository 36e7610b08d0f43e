"""Deconfliction over the store (SQLite and PostgreSQL): registrations, notices, visibility."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from factories import community, make_user

from vinculo.access.principal import Principal, Role
from vinculo.deconflict.blind import CommunityKey, encode_entity, spec_from_token_line
from vinculo.deconflict.extract import target_from_entity
from vinculo.exc import NotFound, PermissionDenied
from vinculo.services import audit
from vinculo.services import deconflict as service
from vinculo.store import Store

T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
CHAPO = {
    "id": "dea-p-1",
    "schema": "Person",
    "properties": {"name": ["GUZMAN LOERA, Joaquin Archivaldo"], "birthDate": ["1957-04-04"],
                   "phone": ["+52 667 123 4567"]},
}  # fmt: skip
CHAPO_MX = {
    "id": "fgr-p-9",
    "schema": "Person",
    "properties": {"name": ["Joaquín Archivaldo Guzmán Loera"], "birthDate": ["1957-04-04"]},
}
PHONE_MX = {"id": "fgr-t-3", "schema": "Phone", "properties": {"number": ["(667) 123-4567"]}}


def spec(data: dict[str, Any]) -> Any:
    return target_from_entity(data)


def test_conflicts_notices_and_acknowledgement(store: Store) -> None:
    c = community(store)
    mine = service.register_targets(
        store, c.dea, [spec(CHAPO)], agency="DEA", case="OCDETF-1", contact="SA Smith"
    )
    assert mine[0].notices == ()
    theirs = service.register_targets(
        store, c.fgr, [spec(CHAPO_MX), spec(PHONE_MX)], agency=None, case="FED/1",
        contact="Lic. Pérez",
    )  # fmt: skip
    assert [[n.match.value for n in r.notices] for r in theirs] == [["person"], ["identifier"]]
    dea_notices = service.notices(store, c.dea)
    assert {n.other_contact for n in dea_notices} == {"Lic. Pérez"}
    assert {n.own_target_id for n in dea_notices} == {mine[0].id}
    assert all(set(n.to_json()) == {"id", "kind", "match", "score", "own", "other_contact",
                                    "acknowledged"} for n in dea_notices)  # fmt: skip
    supervisor = make_user(store, "sup.dea", "DEA", (Role.SUPERVISOR,))
    assert len(service.open_conflicts(store, supervisor)) == 2
    with pytest.raises(PermissionDenied):
        service.open_conflicts(store, c.dea)
    with pytest.raises(NotFound):
        service.acknowledge(store, c.dea, theirs[0].notices[0].id)  # FGR's notice
    for n in dea_notices:
        service.acknowledge(store, c.dea, n.id)
    assert len(service.open_conflicts(store, supervisor)) == 2  # FGR has not acknowledged yet
    for r in theirs:
        service.acknowledge(store, c.fgr, r.notices[0].id)
    assert service.open_conflicts(store, supervisor) == []
    actions = [r.action for r in audit.read(store, Principal.system())]
    assert actions.count("deconflict.register") == 2 and actions.count("deconflict.ack") == 4


def test_principal_never_sees_another_agencys_targets(store: Store) -> None:
    c = community(store)
    service.register_targets(store, c.dea, [spec(CHAPO)], agency="DEA", case="A", contact="x")
    assert [t["source_id"] for t in service.my_targets(store, c.dea)] == ["dea-p-1"]
    assert service.my_targets(store, c.fgr) == []
    with pytest.raises(PermissionDenied):
        service.my_targets(store, c.fgr, "DEA")
    with pytest.raises(PermissionDenied):
        service.register_targets(
            store, c.fgr, [spec(PHONE_MX)], agency="DEA", case="B", contact="y"
        )
    with pytest.raises(PermissionDenied):
        service.notices(store, c.fgr, "DEA")


def test_expired_registrations_stop_matching(store: Store) -> None:
    c = community(store)
    yesterday = date.today() - timedelta(days=1)
    service.register_targets(
        store, c.dea, [spec(CHAPO)], agency=None, case="old", contact="x", expires=yesterday
    )
    done = service.register_targets(
        store, c.fgr, [spec(PHONE_MX)], agency=None, case="n", contact="y"
    )
    assert done[0].notices == ()


def test_blind_registrations_match_only_like_tokens(store: Store) -> None:
    c = community(store)
    key = CommunityKey("k1", b"s" * 32)
    other = CommunityKey("k1", b"t" * 32)
    service.register_targets(
        store, c.dea, [spec_from_token_line(encode_entity(key, CHAPO))], agency=None, case="A",
        contact="SA Smith",
    )  # fmt: skip
    wrong = service.register_targets(
        store, c.fgr, [spec_from_token_line(encode_entity(other, CHAPO_MX))], agency=None,
        case="B", contact="Lic. Pérez",
    )  # fmt: skip
    assert wrong[0].notices == ()
    right = service.register_targets(
        store, c.uif, [spec_from_token_line(encode_entity(key, CHAPO_MX)),
                       spec_from_token_line(encode_entity(key, PHONE_MX))],
        agency=None, case="C", contact="UIF desk",
    )  # fmt: skip
    assert [[n.match.value for n in r.notices] for r in right] == [["person"], ["identifier"]]


def test_events_overlap_in_the_store(store: Store) -> None:
    c = community(store)
    service.register_event(
        store, c.dea, agency=None, case="A", contact="SA Smith", kind="raid", lat=31.7397,
        lon=-106.4869, radius_m=300, start=T0, end=T0 + timedelta(hours=3),
    )  # fmt: skip
    done = service.register_event(
        store, c.fgr, agency=None, case="B", contact="Lic. Pérez", kind="surveillance",
        lat=31.7410, lon=-106.4869, radius_m=100, start=T0 + timedelta(hours=1),
        end=T0 + timedelta(hours=5),
    )  # fmt: skip
    assert [(n.kind.value, n.match.value, n.score) for n in done.notices] == [
        ("event", "overlap", 1.0)
    ]
    assert [e.id for e in service.my_events(store, c.fgr)] == [done.id]
