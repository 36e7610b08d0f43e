"""Screening and pairwise matching as use-cases for the CLI and the web.

``match_pairs`` scores caller-supplied pairs and reads nothing stored.
``screen`` answers "who is this?" and ``search_entities`` serves free-text
search (``services.entities.search``), both over what the principal may see.

One index of every entity's names serves all principals of a store (built
once from the statements, refreshed incrementally after import runs), so
many users on a large store do not each build their own. It only *proposes*
ids: each is re-read through the query layer (``services.hits``), and kept
and scored on its visible statements alone; nothing computed from an
invisible name is returned.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

from vinculo.access.principal import Principal
from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.match import compare
from vinculo.match.analysis import READ_PROPS
from vinculo.match.index import ScreeningIndex, query_entity
from vinculo.services import audit, collector
from vinculo.services.hits import Hit, visible_hits
from vinculo.services.owners import Owners
from vinculo.store import Store
from vinculo.store import screening as store_screening

__all__ = [
    "SCREEN_SCHEMATA",
    "ScreenHit",
    "clear_cache",
    "match_pairs",
    "parse_query",
    "screen",
    "search_entities",
    "shared_index",
    "warm",
]

log = logging.getLogger(__name__)

SCREEN_SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "PublicBody")
CHECK_SECONDS = 2.0  # how stale the index may be to writes made by other processes
CHECK_SHARE = 20  # a watcher waits this many times as long as its last check took (at least)
SCREEN_FLOOR = 0.01  # screening shows candidates down to this score (visible data only)
SEARCH_FLOOR = 0.2  # free-text search shows entities whose visible names score this much
# free-text search scores this many visible candidates per result asked (plus ten), best
# estimates first: a list to browse, not a screening decision
SEARCH_BUDGET = 2


@dataclass(frozen=True)
class ScreenHit:
    entity_id: str
    schema: str
    caption: str
    names: list[str]
    score: float
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "schema": self.schema,
            "caption": self.caption,
            "names": self.names,
            "score": round(self.score, 4),
            "explanation": self.explanation,
        }


def _entity(value: Any, source: str, line: int, field: str) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not isinstance(value.get("properties"), Mapping):
        raise InvalidData.at(
            N_("expected an FtM entity object"), file=source, line=line, field=field
        )
    if not isinstance(value.get("schema"), str):
        raise InvalidData.at(N_("entity has no schema"), file=source, line=line, field=field)
    for prop, values in value["properties"].items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            where = f"{field}.properties.{prop}"
            raise InvalidData.at(
                N_("expected a list of strings"), file=source, line=line, field=where
            )
    return dict(value)


def match_pairs(lines: Iterable[str], source: str = "-") -> Iterator[dict[str, Any]]:
    """Score JSON lines ``{"id", "a", "b"}``; yields ``{"id", "score", "explanation"}`` in order."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidData.at(
                N_("not JSON: {error}"), file=source, line=number, error=exc.msg
            ) from None
        if not isinstance(record, dict):
            raise InvalidData.at(N_("expected a JSON object"), file=source, line=number)
        a = _entity(record.get("a"), source, number, "a")
        b = _entity(record.get("b"), source, number, "b")
        result = compare(a, b)
        yield {"id": record.get("id"), "score": round(result.score, 4), **_explained(result)}


def _explained(result: Any) -> dict[str, Any]:
    return {"explanation": result.explanation}


def parse_query(
    record: Mapping[str, Any], source: str = "-", line: int | None = None
) -> dict[str, Any]:
    """A screening query from ``{"name", "birth_date"?, "schema"?}`` or an FtM entity."""
    if isinstance(record.get("properties"), Mapping):
        return _entity(record, source, line or 0, "query")
    name = record.get("name") or record.get("q")
    if not isinstance(name, str) or not name.strip():
        raise InvalidData.at(N_("a query needs a name"), file=source, line=line, field="name")
    birth = record.get("birth_date") or record.get("birthDate")
    schema = record.get("schema") or "Person"
    if birth is not None and not isinstance(birth, str):
        raise InvalidData.at(
            N_("birth date must be text"), file=source, line=line, field="birth_date"
        )
    if schema not in SCREEN_SCHEMATA:
        raise InvalidData.at(
            N_("cannot screen a {schema}"), file=source, line=line, field="schema", schema=schema
        )
    return query_entity(name.strip(), birth, schema=str(schema))


def clear_cache() -> None:
    """Forget every built index (the next query rebuilds it)."""
    with _lock:
        _shared.clear()


@dataclass
class _Shared:
    """One store's index of every entity's names, and the store state it reflects."""

    index: ScreeningIndex
    owners: Owners  # by entity number, beside the index
    fingerprint: store_screening.Fingerprint
    generation: int
    checked: float
    lock: threading.RLock = field(default_factory=threading.RLock)
    watched: bool = False  # a watcher thread follows other processes' writes (`warm`)
    pause: float = CHECK_SECONDS  # the watcher's pause between two checks


_shared: weakref.WeakKeyDictionary[Store, _Shared] = weakref.WeakKeyDictionary()
_guards: weakref.WeakKeyDictionary[Store, threading.Lock] = weakref.WeakKeyDictionary()
_lock = threading.Lock()  # guards the two dictionaries above
_WRITES = re.compile(r"\s*(insert|update|delete)\b[^(]{0,40}?\b(statement|retraction)\b", re.I)


def _watch(engine: Engine) -> None:
    """Count this process's committed writes of statements, so the next query refreshes at once."""
    if getattr(engine, "_vinculo_screen_watch", False):
        return

    @event.listens_for(engine, "after_cursor_execute")
    def _wrote(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if _WRITES.match(sql):
            conn.info["vinculo_screen_wrote"] = True

    @event.listens_for(engine, "commit")
    def _committed(conn: Any) -> None:
        if conn.info.pop("vinculo_screen_wrote", False):
            _generations[engine] = _generations.get(engine, 0) + 1

    engine._vinculo_screen_watch = True  # type: ignore[attr-defined]


_generations: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()


def _build(store: Store) -> tuple[ScreeningIndex, Owners]:
    owners = Owners()
    index = ScreeningIndex.build(
        _owned(store_screening.iter_name_records(store, READ_PROPS), owners)
    )
    return index, owners


def _owned(records: Iterable[dict[str, Any]], owners: Owners) -> Iterator[dict[str, Any]]:
    """The records, noting each one's owners as the index numbers it (one number per record)."""
    for record in records:
        owners.append(record["owners"])
        yield record


def shared_index(store: Store) -> _Shared:
    """The store's index of all names: built once, refreshed when the store has changed.

    Changes made in this process are seen at the next query; changes made by
    other processes within ``CHECK_SECONDS``. New import runs are applied
    incrementally; anything else (direct writes, retractions, purges) rebuilds.
    Each store has its own guard, so building one store's index (a minute for
    a million names) holds up only the queries on that store; ``warm`` starts
    it before the first query asks.
    """
    _watch(store.engine)
    state = _shared.get(store)
    if state is not None and _fresh(state, _generations.get(store.engine, 0)):
        return state  # the common case takes no lock
    with _lock:
        guard = _guards.get(store)
        if guard is None:
            guard = _guards[store] = threading.Lock()
    with guard:
        state = _shared.get(store)
        generation = _generations.get(store.engine, 0)
        now = time.monotonic()
        if state is None:
            fingerprint = store_screening.fingerprint(store)
            state = _Shared(*_build(store), fingerprint, generation, now)
            with _lock:
                _shared[store] = state
            return state
        if _fresh(state, generation):
            return state
        fingerprint = store_screening.fingerprint(store)
        state.generation, state.checked = generation, now
        if fingerprint != state.fingerprint:
            _refresh(store, state, fingerprint)
        return state


def _fresh(state: _Shared, generation: int) -> bool:
    """Whether the index may answer as it is: no write of this process since, and other
    processes' writes checked lately. With a watcher, queries never wait for that check
    (counting a large store's statements takes tens of milliseconds), unless it stalled."""
    stale_after = max(10 * CHECK_SECONDS, 3 * state.pause) if state.watched else CHECK_SECONDS
    return state.generation == generation and time.monotonic() - state.checked < stale_after


def warm(store: Store, freeze: bool = False, watch: bool = False) -> threading.Thread:
    """Build the store's index in the background (e.g. when the web app starts).

    ``freeze`` then moves everything alive out of the cyclic collector's reach,
    and the survivors of its long collections from then on
    (`services.collector`): a server keeps hundreds of thousands of
    long-lived objects, and full collections walking them paused it for
    hundreds of milliseconds.
    ``watch`` then keeps following other processes' writes every
    ``CHECK_SECONDS`` in that thread, so that no query waits for the check.
    """
    target = weakref.ref(store)

    def build() -> None:
        shared_index(store)
        if freeze:
            collector.freeze_survivors()
        if watch:
            _watch_writes(target)

    thread = threading.Thread(target=build, name="screen-index", daemon=True)
    thread.start()
    return thread


def _watch_writes(target: weakref.ref[Store]) -> None:
    """Check for other processes' writes every ``CHECK_SECONDS`` while the store lives
    (on a very large store, every ``CHECK_SHARE`` times what a check costs)."""
    while (store := target()) is not None and not store.closed:
        state = _shared.get(store)
        if state is None:
            return
        state.watched = True
        try:
            began, seen = time.monotonic(), state.fingerprint
            fingerprint = store_screening.fingerprint(store)  # outside the guard: queries go on
            # counting a store's statements takes a while on a large store (0.45 s for 7.7
            # million on PostgreSQL): the watcher spends at most 1/CHECK_SHARE of its time so
            state.pause = max(CHECK_SECONDS, CHECK_SHARE * (time.monotonic() - began))
            if fingerprint != state.fingerprint:
                # queries go on with the index as it is while it is brought up to date
                # (what they show is read again through the query layer anyway)
                state.checked = time.monotonic()
                with _guards[store]:
                    # unless a query refreshed it meanwhile (then this count may be older than
                    # the index, and the next round counts again)
                    if state.fingerprint == seen:
                        _refresh(store, state, fingerprint)
            state.checked = time.monotonic()
        except Exception:  # the store briefly unreachable: queries check for themselves
            state.watched = False
            log.warning("screening index: checking for writes failed", exc_info=True)
        pause = state.pause
        del store, state
        time.sleep(pause)


def _refresh(store: Store, state: _Shared, fingerprint: store_screening.Fingerprint) -> None:
    last, retracted, count = state.fingerprint
    new_last, new_retracted, new_count = fingerprint
    incremental = new_retracted == retracted and new_last > last
    if incremental:
        added = store_screening.added_by_imports_after(store, last)
        incremental = new_count == count + added
    if not incremental:
        index, owners = _build(store)
        with state.lock:
            state.index, state.owners, state.fingerprint = index, owners, fingerprint
        return
    ids = store_screening.touched_since(store, last)
    records = list(store_screening.iter_name_records(store, READ_PROPS, ids))
    with state.lock:
        for entity_id in ids:
            state.index.remove(entity_id)
        state.index.add_all(_owned(records, state.owners))
        assert len(state.owners) == len(state.index)
        state.fingerprint = fingerprint


def search_entities(
    store: Store,
    principal: Principal,
    text: str,
    *,
    limit: int = 50,
    schemata: Sequence[str] | None = None,
) -> list[Hit]:
    """Free-text search by screening: visible entities whose names match ``text``, best first."""
    text = " ".join(text.split())[:200]
    if not text:
        return []
    query = query_entity(text, schema="LegalEntity")
    if any(c.isdigit() for c in text):
        query["properties"]["idNumber"] = [text]
    return visible_hits(
        store,
        shared_index(store),
        principal,
        query,
        limit,
        SEARCH_FLOOR,
        schemata,
        budget=SEARCH_BUDGET * limit + 10,
        settle=False,
    )


def screen(
    store: Store,
    principal: Principal,
    queries: list[dict[str, Any]],
    *,
    top: int = 10,
    min_score: float = 0.0,
    remote: str | None = None,
) -> list[list[ScreenHit]]:
    """Ranked, explained candidates for each query, from what the principal may see."""
    if not 1 <= top <= 100:
        raise InvalidData.at(N_("top must be between 1 and 100"), field="top")
    results = []
    for query in queries:
        found = visible_hits(
            store,
            shared_index(store),
            principal,
            query,
            top,
            max(min_score, SCREEN_FLOOR),
            SCREEN_SCHEMATA,
            explain=True,
        )
        hits = [
            ScreenHit(h.id, h.schema, h.caption, h.names, h.score, h.result.explanation)
            for h in found
        ]
        results.append(hits)
        names = query["properties"].get("name", [])
        audit.record(
            store,
            principal,
            "screen",
            target=names[0] if names else None,
            entity_ids=[h.entity_id for h in hits],
            detail={"query": query["properties"], "results": len(hits)},
            remote=remote,
        )
    return results
