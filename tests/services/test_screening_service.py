"""Screening through the query layer: each principal screens only what it may see."""

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.factories import community, person, stmt, write
from vinculo.access.principal import Principal
from vinculo.exc import InvalidData
from vinculo.match import compare
from vinculo.model.marking import TLP
from vinculo.services import audit, entities, screening
from vinculo.store import Store, reader


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    screening.clear_cache()
    yield
    screening.clear_cache()


def test_screen_respects_markings(store: Store) -> None:
    c = community(store)
    write(
        store,
        person(
            "alfredo",
            "GUZMAN SALAZAR, Jesus Alfredo",
            agency="DEA",
            tlp=TLP.AMBER,
            birthDate="1986-05-17",
        ),
    )
    write(
        store,
        person(
            "ivan",
            "GUZMAN SALAZAR, Ivan Archivaldo",
            agency="FGR",
            tlp=TLP.CLEAR,
            birthDate="1980-10-02",
        ),
    )
    query = screening.parse_query({"name": "Chuy Guzman"})
    [dea_hits] = screening.screen(store, c.dea, [query])
    assert dea_hits[0].entity_id == "alfredo"
    assert dea_hits[0].score > 0.7
    [fgr_hits] = screening.screen(store, c.fgr, [query])
    assert "alfredo" not in {h.entity_id for h in fgr_hits}  # DEA's AMBER record
    assert all(h.score < 0.3 for h in fgr_hits)  # Ivan is not Chuy
    logged = list(audit.read(store, Principal.system(), audit.AuditQuery(actions=("screen",))))
    assert {r.username for r in logged} == {"ana.dea", "luis.fgr"}


def test_batch_queries_and_birth_dates(store: Store) -> None:
    c = community(store)
    write(
        store,
        person("ivan", "GUZMAN SALAZAR, Ivan Archivaldo", agency="DEA", birthDate="1980-10-02"),
    )
    write(
        store,
        person("alfredo", "GUZMAN SALAZAR, Jesus Alfredo", agency="DEA", birthDate="1986-05-17"),
    )
    queries = [
        screening.parse_query({"name": "Guzman Salazar", "birth_date": "1980-10-02"}),
        screening.parse_query({"name": "Guzman Salazar", "birth_date": "1986"}),
    ]
    first, second = screening.screen(store, c.dea, queries, top=1)
    assert [h.entity_id for h in first] == ["ivan"]
    assert [h.entity_id for h in second] == ["alfredo"]


def test_bad_queries_name_the_field() -> None:
    with pytest.raises(InvalidData) as err:
        screening.parse_query({"birth_date": "1980"}, "q.jsonl", 3)
    assert err.value.errors[0].line == 3 and err.value.errors[0].field == "name"
    with pytest.raises(InvalidData):
        screening.parse_query({"name": "x", "schema": "Vessel"})


def test_match_pairs_keeps_order_and_locates_errors() -> None:
    a = {"id": "a", "schema": "Person", "properties": {"name": ["GUZMAN LOERA, Joaquin"]}}
    b = {"id": "b", "schema": "Person", "properties": {"name": ["Joaquin Guzman"]}}
    c = {"id": "c", "schema": "Person", "properties": {"name": ["Maria Lopez"]}}
    lines = [json.dumps({"id": 1, "a": a, "b": b}), "", json.dumps({"id": 2, "a": a, "b": c})]
    out = list(screening.match_pairs(lines))
    assert [r["id"] for r in out] == [1, 2]
    assert out[0]["score"] > 0.8 > 0.2 > out[1]["score"]
    assert out[0]["explanation"]["features"]
    bad = json.dumps({"id": 3, "a": a, "b": {"schema": "Person", "properties": {"name": "x"}}})
    with pytest.raises(InvalidData) as err:
        list(screening.match_pairs([lines[0], bad], source="pairs.jsonl"))
    problem = err.value.errors[0]
    assert (problem.file, problem.line, problem.field) == ("pairs.jsonl", 2, "b.properties.name")


def _leaky_store(store: Store):  # type: ignore[no-untyped-def]
    """FBI's CLEAR person with a DEA AMBER+STRICT alias, and a DEA AMBER+STRICT person."""
    c = community(store)
    write(store, person("x1", "Juan Perez Lopez", agency="FBI", tlp=TLP.CLEAR))
    write(
        store, [stmt("x1", "alias", "ZAMBADA GARCIA, Ismael", agency="DEA", tlp=TLP.AMBER_STRICT)]
    )
    write(store, person("secret", "Mayo Zambada Niebla", agency="DEA", tlp=TLP.AMBER_STRICT))
    return c


def test_invisible_names_do_not_leak(store: Store) -> None:
    c = _leaky_store(store)
    assert {e.id for e in entities.search(store, c.dea, "zambada")} == {"x1", "secret"}
    assert entities.search(store, c.fgr, "zambada") == []
    assert entities.search(store, c.fgr, "Ismael Zambada Garcia") == []
    for principal in (c.fgr, c.fbi):
        [hits] = screening.screen(
            store, principal, [screening.parse_query({"name": "Ismael Zambada"})]
        )
        assert hits == []
    # x1 is found by its visible name, scored on visible statements only
    query = screening.parse_query({"name": "Juan Perez"})
    [hits] = screening.screen(store, c.fgr, [query])
    assert [h.entity_id for h in hits] == ["x1"]
    visible = reader.get_entity(store, c.fgr, "x1").to_ftm()
    assert "alias" not in visible["properties"]
    assert hits[0].score == compare(query, visible).score
    assert "zambada" not in str(hits[0].explanation).lower()
    logged = list(
        audit.read(store, Principal.system(), audit.AuditQuery(actions=("search", "screen")))
    )
    fgr_logs = [r for r in logged if r.username == "luis.fgr"]
    assert fgr_logs and all("secret" not in r.entity_ids for r in fgr_logs)


def test_shared_index_follows_writes_and_retractions(store: Store) -> None:
    c = community(store)
    write(store, person("a", "Rafael Caro Quintero", agency="DEA", tlp=TLP.CLEAR))
    assert [e.id for e in entities.search(store, c.fgr, "caro quintero")] == ["a"]
    write(store, person("b", "Miguel Angel Felix Gallardo", agency="FGR", tlp=TLP.CLEAR))
    assert [e.id for e in entities.search(store, c.dea, "Felix Gallardo")] == ["b"]
    name = next(s for s in reader.get_entity(store, c.fgr, "b").live if s.prop == "name")
    entities.retract(store, c.fgr, name.id, "wrong person")
    assert entities.search(store, c.dea, "Felix Gallardo") == []
    assert entities.search(store, c.dea, "Rafael Caro")[0].id == "a"


def test_invisible_entries_take_no_place_in_the_cut(store: Store) -> None:
    """A principal's results do not depend on better-ranked entries it may not see.

    Twenty DEA AMBER+STRICT namesakes outrank FGR's own record in the shared
    index; FGR must still get its record, exactly as from a store without them.
    """
    c = community(store)
    write(store, person("own", "Juan Garcia Lopez", agency="FGR", tlp=TLP.CLEAR))
    query = screening.parse_query({"name": "Juan Garcia Lopez", "birth_date": "1970-03-04"})
    [alone] = screening.screen(store, c.fgr, [query], top=1)
    for i in range(20):
        write(
            store,
            person(
                f"dea{i}",
                "GARCIA LOPEZ, Juan",
                agency="DEA",
                tlp=TLP.AMBER_STRICT,
                birthDate="1970-03-04",
            ),
        )
    [dea_hits] = screening.screen(store, c.dea, [query], top=1)
    assert dea_hits[0].entity_id.startswith("dea")
    [crowded] = screening.screen(store, c.fgr, [query], top=1)
    assert [h.to_dict() for h in crowded] == [h.to_dict() for h in alone]
    assert [h.entity_id for h in crowded] == ["own"]


def test_warm_builds_the_index_in_the_background(store: Store) -> None:
    c = community(store)
    write(store, person("a", "Rafael Caro Quintero", agency="DEA", tlp=TLP.CLEAR))
    thread = screening.warm(store)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert store in screening._shared  # built before any query asked for it
    assert [e.id for e in entities.search(store, c.fgr, "caro quintero")] == ["a"]


def test_a_watcher_follows_other_processes_writes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server's queries do not count the store's statements: the watcher thread does."""
    monkeypatch.setattr(screening, "CHECK_SECONDS", 0.1)
    c = community(store)
    write(store, person("a", "Rafael Caro Quintero", agency="DEA", tlp=TLP.CLEAR))
    screening.warm(store, watch=True)
    deadline = time.monotonic() + 60
    while not (store in screening._shared and screening._shared[store].watched):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    counted: list[threading.Thread] = []
    monkeypatch.setattr(
        screening.store_screening,
        "fingerprint",
        _counting(screening.store_screening.fingerprint, counted),
    )
    other = Store.open(store.settings)  # another process's connection to the same store
    try:
        write(other, person("b", "Miguel Angel Felix Gallardo", agency="FGR", tlp=TLP.CLEAR))
    finally:
        other.close()
    deadline = time.monotonic() + 30
    while not entities.search(store, c.dea, "Felix Gallardo"):
        assert time.monotonic() < deadline, "the watcher never refreshed the index"
        time.sleep(0.05)
    assert counted and all(t is not threading.current_thread() for t in counted)


def _counting(fingerprint: Any, calls: list[threading.Thread]) -> Any:
    def counted(store: Store) -> Any:
        calls.append(threading.current_thread())
        return fingerprint(store)

    return counted


def test_result_lines_are_what_the_entity_page_shows(store: Store) -> None:
    """Search reads a few properties, not whole entities: its lines must still be exact.

    The caption is the value most visible statements assert; the schema and the
    agencies come from every visible statement, names and notes alike, and
    nothing the principal may not see counts.
    """
    c = community(store)
    write(
        store,
        person("m", "Ismael Zambada Garcia", agency="DEA", tlp=TLP.CLEAR, phone="+5215512345678"),
    )
    write(store, [stmt("m", "name", "Ismael Zambada", agency="FGR", tlp=TLP.CLEAR)])
    write(store, [stmt("m", "name", "Ismael Zambada", agency="UIF", tlp=TLP.GREEN)])
    write(store, [stmt("m", "notes", "seen in Culiacan", agency="FBI", tlp=TLP.CLEAR)])
    write(store, [stmt("m", "name", "EL MAYO ZAMBADA", agency="UIF", tlp=TLP.AMBER_STRICT)])
    for principal in (c.dea, c.fgr, c.fbi):
        [line] = entities.search(store, principal, "Zambada")
        page = reader.get_entity(store, principal, "m")
        assert (line.id, line.schema, line.caption, line.agencies) == (
            page.id,
            page.schema,
            page.caption,
            page.agencies,
        )
        assert line.caption == "Ismael Zambada"  # asserted twice: beats the fuller name, once
        assert "FBI" in line.agencies  # from a note: not a property search reads
        [[hit]] = screening.screen(
            store, principal, [screening.parse_query({"name": "Mayo Zambada"})]
        )
        assert "EL MAYO ZAMBADA" not in hit.names


def test_hits_are_checked_again_before_they_are_shown(store: Store) -> None:
    """The index may lag another process's retraction by a moment: what it proposes on a
    retracted name is read again, found wanting, and not shown."""
    c = community(store)
    write(store, person("x", "Juan Perez Lopez", agency="FGR", tlp=TLP.CLEAR))
    write(store, [stmt("x", "alias", "Ismael Zambada Garcia", agency="FGR", tlp=TLP.CLEAR)])
    assert [h.id for h in entities.search(store, c.dea, "Ismael Zambada")] == ["x"]
    other = Store.open(store.settings)  # another process: this one's index is not told
    try:
        alias = next(s for s in reader.get_entity(other, c.fgr, "x").live if s.prop == "alias")
        entities.retract(other, c.fgr, alias.id, "not his alias")
    finally:
        other.close()
    generation = screening._generations.get(store.engine, 0)
    assert screening._fresh(screening._shared[store], generation)  # not refreshed since
    assert entities.search(store, c.dea, "Ismael Zambada") == []
    [hit] = entities.search(store, c.dea, "Juan Perez")
    assert hit.id == "x" and hit.caption == "Juan Perez Lopez"
