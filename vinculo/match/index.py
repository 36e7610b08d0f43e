"""The screening index: "who is this?" over a million names, on one core.

Built from any iterable of FtM entity dicts (the store's entities, an FtM
file, a list). Every name is a row posted under the keys of its words
(:mod:`blocking`), with its word count, given-name count and the keys of its
paternal and maternal surname as the matcher parses them; nicknames, full
birth dates and identifiers are keys of the entity. Per entity only compact
arrays (birth date, kind, first row) and one JSON record of the properties the
matcher reads are kept.

A query goes in two stages. :mod:`estimate` finds, with numpy over the
postings, every entity the matcher could accept and estimates its log-odds
(``candidates`` returns them all: that set is what recall against a brute
force scan measures). ``screen`` then runs the full matcher in estimate order
and stops once the ``top`` best scores beat the estimate of everything left
by a calibrated margin, so a query for a common name scores a few dozen
entities, not the thousands that share its words.
"""

from __future__ import annotations

import heapq
import json
import math
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vinculo.match.analysis import (
    ID_PROPS,
    NAME_PROPS,
    analyze_key,
    entity_key,
    person_name_parts,
)
from vinculo.match.blocking import (
    date_code,
    entity_nickname_keys,
    given_like,
    identifier_keys,
    name_words,
    twin_words,
    word_key,
)
from vinculo.match.compare import MatchResult, compare_analyses
from vinculo.match.estimate import IndexView, entity_kind, names_of, plan
from vinculo.match.postings import IntArray, KeyTable, Postings

__all__ = ["ACCEPT", "Candidate", "ScreeningIndex", "query_entity"]

ACCEPT = 0.5  # the matcher accepts a pair at this score (log-odds 0)
# ``screen`` stops scoring once its top scores beat every remaining estimate
# by this many log-odds: -PERSON_SLACK stops on the estimate without its
# allowance (the allowance keeps ``candidates`` complete; stopping needs less).
# On synthetic queries apart from the benchmark's the accepted top 10 still
# equalled a brute-force scan's for 200/200 queries on 20k people and 39/40 on
# 50k; ``benchmarks/screen.py`` prints the same check.
STOP_MARGIN = -0.3


@dataclass(frozen=True, slots=True)
class Candidate:
    """One screening hit: the entity id, its schema and names, the score and why."""

    entity_id: str
    schema: str
    names: tuple[str, ...]
    score: float
    result: MatchResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "schema": self.schema,
            "names": list(self.names),
            "score": round(self.score, 4),
            "explanation": self.result.explanation,
        }


def query_entity(
    name: str, birth_date: str | None = None, schema: str = "Person", **props: list[str]
) -> dict[str, Any]:
    """An FtM-shaped query from a name (and optionally a birth date and other properties)."""
    properties: dict[str, list[str]] = {"name": [name], **props}
    if birth_date:
        properties["birthDate"] = [birth_date]
    return {"id": "query", "schema": schema, "properties": properties}


def _roles(schema: str, name: str, words: tuple[str, ...]) -> tuple[int, str | None, str | None]:
    """Given names, paternal and maternal surname of a name, as the matcher parses a person's.

    The estimate's role terms need the parser's roles: "LÓPEZ FLORES, Imelda"
    has a given name the lexicon does not know, and which surname is maternal
    decides the model's maternal agreement or conflict.
    """
    if schema != "Person":
        return sum(map(given_like, words)), None, None
    parts = person_name_parts(name)
    return min(len(parts.given), len(words)), parts.paternal, parts.maternal


def logit(score: float) -> float:
    if score <= 0.0:
        return -math.inf
    if score >= 1.0:
        return math.inf
    return math.log(score / (1.0 - score))


class ScreeningIndex:
    """Name-word postings over entities, answering ranked, explained screening queries."""

    def __init__(self, max_candidates: int = 250) -> None:
        self.max_candidates = max_candidates  # most entities ``screen`` fully scores
        self._keys = KeyTable()
        self._rows = Postings()  # word key -> rows (names)
        self._lone = Postings()  # word key -> rows that may match on one word alone
        self._ents = Postings()  # nickname / birth date / identifier key -> entities
        self._row_entity: array[int] = array("i")
        self._row_len: array[int] = array("B")
        self._row_given: array[int] = array("B")  # words the lexicon knows as given names
        self._row_lone = bytearray()
        self._row_pat: array[int] = array("i")  # key of the paternal surname, -1 none
        self._row_mat: array[int] = array("i")  # key of the maternal surname, -1 none
        self._ent_dob: array[int] = array("i")  # date_code; 0 none; -1 several
        self._ent_row: array[int] = array("i")  # first row of each entity
        self._ent_kind: array[int] = array("b")
        self._alive = bytearray()
        self._blob = bytearray()
        self._offsets: array[int] = array("q", [0])
        self._numbers: dict[str, int] | None = None
        self._view: IndexView | None = None
        self.last_scored = 0  # entities the last ``best``/``screen`` call fully scored

    @classmethod
    def build(
        cls, entities: Iterable[Mapping[str, Any]], max_candidates: int = 250
    ) -> ScreeningIndex:
        index = cls(max_candidates)
        index.add_all(entities)
        index.finalize()
        return index

    def __len__(self) -> int:
        return len(self._ent_kind)

    # -- filling -----------------------------------------------------------------------

    def add(self, entity: Mapping[str, Any]) -> int:
        """Index one entity (a later entity with the same id replaces it); its number."""
        schema, items = entity_key(entity)
        props: dict[str, tuple[str, ...]] = dict(items)
        entity_id = str(entity.get("id"))
        number = len(self._ent_kind)
        if self._numbers is not None:
            old = self._numbers.get(entity_id)
            if old is not None:
                self._alive[old] = 0
            self._numbers[entity_id] = number
        names = names_of(schema, props)
        self._ent_row.append(len(self._row_entity))
        for name in names:
            words = name_words(name)
            if not words:
                continue
            row = len(self._row_entity)
            given, paternal, maternal = _roles(schema, name, words)
            # may agree with a query on one word alone (see estimate._match_rows)
            lone = len(words) == 1 or given == len(words) or twin_words(words)
            self._row_entity.append(number)
            self._row_len.append(min(len(words), 255))
            self._row_given.append(min(given, 255))
            self._row_lone.append(lone)
            self._row_pat.append(self._role_key(paternal))
            self._row_mat.append(self._role_key(maternal))
            for key in dict.fromkeys(self._keys.word(word) for word in words):
                self._rows.add(key, row)
                if lone:
                    self._lone.add(key, row)
        dates = {c for c in map(date_code, props.get("birthDate", ())) if c}
        entity_keys = entity_nickname_keys(names, props.get("weakAlias", ()))
        entity_keys |= identifier_keys(props, ID_PROPS)
        entity_keys |= {f"@{c}" for c in dates if c % 100}
        for text in entity_keys:
            self._ents.add(self._keys.key(text), number)
        self._ent_dob.append(dates.pop() if len(dates) == 1 else (-1 if dates else 0))
        self._ent_kind.append(entity_kind(schema))
        self._alive.append(1)
        self._view = None
        record = json.dumps([entity_id, schema, items], ensure_ascii=False, separators=(",", ":"))
        self._blob += record.encode("utf-8")
        self._offsets.append(len(self._blob))
        return number

    def _role_key(self, word: str | None) -> int:
        return self._keys.word(word) if word and word_key(word) is not None else -1

    def add_all(self, entities: Iterable[Mapping[str, Any]]) -> None:
        for entity in entities:
            self.add(entity)

    def remove(self, entity_id: str) -> bool:
        """Forget an entity (its postings stay, masked); False if it was not indexed."""
        number = self._id_map().pop(entity_id, None)
        if number is None:
            return False
        self._alive[number] = 0
        self._view = None
        return True

    def finalize(self) -> None:
        """Sort the postings and freeze the arrays (queries call it when needed)."""
        size = len(self._keys)
        for postings in (self._rows, self._lone, self._ents):
            if postings.dirty:
                postings.finalize(size)
        self._view = IndexView(
            keys=self._keys,
            rows=self._rows,
            lone=self._lone,
            ents=self._ents,
            row_entity=np.frombuffer(self._row_entity, dtype=np.int32).copy(),
            row_len=np.frombuffer(self._row_len, dtype=np.uint8).astype(np.int16),
            row_given=np.frombuffer(self._row_given, dtype=np.uint8).astype(np.int16),
            row_lone=np.frombuffer(bytes(self._row_lone), dtype=np.uint8).astype(bool),
            row_pat=np.frombuffer(self._row_pat, dtype=np.int32).copy(),
            row_mat=np.frombuffer(self._row_mat, dtype=np.int32).copy(),
            dob=np.frombuffer(self._ent_dob, dtype=np.int32).copy(),
            ent_row=np.append(np.frombuffer(self._ent_row, dtype=np.int32), len(self._row_entity)),
            kind=np.frombuffer(self._ent_kind, dtype=np.int8).copy(),
            alive=np.frombuffer(bytes(self._alive), dtype=np.uint8).astype(bool),
        )

    def _ready(self) -> IndexView:
        if self._view is None:
            self.finalize()
        assert self._view is not None
        return self._view

    def memory_bytes(self) -> int:
        """Memory held by the index: postings, per-row and per-entity arrays, records, keys."""
        total = sum(p.nbytes() for p in (self._rows, self._lone, self._ents))
        view = self._view
        if view is not None:
            arrays = (view.row_entity, view.row_len, view.row_given, view.row_lone, view.row_pat)
            total += view.row_mat.nbytes
            total += sum(a.nbytes for a in (*arrays, view.dob, view.kind, view.alive))
            total += view.ent_row.nbytes
        total += len(self._row_entity) * 15 + len(self._ent_kind) * 10
        total += len(self._blob) + len(self._offsets) * 8
        return total + self._keys.nbytes()

    # -- records -----------------------------------------------------------------------

    def _record(self, number: int) -> tuple[str, tuple[Any, ...]]:
        raw = self._blob[self._offsets[number] : self._offsets[number + 1]]
        entity_id, schema, items = json.loads(raw)
        return entity_id, (schema, tuple((p, tuple(v)) for p, v in items))

    def _id_map(self) -> dict[str, int]:
        if self._numbers is None:
            self._numbers = {}
            for number in range(len(self)):
                if self._alive[number]:
                    self._numbers[self._record(number)[0]] = number
        return self._numbers

    def entity_id(self, number: int) -> str:
        return self._record(number)[0]

    def record(self, number: int) -> tuple[str, tuple[Any, ...]]:
        """An indexed entity's id and the content key it was indexed with."""
        return self._record(number)

    def entity_number(self, entity_id: str) -> int:
        return self._id_map()[entity_id]

    def entity_ids(self) -> Iterator[str]:
        """Ids of the indexed (not removed) entities."""
        return (self._record(n)[0] for n in range(len(self)) if self._alive[n])

    # -- candidates ----------------------------------------------------------------------

    def plan(self, query: Mapping[str, Any]) -> tuple[IntArray, NDArray[np.float64]]:
        """Entities sharing a name or key with the query, their estimated log-odds, best first."""
        schema, items = entity_key(query)
        return plan(self._ready(), analyze_key((schema, items)), schema, dict(items))

    def candidates(self, query: Mapping[str, Any], top: int = 10) -> list[int]:
        """Every entity the matcher could accept (at least ``top``), best estimate first."""
        ents, est = self.plan(query)
        possible = int(np.count_nonzero(est >= 0.0))
        return [int(e) for e in ents[: max(possible, top)]]

    # -- scoring -------------------------------------------------------------------------

    def score(self, query: Mapping[str, Any], numbers: Iterable[int]) -> list[tuple[float, int]]:
        """(matcher score, entity number) of each of ``numbers``, best first."""
        qa = analyze_key(entity_key(query))
        scored = []
        for number in numbers:
            record = analyze_key(self._record(number)[1])
            scored.append((compare_analyses(qa, record, explain=False).score, number))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return scored

    def best(self, query: Mapping[str, Any], top: int = 10) -> list[tuple[float, int]]:
        """The ``top`` best (score, entity number), scoring candidates in estimate order.

        Scoring stops once ``top`` scores beat the next estimate by ``STOP_MARGIN``,
        once the estimates say nothing left could be accepted, or after
        ``max_candidates`` full comparisons (only near-ties of very common names
        get that far).
        """
        limit = max(self.max_candidates, top)
        schema, items = entity_key(query)
        qa = analyze_key((schema, items))
        ents, est = plan(self._ready(), qa, schema, dict(items), first=limit + 1)
        heap: list[tuple[float, int]] = []  # the best ``top`` as (score, -number)
        self.last_scored = 0
        for i, number in enumerate(ents.tolist()):
            if len(heap) >= top:
                bound = float(est[i])
                if i >= limit or bound < 0.0 or logit(heap[0][0]) >= bound + STOP_MARGIN:
                    break
            record = analyze_key(self._record(number)[1])
            self.last_scored = i + 1
            item = (compare_analyses(qa, record, explain=False).score, -number)
            if len(heap) < top:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        return sorted(((s, -n) for s, n in heap), key=lambda item: (-item[0], item[1]))

    def candidate(self, query: Mapping[str, Any], number: int) -> Candidate:
        """The explained comparison of the query with one indexed entity."""
        entity_id, key = self._record(number)
        record = analyze_key(key)
        result = compare_analyses(analyze_key(entity_key(query)), record)
        names = tuple(v for p, vs in key[1] if p in NAME_PROPS for v in vs)
        return Candidate(entity_id, record.schema, names, result.score, result)

    def screen(
        self, query: Mapping[str, Any], top: int = 10, min_score: float = 0.0
    ) -> list[Candidate]:
        """The ``top`` best-scoring entities for a query entity, with explanations."""
        return [self.candidate(query, n) for s, n in self.best(query, top) if s >= min_score]

    def brute_force(
        self, query: Mapping[str, Any], min_score: float = 0.0
    ) -> list[tuple[float, int]]:
        """Score every entity (slow; for measuring the recall of ``candidates``)."""
        numbers = (n for n in range(len(self)) if self._alive[n])
        return [(s, n) for s, n in self.score(query, numbers) if s >= min_score]
