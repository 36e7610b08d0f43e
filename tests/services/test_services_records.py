"""Criminal-intelligence records: review dates, the review-or-purge list, recorded purges."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import community, make_user, person, write
from vinculo.access.principal import Principal, Role
from vinculo.exc import InvalidData, NotFound, PermissionDenied
from vinculo.model.marking import TLP
from vinculo.model.statement import Statement
from vinculo.services import audit, records
from vinculo.store import Store, reader
from vinculo.store.tables import purge_record, statement

SEEN_2019 = datetime(2019, 3, 1, 12, 0, tzinfo=UTC)
SEEN_2023 = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)


def seen(stmts: list[Statement], when: datetime) -> list[Statement]:
    return [dataclasses.replace(s, first_seen=when, last_seen=when) for s in stmts]


def _seed(store: Store) -> None:
    write(
        store, seen(person("p-old", "Hector Beltran Leyva", agency="DEA", tlp=TLP.GREEN), SEEN_2019)
    )
    write(
        store, seen(person("p-new", "Ovidio Guzman Lopez", agency="DEA", tlp=TLP.GREEN), SEEN_2023)
    )
    # FGR holds the same old person: its holdings are FGR's to review, not DEA's
    write(
        store,
        seen(person("p-old", "El H", agency="FGR", tlp=TLP.AMBER, rel=["country:US"]), SEEN_2019),
    )


def test_due_lists_the_agencys_entities_past_the_review_period(store: Store) -> None:
    c = community(store)
    _seed(store)
    due = records.due(store, c.dea, as_of=date(2024, 3, 2))
    assert [(i.holding.entity_id, i.holding.review_due, i.holding.statements) for i in due] == [
        ("p-old", date(2024, 3, 1), 2)
    ]
    # the entity as DEA sees it, FGR's released name included
    assert due[0].entity is not None
    assert sorted(due[0].entity.get("name")) == ["El H", "Hector Beltran Leyva"]
    assert records.due(store, c.dea, as_of=date(2024, 2, 29)) == []
    assert {i.holding.entity_id for i in records.due(store, c.dea, as_of=date(2028, 6, 1))} == {
        "p-old",
        "p-new",
    }
    assert [i.holding.entity_id for i in records.due(store, c.fgr, as_of=date(2024, 3, 2))] == [
        "p-old"
    ]
    assert records.due(store, c.fbi, as_of=date(2030, 1, 1)) == []  # FBI holds nothing
    with pytest.raises(InvalidData):
        records.due(store, Principal.system(), as_of=date(2030, 1, 1))
    assert len(records.due(store, Principal.system(), as_of=date(2030, 1, 1), agency="DEA")) == 2
    auditor = make_user(store, "aud.dea", "DEA", [Role.AUDITOR])
    with pytest.raises(PermissionDenied):
        records.due(store, auditor)
    last = next(
        audit.read(
            store, Principal.system(), audit.AuditQuery(actions=("records.due",), newest_first=True)
        )
    )
    assert last.username == "system" and last.entity_ids == ("p-new", "p-old")


def test_a_review_sets_the_next_due_date(store: Store) -> None:
    c = community(store)
    _seed(store)
    next_due = records.mark_reviewed(store, c.dea, "p-old", note="still an active target")
    assert next_due.year == datetime.now(UTC).year + 5
    assert records.due(store, c.dea, as_of=date(2024, 3, 2)) == []
    later = records.due(store, c.dea, as_of=next_due)
    assert [i.holding.entity_id for i in later] == ["p-old", "p-new"]  # oldest first
    reviewed = next(i.holding for i in later if i.holding.entity_id == "p-old")
    assert reviewed.reviewed_by == "ana.dea" and reviewed.review_due == next_due
    with pytest.raises(NotFound):  # FBI holds nothing on it
        records.mark_reviewed(store, c.fbi, "p-old")


def test_only_the_owning_agencys_administrator_purges(store: Store) -> None:
    c = community(store)
    _seed(store)
    admin_dea = make_user(store, "admin.dea", "DEA", [Role.AGENCY_ADMIN])
    admin_fbi = make_user(store, "admin.fbi", "FBI", [Role.AGENCY_ADMIN])
    with pytest.raises(PermissionDenied):
        records.purge(store, c.dea, "p-old", "past retention")  # an analyst
    with pytest.raises(NotFound):
        records.purge(store, admin_fbi, "p-old", "past retention")  # FBI holds nothing
    with pytest.raises(PermissionDenied):
        records.purge(store, admin_dea, "p-old", "past retention", agency="FGR")
    with pytest.raises(InvalidData):
        records.purge(store, admin_dea, "p-old", "   ")
    done = records.purge(store, admin_dea, "p-old", "no longer meets the submission criteria")
    assert done.statements == 2 and done.username == "admin.dea"
    # DEA's statements are gone; FGR's stay
    assert reader.get_entity(store, c.fgr, "p-old").get("name") == ["El H"]
    assert {s.agency for s in reader.get_entity(store, Principal.system(), "p-old").statements} == {
        "FGR"
    }
    with store.connect() as conn:
        row = conn.execute(select(purge_record)).one()
        n = conn.execute(select(func.count()).select_from(statement)).scalar()
    assert (row.entity_id, row.statements, row.username) == ("p-old", 2, "admin.dea")
    assert "Beltran" not in repr(tuple(row))  # what was purged is not kept
    assert n == 4
    rec = next(audit.read(store, Principal.system(), audit.AuditQuery(actions=("records.purge",))))
    assert rec.entity_ids == ("p-old",) and rec.detail["statements"] == 2
    assert rec.detail["agency"] == "DEA" and "Beltran" not in repr(rec)
    assert [p.entity_id for p in records.purges(store, admin_dea)] == ["p-old"]
    assert records.purges(store, admin_fbi) == []
    with pytest.raises(NotFound):  # nothing left of DEA's to purge
        records.purge(store, admin_dea, "p-old", "again")


def test_purging_removes_retractions_and_the_review_once_nothing_is_left(store: Store) -> None:
    from vinculo.services import entities

    c = community(store)
    write(store, seen(person("p-x", "Miguel Trevino", agency="DEA", tlp=TLP.GREEN), SEEN_2019))
    name = next(s for s in reader.get_entity(store, c.dea, "p-x").statements if s.prop == "name")
    entities.retract(store, c.dea, name.id, "misattributed")
    records.mark_reviewed(store, c.dea, "p-x")
    admin_dea = make_user(store, "admin.dea", "DEA", [Role.AGENCY_ADMIN])
    assert records.purge(store, admin_dea, "p-x", "retention period over").statements == 2
    with pytest.raises(NotFound):
        reader.get_entity(store, Principal.system(), "p-x")
    assert records.due(store, c.dea, as_of=date(2035, 1, 1)) == []
