"""Markings hold on every read path of the store, on SQLite and PostgreSQL."""

import pytest

from tests.factories import community, person, write
from vinculo.access.policy import may_see
from vinculo.access.principal import Principal
from vinculo.exc import NotFound
from vinculo.model.marking import TLP, Marking
from vinculo.store import Store, reader


def test_amber_strict_of_one_agency_is_invisible_to_another(store: Store) -> None:
    c = community(store)
    write(store, person("p-strict", "Ismael Zambada Garcia", agency="DEA", tlp=TLP.AMBER_STRICT))
    write(
        store,
        person("p-shared", "Ovidio Guzman Lopez", agency="DEA", tlp=TLP.AMBER, rel=["country:MX"]),
    )
    assert reader.get_entity(store, c.dea, "p-strict").caption == "Ismael Zambada Garcia"
    with pytest.raises(NotFound):  # released to Mexico, not to the rest of the US
        reader.get_entity(store, c.fbi, "p-shared")
    with pytest.raises(NotFound):
        reader.get_entity(store, c.fgr, "p-strict")
    assert reader.search_entity_ids(store, c.fgr, "zambada") == []
    assert reader.search_entity_ids(store, c.fgr, "ovidio") == ["p-shared"]
    assert reader.get_entities(store, c.fgr, ["p-strict", "p-shared"])[0].id == "p-shared"
    assert [e.id for e in reader.iter_entities(store, c.fgr)] == ["p-shared"]
    assert reader.stats(store, c.fgr)["entities"] == 1
    assert reader.stats(store, c.dea)["entities"] == 2


def test_releasability_names_countries_agencies_and_users(store: Store) -> None:
    c = community(store)
    write(
        store,
        person("p-uif", "Rafael Caro Quintero", agency="FGR", tlp=TLP.AMBER, rel=["agency:UIF"]),
    )
    write(
        store,
        person(
            "p-red",
            "Juan Jose Esparragoza",
            agency="FGR",
            tlp=TLP.RED,
            rel=["user:ana.dea", "country:US"],
        ),
    )
    assert [e.id for e in reader.iter_entities(store, c.uif)] == ["p-uif"]
    assert [e.id for e in reader.iter_entities(store, c.dea)] == ["p-red"]
    # RED ignores whole countries: FBI is in the US but not named
    assert list(reader.iter_entities(store, c.fbi)) == []
    assert {e.id for e in reader.iter_entities(store, c.fgr)} == {"p-uif", "p-red"}


def test_statement_level_markings_compose_an_entity(store: Store) -> None:
    c = community(store)
    write(store, person("p1", "Joaquin Guzman Loera", agency="DEA", tlp=TLP.GREEN))
    write(
        store, person("p1", "El Chapo", agency="FGR", tlp=TLP.AMBER_STRICT, birthDate="1954-12-25")
    )
    assert reader.get_entity(store, c.dea, "p1").get("birthDate") == []
    assert reader.get_entity(store, c.fgr, "p1").get("birthDate") == ["1954-12-25"]
    assert sorted(reader.get_entity(store, c.fgr, "p1").get("name")) == [
        "El Chapo",
        "Joaquin Guzman Loera",
    ]


@pytest.mark.parametrize("tlp", list(TLP))
def test_python_rule_and_sql_agree(store: Store, tlp: TLP) -> None:
    c = community(store)
    rel = ["country:MX", "user:ana.dea"]
    write(store, person("p", "Someone", agency="FBI", tlp=tlp, rel=rel))
    for principal in (c.dea, c.fbi, c.fgr, c.uif):
        expected = may_see(principal, "FBI", Marking(tlp, frozenset(rel)))
        seen = [e.id for e in reader.iter_entities(store, principal)]
        assert seen == (["p"] if expected else []), (principal.username, tlp)


def test_system_sees_everything_and_nobody_else_without_agency(store: Store) -> None:
    community(store)
    write(store, person("p", "X", agency="DEA", tlp=TLP.CLEAR))
    assert reader.stats(store, Principal.system())["entities"] == 1
    stranger = Principal("nobody", agency=None, country=None)
    assert reader.stats(store, stranger)["entities"] == 0
