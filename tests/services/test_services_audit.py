"""The audit service: scope of readers, who viewed what across agencies, retention, checkpoints."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import community, make_user, person, write
from vinculo.access.principal import Principal, Role
from vinculo.exc import NotFound, PermissionDenied
from vinculo.model.marking import TLP
from vinculo.services import audit
from vinculo.services import entities as entity_service
from vinculo.store import Store, audit_append


def test_who_viewed_answers_across_agencies_for_an_auditor_who_may_see(store: Store) -> None:
    c = community(store)
    write(store, person("p-mayo", "Ismael Zambada Garcia", agency="DEA", tlp=TLP.GREEN))
    write(store, person("p-dea", "Secret Source", agency="DEA", tlp=TLP.AMBER_STRICT))
    auditor_fgr = make_user(store, "aud.fgr", "FGR", [Role.AUDITOR])
    auditor_dea = make_user(store, "aud.dea", "DEA", [Role.AUDITOR])
    before = datetime.now(UTC) - timedelta(seconds=1)
    entity_service.show(store, c.dea, "p-mayo", remote="10.0.0.1")
    entity_service.show(store, c.fgr, "p-mayo", remote="10.1.0.7")
    entity_service.search(store, c.uif, "zambada")
    entity_service.show(store, c.dea, "p-dea")
    seen = audit.who_viewed(store, auditor_fgr, "p-mayo", since=before)
    assert [(r.username, r.agency, r.action) for r in seen] == [
        ("ana.dea", "DEA", "entity.view"),
        ("luis.fgr", "FGR", "entity.view"),
        ("rosa.uif", "UIF", "search"),
    ]
    assert seen[0].remote == "10.0.0.1"
    # another agency's search keeps who and when, not what was typed
    assert seen[2].target is None and seen[2].detail == {} and seen[2].redacted
    assert audit.who_viewed(store, auditor_fgr, "p-mayo", since=datetime.now(UTC)) == []
    with pytest.raises(NotFound):  # the FGR auditor may not see DEA's AMBER+STRICT person
        audit.who_viewed(store, auditor_fgr, "p-dea")
    assert [r.username for r in audit.who_viewed(store, auditor_dea, "p-dea")] == ["ana.dea"]
    with pytest.raises(PermissionDenied):
        audit.who_viewed(store, c.dea, "p-mayo")  # analysts do not read the audit trail
    last = next(audit.read(store, Principal.system(), audit.AuditQuery(newest_first=True, limit=1)))
    assert last.action == "audit.who_viewed" and last.username == "aud.dea"


def test_an_auditor_reads_only_their_agency_and_no_unreleased_ids(store: Store) -> None:
    c = community(store)
    write(
        store,
        person("p-red", "Rafael Caro Quintero", agency="FGR", tlp=TLP.RED, rel=["user:ana.dea"]),
    )
    auditor = make_user(store, "aud.dea", "DEA", [Role.AUDITOR])
    entity_service.show(store, c.dea, "p-red")  # released to ana alone, not to her agency
    entity_service.search(store, c.fgr, "caro")
    records = list(audit.read(store, auditor))
    assert {r.agency for r in records} == {"DEA"}
    view = next(r for r in records if r.action == "entity.view")
    assert view.username == "ana.dea" and view.redacted
    assert view.target is None and view.entity_ids == ()
    full = next(r for r in audit.read(store, Principal.system()) if r.action == "entity.view")
    assert full.target == "p-red" and full.entity_ids == ("p-red",) and not full.redacted


def test_retention_prunes_old_records_and_the_chain_still_verifies(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community(store)
    old = datetime.now(UTC) - timedelta(days=400)
    with monkeypatch.context() as m:
        m.setattr(audit_append, "utcnow", lambda: old)
        for i in range(3):
            audit.record(store, c.dea, "search", target=f"old {i}")
    first_new = audit.record(store, c.dea, "search", target="new")
    short = Store(store.engine, dataclasses.replace(store.settings, audit_retention_days="365"))
    with pytest.raises(PermissionDenied):
        audit.apply_retention(short, c.dea)
    admin = make_user(store, "root", "DEA", [Role.SYSTEM_ADMIN])
    removed = audit.apply_retention(short, admin)
    # community() wrote its own records (user additions) before the old ones
    kept = list(audit.read(store, Principal.system()))
    assert removed == first_new - 1 and kept[0].seq == first_new
    assert kept[-1].action == "audit.retention"
    assert kept[-1].detail["pruned_through"] == first_new - 1
    assert audit.verify(store, Principal.system()) == []


def test_a_cut_tail_without_retention_and_a_cut_head_after_a_checkpoint_are_found(
    store: Store,
) -> None:
    from sqlalchemy import delete

    from vinculo.store.tables import audit_entity, audit_log

    c = community(store)
    for i in range(5):
        audit.record(store, c.dea, "search", target=f"q{i}")
    seq, digest = audit.checkpoint(store, Principal.system())
    assert audit.verify(store, Principal.system(), [(seq, digest)]) == []
    with store.begin() as conn:
        conn.execute(delete(audit_entity).where(audit_entity.c.seq <= 2))
        conn.execute(delete(audit_log).where(audit_log.c.seq <= 2))
    problems = audit.verify(store, Principal.system())
    assert problems == ["records 1 to 2 are missing (not removed by a recorded retention)"]
    with store.begin() as conn:
        conn.execute(delete(audit_entity).where(audit_entity.c.seq >= seq))
        conn.execute(delete(audit_log).where(audit_log.c.seq >= seq))
    problems = audit.verify(store, Principal.system(), [(seq, digest)])
    assert (
        f"record {seq} of the checkpoint is missing: the log ends at record {seq - 1}" in problems
    )
