"""Deconfliction over the store (SQLite and PostgreSQL): registrations, notices, visibility."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from factories import community, make_user

from vinculo.access.principal import Principal, Role
from vinculo.deconflict.blind import CommunityKey, encode_entity, spec_from_token_line
from vinculo.deconflict.checker import Checker
from vinculo.deconflict.engine import Deconflictor
from vinculo.deconflict.extract import target_from_entity
from vinculo.deconflict.model import Registration
from vinculo.deconflict.person import fallback_score
from vinculo.deconflict.registry import MemoryRegistry, person_blocks
from vinculo.exc import NotFound, PermissionDenied
from vinculo.services import audit
from vinculo.services import deconflict as service
from vinculo.store import Store
from vinculo.store.deconflict import SQLRegistry

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


def _after_check_wait(
    monkeypatch: pytest.MonkeyPatch, name: str, barrier: threading.Barrier
) -> None:
    """Make each check wait for the other thread's check (or a timeout) before inserting."""
    original: Callable[..., Any] = getattr(Checker, name)

    def waiting(self: Checker, *args: Any) -> Any:
        hits = original(self, *args)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()  # broken: the other registration is held at the lock, go on
        return hits

    monkeypatch.setattr(Checker, name, waiting)


def test_simultaneous_registrations_see_each_other(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two agencies register the same phone and overlapping raids at the same instant.

    Each check is held until the other has also checked: if check and insert
    were not serialized, both would check an empty registry and nobody would
    be warned. With the lock the second waits, then sees the first.
    """
    c = community(store)
    _after_check_wait(monkeypatch, "check_target", threading.Barrier(2, timeout=1.0))
    _after_check_wait(monkeypatch, "check_event", threading.Barrier(2, timeout=1.0))
    phone = {"id": "p", "schema": "Phone", "properties": {"number": ["+52 667 123 4567"]}}
    errors: list[BaseException] = []

    def register(principal: Principal, case: str) -> None:
        try:
            service.register_targets(
                store, principal, [spec(phone)], agency=None, case=case, contact=case
            )
            service.register_event(
                store, principal, agency=None, case=case, contact=case, kind="raid",
                lat=25.6866, lon=-100.3161, radius_m=200, start=T0, end=T0 + timedelta(hours=2),
            )  # fmt: skip
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(p, p.agency)) for p in (c.dea, c.fgr)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    for principal in (c.dea, c.fgr):
        got = sorted((n.kind.value, n.match.value) for n in service.notices(store, principal))
        assert got == [("event", "overlap"), ("target", "identifier")], principal.agency


def _person(eid: str, name: str, born: str) -> dict[str, Any]:
    return {"id": eid, "schema": "Person", "properties": {"name": [name], "birthDate": [born]}}


def test_person_candidates_are_ranked_and_bounded(store: Store) -> None:
    """Rare shared blocks rank first, the limit applies after the agency and expiry filters."""
    c = community(store)
    dea = [
        _person("dea-far", "Abel Rodríguez Soto", "1981-05-06"),  # shares one name pair
        _person("dea-same", "Abel Rodríguez Araujo", "1970-01-02"),  # names and birth date
        _person("dea-namesake", "Abel Rodríguez Araujo", "1990-03-04"),  # names only
    ]
    own = _person("fgr-own", "Abel Rodríguez Araujo", "1970-01-02")
    query = spec(_person("q", "ABEL RODRIGUEZ ARAUJO", "1970-01-02"))
    today = date.today()
    done = service.register_targets(
        store, c.dea, [spec(p) for p in dea], agency=None, case="A", contact="x"
    )
    service.register_targets(store, c.fgr, [spec(own)], agency=None, case="B", contact="y")
    source = {r.id: r.source_id for r in done}
    memory = Deconflictor(MemoryRegistry(), scorer=fallback_score)
    memory.register_targets(Registration("DEA", "A", "x"), [spec(p) for p in dea])
    memory.register_targets(Registration("FGR", "B", "y"), [spec(own)])
    expected = ["dea-same", "dea-namesake", "dea-far"]
    shown = {p["id"]: (p["properties"]["name"][0], p["properties"]["birthDate"][0]) for p in dea}
    with store.connect() as conn:
        for limit in (3, 2):
            blocks = person_blocks(query)
            got = SQLRegistry(conn, "t").person_candidates(blocks, "FGR", today, 5_000, limit)
            assert [source[t.id] for t in got] == expected[:limit]
            mem = memory.registry.person_candidates(blocks, "FGR", today, 5_000, limit)
            assert [
                (t.spec.person.names[0], t.spec.person.birth_dates[0]) for t in mem if t.spec.person
            ] == [shown[e] for e in expected[:limit]]
