"""Finding the entities a principal may see that match a query, from the shared name index.

The shared index (``services.screening``) only *proposes* entity numbers,
best estimate first. Proposals whose indexed names the principal may see
none of are skipped unread (``services.owners``); those it may see whole are
scored on the index's content; the others are read through the query layer
(`vinculo.store.hits`) and scored on their visible values. Scoring goes in
estimate order until the best ``want`` beat every remaining estimate, as
`ScreeningIndex.best` does over the whole index. The hits kept are then read
through the query layer and checked on that alone before anything is shown:
nothing computed from a statement the principal may not see is shown,
counted or ranked.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import numpy as np

from vinculo.access.principal import Principal
from vinculo.match import MatchResult
from vinculo.match.analysis import READ_PROPS, EntityAnalysis, analyze, analyze_key, entity_key
from vinculo.match.compare import compare_analyses
from vinculo.match.index import STOP_MARGIN, ScreeningIndex, logit
from vinculo.model.entity import caption_of, caption_props, common_schema
from vinculo.model.schema import get_schema
from vinculo.services.owners import HIDDEN, MIXED, WHOLE, Owners
from vinculo.store import Store
from vinculo.store import hits as store_hits

__all__ = ["Hit", "Line", "SharedIndex", "lines", "visible_hits"]

# estimates are rough below the accept threshold: a hit of score ``floor`` may have an
# estimate this far below logit(floor) (none further, on the demo's searches)
REACH_MARGIN = 4.0
_FIRST_BATCH = 10  # proposals taken beyond ``want`` in the first batch
_READ_PROPS = sorted(READ_PROPS)


@cache
def _caption_props() -> list[str]:
    return sorted(caption_props())


@cache
def _line_props() -> list[str]:
    """What a hit's line and its check read: the matcher's properties and the caption's."""
    return sorted(set(READ_PROPS) | caption_props())


@dataclass(frozen=True)
class Line:
    """An entity as a result line or a link shows it: what to call it, what it is, who told.

    Built from a few properties (`lines`), not from the whole entity, yet equal
    to the entity page's caption, schema and agencies.
    """

    id: str
    schema: str
    caption: str
    agencies: list[str]


@dataclass(frozen=True)
class Hit(Line):
    """A line that matched a query, with its visible names and its score."""

    names: list[str]
    result: MatchResult

    @property
    def score(self) -> float:
        return self.result.score


def lines(store: Store, principal: Principal, entity_ids: Sequence[str]) -> list[Line]:
    """Result lines of the visible entities among ``entity_ids``, in that order."""
    values = store_hits.visible_values(store, principal, entity_ids, _caption_props())
    about = store_hits.summaries(store, principal, entity_ids)
    out = []
    for entity_id in entity_ids:
        if entity_id in about:
            out.append(_line(entity_id, about[entity_id], values.get(entity_id)))
    return out


def _line(
    entity_id: str, about: tuple[set[str], set[str]], seen: store_hits.Visible | None
) -> Line:
    schema = common_schema(sorted(about[0]))
    caption = caption_of(schema, seen.values if seen else {}, entity_id)
    return Line(entity_id, schema, caption, sorted(about[1]))


class SharedIndex(Protocol):
    """The shared index, its owners beside it, and the lock its refreshes take."""

    index: ScreeningIndex
    owners: Owners
    lock: threading.RLock


@dataclass
class _Scored:
    entity_id: str
    key: tuple[Any, ...]  # the content it was scored on
    analysis: EntityAnalysis
    score: float


def visible_hits(
    store: Store,
    shared: SharedIndex,
    principal: Principal,
    query: Mapping[str, Any],
    want: int,
    floor: float,
    schemata: Sequence[str] | None = None,
    explain: bool = False,
    budget: int | None = None,
    settle: bool = True,
) -> list[Hit]:
    """Visible entities matching ``query`` with a visible score of at least ``floor``, best first.

    Candidates come in estimate order. Those whose indexed names the principal
    may see none of are skipped unread, those it may see whole are scored on
    the index's content, the others on their visible values, read through the
    query layer. Scoring stops after ``budget`` full comparisons (default: the
    index's ``max_candidates``, as screening needs), when no estimate left is
    within ``REACH_MARGIN`` of ``floor``, and (``settle``) once the best
    ``want`` beat the next estimate by ``STOP_MARGIN``: the rule screening's
    accept threshold is tuned for; free-text search, which lists hits down to
    a low floor, scores its whole budget instead. The hits kept are then read
    through the query layer, and checked and shown on that alone.
    """
    agency_id, markings = store_hits.released(store, principal)
    with shared.lock:
        index = shared.index
        ranked, estimates = index.plan(query)
        # estimates come best first: past ``reach`` they are more than REACH_MARGIN below
        # the floor, and none is looked at
        reach = int(np.count_nonzero(estimates >= logit(floor) - REACH_MARGIN))
        sight = shared.owners.sight(ranked[:reach], agency_id, markings)
    qa = analyze(query)
    limit = max(index.max_candidates if budget is None else budget, want)
    heap: list[tuple[float, int, _Scored]] = []  # the best ``want`` as (score, -order, item)
    start, batch, scored = 0, want + _FIRST_BATCH, 0
    while start < reach:
        stop = min(start + batch, reach)
        with shared.lock:
            batch_rows = [
                (order, *index.record(int(ranked[order])), int(sight[order]))
                for order in range(start, stop)
                if sight[order] != HIDDEN
            ]
        mixed = {entity_id: key for _, entity_id, key, seen in batch_rows if seen == MIXED}
        proposed = _proposed_on_visible(store, principal, query, mixed, schemata)
        for order, entity_id, key, seen in batch_rows:
            full = len(heap) >= want
            if scored >= limit or (
                settle and full and logit(heap[0][0]) >= estimates[order] + STOP_MARGIN
            ):
                return _finish(store, principal, query, qa, heap, floor, schemata, explain)
            if seen == WHOLE:
                if schemata and not _is_a(key[0], schemata):
                    continue
                candidate = (key, analyze_key(key))
            elif entity_id in proposed:
                candidate = proposed[entity_id]
            else:
                continue
            scored += 1
            score = compare_analyses(qa, candidate[1], explain=False).score
            if score < floor:
                continue
            entry = (score, -order, _Scored(entity_id, *candidate, score))
            if len(heap) < want:
                heapq.heappush(heap, entry)
            elif entry[:2] > heap[0][:2]:
                heapq.heapreplace(heap, entry)
        start, batch = stop, batch * 2
    return _finish(store, principal, query, qa, heap, floor, schemata, explain)


def _proposed_on_visible(
    store: Store,
    principal: Principal,
    query: Mapping[str, Any],
    indexed: Mapping[str, tuple[Any, ...]],
    schemata: Sequence[str] | None,
) -> dict[str, tuple[tuple[Any, ...], EntityAnalysis]]:
    """The content and analysis of each of ``indexed`` that its visible values alone make a
    candidate (read through the query layer).

    An entity whose visible content is what the shared index holds was proposed
    on that content already; the others (some statement hidden from this
    principal, or written since the index was refreshed) are planned again on
    a small index of their visible content.
    """
    if not indexed:
        return {}
    found = store_hits.visible_values(store, principal, list(indexed), _READ_PROPS)
    out: dict[str, tuple[tuple[Any, ...], EntityAnalysis]] = {}
    partial: list[dict[str, Any]] = []
    for entity_id, seen in found.items():
        data = _as_entity(entity_id, seen)
        if schemata and not _is_a(data["schema"], schemata):
            continue
        key = entity_key(data)
        if key == indexed[entity_id]:  # content keys are canonical: sorted, unique values
            out[entity_id] = (indexed[entity_id], analyze_key(indexed[entity_id]))
        elif key[1]:
            partial.append(data)
    for data in _proposed(query, partial):
        out[data["id"]] = (entity_key(data), analyze(data))
    return out


def _proposed(query: Mapping[str, Any], entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Those of ``entities`` that a small index of them proposes for ``query``."""
    if not entities:
        return []
    gate = ScreeningIndex.build(entities)
    by_id = {data["id"]: data for data in entities}
    return [by_id[gate.entity_id(number)] for number in gate.plan(query)[0].tolist()]


def _as_entity(entity_id: str, seen: store_hits.Visible) -> dict[str, Any]:
    schema = common_schema(sorted(seen.schemata))
    return {"id": entity_id, "schema": schema, "properties": seen.values}


def _finish(
    store: Store,
    principal: Principal,
    query: Mapping[str, Any],
    qa: EntityAnalysis,
    heap: list[tuple[float, int, _Scored]],
    floor: float,
    schemata: Sequence[str] | None,
    explain: bool,
) -> list[Hit]:
    """The kept entities as shown: read through the query layer, and checked on that alone.

    An entity whose visible content is no longer what it was scored on (the
    index had not yet seen a retraction, a purge, or another process's
    import) is proposed and scored again on what is visible now, or dropped.
    """
    kept = [item for _, _, item in sorted(heap, key=lambda e: (-e[0], -e[1]))]
    ids = [item.entity_id for item in kept]
    values = store_hits.visible_values(store, principal, ids, _line_props())
    about = store_hits.summaries(store, principal, ids)
    hits = []
    for item in kept:
        seen = values.get(item.entity_id)
        if seen is None or item.entity_id not in about:
            continue  # retracted or hidden since
        data = _as_entity(item.entity_id, seen)
        analysis, score = item.analysis, item.score
        if entity_key(data) != item.key:
            if not _proposed(query, [data]):
                continue
            analysis = analyze(data)
            score = compare_analyses(qa, analysis, explain=False).score
            if score < floor:
                continue
        line = _line(item.entity_id, about[item.entity_id], seen)
        if schemata and not _is_a(line.schema, schemata):
            continue
        result = compare_analyses(qa, analysis) if explain else MatchResult(score)
        names = list(dict.fromkeys(seen.values.get("name", [])))
        hits.append(Hit(line.id, line.schema, line.caption, line.agencies, names, result))
    hits.sort(key=lambda hit: -hit.score)  # stable: ties keep their estimate order
    return hits


def _is_a(schema: str, schemata: Sequence[str]) -> bool:
    found = get_schema(schema)
    return found is not None and any(found.is_a(s) for s in schemata)
