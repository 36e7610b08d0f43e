"""Search reads a few properties per candidate; its results must equal a reading of whole entities.

The reference below is the plain rule, with every candidate read whole through
`reader.get_entities`: in estimate order, the first ``2 * limit + 10``
entities whose *visible* names alone propose them are scored on what the
principal sees, and the best ``limit`` of score ``SEARCH_FLOOR`` or more are
shown, with the entity page's caption, schema and agencies.
"""

from typing import Any

from vinculo.match import compare
from vinculo.match.analysis import entity_key
from vinculo.match.index import ScreeningIndex, query_entity
from vinculo.services import entities, screening
from vinculo.store import Store, reader


def _reference(store: Store, principal: Any, text: str, limit: int) -> list[tuple[Any, ...]]:
    query = query_entity(text, schema="LegalEntity")
    index = screening.shared_index(store).index
    wanted = screening.SEARCH_BUDGET * limit + 10
    scored = []
    for number in index.plan(query)[0].tolist():
        entity_id, key = index.record(number)
        found = reader.get_entities(store, principal, [entity_id])
        if not found or not found[0].live:
            continue
        data = found[0].to_ftm()
        if not entity_key(data)[1]:
            continue
        if entity_key(data) != key and not ScreeningIndex.build([data]).plan(query)[0].size:
            continue  # its visible names alone would not have proposed it
        scored.append((compare(query, data).score, found[0]))
        if len(scored) == wanted:
            break
    kept = [(s, e) for s, e in scored if s >= screening.SEARCH_FLOOR]
    kept.sort(key=lambda item: -item[0])
    return [(e.id, e.caption, e.schema, e.agencies) for _, e in kept[:limit]]


def test_search_equals_reading_whole_entities(demo_store: Store) -> None:
    names = sorted(
        {
            " ".join(s.value.split()[:: max(1, len(s.value.split()) - 1)])
            for e in reader.iter_entities(demo_store, _system(), schemata=["Person"])
            for s in e.live
            if s.prop == "name"
        }
    )[::7][:40]
    assert len(names) == 40
    for username in ("analyst.dea", "analyst.fgr", "analyst.uif"):
        user = demo_store.get_user(username)
        assert user is not None
        principal = user.principal()
        for text in names:
            got = entities.search(demo_store, principal, text, limit=10)
            assert [(h.id, h.caption, h.schema, h.agencies) for h in got] == _reference(
                demo_store, principal, text, 10
            ), (username, text)


def _system() -> Any:
    from vinculo.access.principal import Principal

    return Principal.system()
