"""Finding the entities a principal may see that match a query, from the shared name index.

The shared index (``services.screening``) only *proposes* entity numbers,
best estimate first. Each proposal is re-read through the query layer
(`vinculo.store.hits`), and kept and scored on its visible values alone:
nothing computed from a statement the principal may not see is shown,
counted or ranked. Proposals are read in growing batches and scored in
estimate order until the best ``want`` beat every remaining estimate, as
`ScreeningIndex.best` does over the whole index.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from vinculo.access.principal import Principal
from vinculo.match import MatchResult
from vinculo.match.analysis import READ_PROPS, EntityAnalysis, analyze, analyze_key, entity_key
from vinculo.match.compare import compare_analyses
from vinculo.match.index import STOP_MARGIN, ScreeningIndex, logit
from vinculo.model.entity import caption_of, caption_props, common_schema
from vinculo.model.schema import get_schema
from vinculo.store import Store
from vinculo.store import hits as store_hits

__all__ = ["Hit", "Line", "SharedIndex", "lines", "visible_hits"]

_FIRST_BATCH = 10  # proposals read beyond ``want`` in the first query


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
    values = store_hits.visible_values(store, principal, entity_ids, sorted(caption_props()))
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
    """The shared index and the lock its refreshes take (``services.screening``)."""

    index: ScreeningIndex
    lock: threading.RLock


@dataclass
class _Scored:
    entity_id: str
    seen: store_hits.Visible
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
) -> list[Hit]:
    """Visible entities matching ``query`` with a visible score of at least ``floor``, best first.

    Scoring stops once the best ``want`` beat the next estimate by
    ``STOP_MARGIN``, once no estimate left reaches ``floor``, or after
    ``budget`` full comparisons of visible candidates (default: the index's
    ``max_candidates``, as screening needs; free-text search settles for less).
    """
    with shared.lock:
        index = shared.index
        ranked, estimates = index.plan(query)
    qa = analyze(query)
    props = sorted(set(READ_PROPS) | caption_props())
    limit = max(index.max_candidates if budget is None else budget, want)
    least = logit(floor)
    heap: list[tuple[float, int, _Scored]] = []  # the best ``want`` as (score, -order, item)
    # estimates come best first: none past ``reach`` could score ``floor``, so none is read
    reach = int(np.count_nonzero(estimates >= least))
    start, batch, scored = 0, want + _FIRST_BATCH, 0
    while start < reach:
        with shared.lock:
            numbers = ranked[start : min(start + batch, reach)].tolist()
            indexed = dict(index.record(n) for n in numbers)
        found = store_hits.visible_values(store, principal, list(indexed), props)
        proposed = _proposed_on_visible(query, found, indexed, schemata)
        for order, entity_id in enumerate(indexed, start=start):
            bound = float(estimates[order])
            full = len(heap) >= want
            if (
                scored >= limit
                or bound < least
                or (full and logit(heap[0][0]) >= bound + STOP_MARGIN)
            ):
                return _finish(store, principal, qa, heap, schemata, explain)
            analysis = proposed.get(entity_id)
            if analysis is None:
                continue
            scored += 1
            score = compare_analyses(qa, analysis, explain=False).score
            if score < floor:
                continue
            entry = (score, -order, _Scored(entity_id, found[entity_id], analysis, score))
            if len(heap) < want:
                heapq.heappush(heap, entry)
            elif entry[:2] > heap[0][:2]:
                heapq.heapreplace(heap, entry)
        start, batch = start + batch, batch * 2
    return _finish(store, principal, qa, heap, schemata, explain)


def _proposed_on_visible(
    query: Mapping[str, Any],
    found: Mapping[str, store_hits.Visible],
    indexed: Mapping[str, tuple[Any, ...]],
    schemata: Sequence[str] | None,
) -> dict[str, EntityAnalysis]:
    """The analysis of each entity whose visible values alone make it a candidate.

    An entity whose visible content is what the shared index holds was
    proposed on that content already, and its analysis is the index's (cached);
    only the others (some statement hidden from this principal, or written
    since the index was refreshed) are planned again on a small index of their
    visible content.
    """
    out: dict[str, EntityAnalysis] = {}
    partial: list[dict[str, Any]] = []
    for entity_id, seen in found.items():
        schema = common_schema(sorted(seen.schemata))
        if schemata and not _is_a(schema, schemata):
            continue
        data = {"id": entity_id, "schema": schema, "properties": seen.values}
        key = entity_key(data)
        if _same_content(key, indexed[entity_id]):
            out[entity_id] = analyze_key(indexed[entity_id])
        elif key[1]:
            partial.append(data)
    if partial:
        gate = ScreeningIndex.build(partial)
        by_id = {data["id"]: data for data in partial}
        for number in gate.plan(query)[0].tolist():
            entity_id = gate.entity_id(number)
            out[entity_id] = analyze(by_id[entity_id])
    return out


def _finish(
    store: Store,
    principal: Principal,
    qa: EntityAnalysis,
    heap: list[tuple[float, int, _Scored]],
    schemata: Sequence[str] | None,
    explain: bool,
) -> list[Hit]:
    """Result lines for the kept entities, with schema and agencies from all visible statements."""
    kept = [item for _, _, item in sorted(heap, key=lambda e: (-e[0], -e[1]))]
    about = store_hits.summaries(store, principal, [item.entity_id for item in kept])
    hits = []
    for item in kept:
        if item.entity_id not in about:
            continue  # retracted or hidden since it was read: not shown
        line = _line(item.entity_id, about[item.entity_id], item.seen)
        if schemata and not _is_a(line.schema, schemata):
            continue
        result = compare_analyses(qa, item.analysis) if explain else MatchResult(item.score)
        names = list(dict.fromkeys(item.seen.values.get("name", [])))
        hits.append(Hit(line.id, line.schema, line.caption, line.agencies, names, result))
    return hits


def _same_content(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Whether two content keys hold the same schema and values, in whatever order."""
    return a[0] == b[0] and {p: set(v) for p, v in a[1]} == {p: set(v) for p, v in b[1]}


def _is_a(schema: str, schemata: Sequence[str]) -> bool:
    found = get_schema(schema)
    return found is not None and any(found.is_a(s) for s in schemata)
