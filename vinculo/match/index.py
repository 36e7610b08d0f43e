"""The screening index: "who is this?" over a million names, on one core.

Built from any iterable of FtM entity dicts (the store's entities, an FtM
file, a list). Every name is a row posted under the keys of its words
(:mod:`blocking`); nicknames, full birth dates and identifiers are keys of the
entity. Per entity only compact arrays (birth date, kind, first row) and one
JSON record of the properties the matcher reads are kept.

A query reaches every row sharing a word with it, counting how many query
words each row matches (phonetic twins, hypocorisms and typos included), and
estimates the matcher's log-odds from that and the birth dates with numpy:
the estimate mirrors the model's main terms (word agreement, one-word names,
birth date agreement or conflict, nickname and identifier agreement) plus a
calibrated allowance for the terms it cannot see. Every entity whose estimate
says the matcher *could* accept it is fully scored, best estimates first,
up to ``max_candidates``: the number scored grows with the number of close
matches instead of being fixed, which is what keeps recall against a brute
force scan high (``benchmarks/screen.py`` measures it).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vinculo.match.analysis import (
    ID_PROPS,
    NAME_PROPS,
    EntityAnalysis,
    analyze_key,
    entity_key,
    structured_names,
)
from vinculo.match.blocking import (
    date_code,
    entity_nickname_keys,
    given_like,
    identifier_keys,
    name_words,
    nickname_key,
)
from vinculo.match.compare import MatchResult, compare_analyses
from vinculo.match.model import get_model
from vinculo.match.postings import IntArray, KeyTable, Postings, contains

__all__ = ["ACCEPT", "Candidate", "ScreeningIndex", "query_entity"]

ACCEPT = 0.5  # the matcher accepts a pair at this score (log-odds 0)
# Allowance, in log-odds, for the model terms the estimate cannot see (given
# names agreeing by role, maternal surname, exact name, initials, country).
# Calibrated on synthetic queries (seed apart from the benchmark's) so that
# every accepted pair of 80 queries on 10k people (290) had an estimate >= -0.41
# before the allowance; the margin above that keeps recall >= 99% at 20k.
PERSON_SLACK = 0.55
ORG_SLACK = 3.0
_ORG_LIKE = frozenset({"Organization", "Company", "PublicBody"})
_PERSON, _ORG, _OTHER = 1, 2, 0


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


def _names(schema: str, props: Mapping[str, tuple[str, ...]]) -> list[str]:
    names = [v for p in NAME_PROPS for v in props.get(p, ())]
    if schema == "Person":
        names += structured_names(props)
    return list(dict.fromkeys(names))


def _kind(schema: str) -> int:
    return _PERSON if schema == "Person" else _ORG if schema in _ORG_LIKE else _OTHER


class ScreeningIndex:
    """Name-word postings over entities, answering ranked, explained screening queries."""

    def __init__(self, max_candidates: int = 250) -> None:
        self.max_candidates = max_candidates
        self._keys = KeyTable()
        self._rows = Postings()  # word key -> rows (names)
        self._short = Postings()  # word key -> rows of one-word names
        self._ents = Postings()  # nickname / birth date / identifier key -> entities
        self._row_entity: array[int] = array("i")
        self._row_len: array[int] = array("B")
        self._row_given: array[int] = array("B")  # words the lexicon knows as given names
        self._ent_dob: array[int] = array("i")  # date_code; 0 none; -1 several
        self._ent_kind: array[int] = array("b")
        self._alive = bytearray()
        self._blob = bytearray()
        self._offsets: array[int] = array("q", [0])
        self._numbers: dict[str, int] | None = None
        self._np: dict[str, NDArray[Any]] = {}
        weights = get_model()
        self._pw = dict(zip(weights.person.features, weights.person.weights, strict=True))
        self._ow = dict(zip(weights.org.features, weights.org.weights, strict=True))
        self._p0 = weights.person.intercept
        self._o0 = weights.org.intercept

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
        names = _names(schema, props)
        for name in names:
            words = name_words(name)
            if not words:
                continue
            row = len(self._row_entity)
            self._row_entity.append(number)
            self._row_len.append(min(len(words), 255))
            self._row_given.append(min(sum(map(given_like, words)), 255))
            for word in words:
                key = self._keys.word(word)
                self._rows.add(key, row)
                if len(words) == 1:
                    self._short.add(key, row)
        dates = {c for c in map(date_code, props.get("birthDate", ())) if c}
        entity_keys = entity_nickname_keys(names, props.get("weakAlias", ()))
        entity_keys |= identifier_keys(props, ID_PROPS)
        entity_keys |= {f"@{c}" for c in dates if c % 100}
        for text in entity_keys:
            self._ents.add(self._keys.key(text), number)
        self._ent_dob.append(dates.pop() if len(dates) == 1 else (-1 if dates else 0))
        self._ent_kind.append(_kind(schema))
        self._alive.append(1)
        record = json.dumps([entity_id, schema, items], ensure_ascii=False, separators=(",", ":"))
        self._blob += record.encode("utf-8")
        self._offsets.append(len(self._blob))
        return number

    def add_all(self, entities: Iterable[Mapping[str, Any]]) -> None:
        for entity in entities:
            self.add(entity)

    def remove(self, entity_id: str) -> bool:
        """Forget an entity (its postings stay, masked); False if it was not indexed."""
        number = self._id_map().pop(entity_id, None)
        if number is None:
            return False
        self._alive[number] = 0
        self._np.pop("alive", None)
        return True

    def finalize(self) -> None:
        """Sort the postings and freeze the per-entity arrays (queries call it when needed)."""
        size = len(self._keys)
        for postings in (self._rows, self._short, self._ents):
            postings.finalize(size)
        self._np = {
            "row_entity": np.frombuffer(self._row_entity, dtype=np.int32).copy(),
            "row_len": np.frombuffer(self._row_len, dtype=np.uint8).astype(np.int16),
            "row_given": np.frombuffer(self._row_given, dtype=np.uint8).astype(np.int16),
            "dob": np.frombuffer(self._ent_dob, dtype=np.int32).copy(),
            "kind": np.frombuffer(self._ent_kind, dtype=np.int8).copy(),
        }

    def _ready(self) -> dict[str, NDArray[Any]]:
        if not self._np or self._rows.dirty or self._ents.dirty:
            self.finalize()
        if "alive" not in self._np:
            self._np["alive"] = np.frombuffer(bytes(self._alive), dtype=np.uint8).astype(bool)
        return self._np

    def memory_bytes(self) -> int:
        """Memory held by the index: postings, per-row and per-entity arrays, records, keys."""
        arrays = sum(p.nbytes() for p in (self._rows, self._short, self._ents))
        arrays += sum(a.nbytes for a in self._np.values())
        arrays += (len(self._row_entity) * 6) + len(self._ent_kind) * 6
        arrays += len(self._blob) + len(self._offsets) * 8
        return arrays + self._keys.nbytes()

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

    def entity_number(self, entity_id: str) -> int:
        return self._id_map()[entity_id]

    def entity_ids(self) -> Iterator[str]:
        """Ids of the indexed (not removed) entities."""
        return (self._record(n)[0] for n in range(len(self)) if self._alive[n])

    # -- candidates ----------------------------------------------------------------------

    def _match_rows(
        self, groups: list[tuple[int, ...]], given: list[bool]
    ) -> tuple[IntArray, NDArray[np.int16], NDArray[np.int16]]:
        """Rows sharing a word with the query, how many query words and given names each matches.

        With two or more query words a row must match two of them unless it is a
        one-word name: the rows of the commonest word alone are never gathered.
        """
        lists = [[self._rows.get(k) for k in group] for group in groups]
        parts: list[IntArray] = []
        if len(groups) == 1:
            parts = lists[0]
        else:
            sizes = [sum(a.size for a in arrays) for arrays in lists]
            big = int(np.argmax(sizes))
            parts = [a for i, arrays in enumerate(lists) if i != big for a in arrays]
            parts += [self._short.get(k) for k in groups[big]]
        parts = [p for p in parts if p.size]
        if not parts:
            nothing = np.empty(0, dtype=np.int16)
            return np.empty(0, dtype=np.int32), nothing, nothing
        rows = parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))
        matched = np.zeros(rows.size, dtype=np.int16)
        matched_given = np.zeros(rows.size, dtype=np.int16)
        for arrays, is_given in zip(lists, given, strict=True):
            hit = np.zeros(rows.size, dtype=bool)
            for items in arrays:
                hit |= contains(items, rows)
            matched += hit
            if is_given:
                matched_given += hit
        return rows, matched, matched_given

    def _name_estimates(
        self, qa: EntityAnalysis, words: tuple[str, ...]
    ) -> tuple[IntArray, NDArray[np.float64]]:
        """Per entity, the best name term of the estimated log-odds for one query name."""
        arr = self._ready()
        groups = [self._keys.expand(w) for w in words]
        known = self._keys.given_keys
        given = [
            given_like(w) or any(k in known for k in g) for w, g in zip(words, groups, strict=True)
        ]
        rows, matched, matched_given = self._match_rows(groups, given)
        if rows.size == 0:
            return rows, np.empty(0)
        lq, lc = len(words), arr["row_len"][rows]
        sim = np.minimum(2.0 * matched / (lq + lc), 1.0)
        if qa.is_person:
            w = self._pw
            row_given = arr["row_given"][rows]
            q_given = sum(given)
            matched_sur = matched - matched_given
            est = w["tokens_sim"] * sim
            est += w["single_token"] * ((np.minimum(lc, lq) == 1) & (matched > 0))
            est += w["given_first"] * (matched_given > 0)
            est += w["name_exact"] * ((matched == lq) & (lc == lq))
            if q_given:
                est += w["given_conflict"] * ((row_given > 0) & (matched_given == 0))
            if q_given < lq:
                est += w["surname_conflict"] * ((lc > row_given) & (matched_sur == 0))
        else:
            contain = np.minimum(matched / np.minimum(lc, lq), 1.0)
            est = (self._ow["org_sort"] + self._ow["org_phonetic"]) * sim
            est += self._ow["org_set"] * contain
        ents = arr["row_entity"][rows]
        starts = np.flatnonzero(np.r_[True, ents[1:] != ents[:-1]])
        return ents[starts], np.maximum.reduceat(est, starts)

    def _entity_hits(self, qa: EntityAnalysis, props: Mapping[str, Any]) -> dict[str, IntArray]:
        keys = {f"~{n}" for n in qa.nicknames}
        keys |= {nick for n in props.get("weakAlias", ()) if (nick := nickname_key(n))}
        out: dict[str, IntArray] = {}
        for kind, texts in (
            ("nick", keys),
            ("ident", identifier_keys(props, ID_PROPS)),
            ("dob", {f"@{y * 10000 + m * 100 + d}" for y, m, d in qa.birth_dates if m and d}),
        ):
            ids = [self._keys.lookup(t) for t in texts]
            found = [self._ents.get(i) for i in ids if i is not None]
            found = [f for f in found if f.size]
            if found:
                out[kind] = np.unique(np.concatenate(found))
        return out

    def plan(self, query: Mapping[str, Any]) -> tuple[IntArray, NDArray[np.float64]]:
        """Entities sharing anything with the query and their estimated log-odds, best first."""
        arr = self._ready()
        key = entity_key(query)
        qa = analyze_key(key)
        props: dict[str, tuple[str, ...]] = dict(key[1])
        ents_parts: list[IntArray] = []
        est_parts: list[NDArray[np.float64]] = []
        for name in _names(key[0], props):
            words = name_words(name)
            if words:
                ents, est = self._name_estimates(qa, words)
                ents_parts.append(ents)
                est_parts.append(est)
        hits = self._entity_hits(qa, props)
        for found in hits.values():
            ents_parts.append(found)
            est_parts.append(np.zeros(found.size))
        if not ents_parts:
            return np.empty(0, dtype=np.int32), np.empty(0)
        ents = np.concatenate(ents_parts)
        est = np.concatenate(est_parts)
        if len(ents_parts) > 1:
            order = np.argsort(ents, kind="stable")
            ents, est = ents[order], est[order]
            starts = np.flatnonzero(np.r_[True, ents[1:] != ents[:-1]])
            ents, est = ents[starts], np.maximum.reduceat(est, starts)
        keep = arr["alive"][ents]
        kinds = arr["kind"][ents]
        if qa.is_person:
            keep &= kinds != _ORG
        elif _kind(qa.schema) == _ORG:
            keep &= kinds != _PERSON
        ents, est = ents[keep], est[keep]
        est = est + self._entity_terms(qa, ents, hits)
        order = np.lexsort((ents, -est))
        return ents[order], est[order]

    def _entity_terms(
        self, qa: EntityAnalysis, ents: IntArray, hits: dict[str, IntArray]
    ) -> NDArray[np.float64]:
        if qa.is_person:
            w, base = self._pw, self._p0 + PERSON_SLACK
        else:
            w, base = self._ow, self._o0 + ORG_SLACK
        terms = np.full(ents.size, base)
        for kind, feature in (("nick", "nickname_match"), ("ident", "id_match")):
            if kind in hits:
                terms += w[feature] * contains(hits[kind], ents)
        if len(qa.birth_dates) == 1:
            year, month, day = qa.birth_dates[0]
            dob = self._np["dob"][ents]
            if month and day:
                terms += w["dob_exact"] * (dob == year * 10000 + month * 100 + day)
            known = dob > 0
            terms += w["dob_conflict"] * (known & (np.abs(dob // 10000 - year) >= 2))
        return terms

    def candidates(self, query: Mapping[str, Any], top: int = 10) -> list[int]:
        """Entity numbers to score fully: all the matcher could accept (at least ``top``)."""
        ents, est = self.plan(query)
        possible = int(np.count_nonzero(est >= 0.0))
        count = min(max(possible, top), self.max_candidates)
        return [int(e) for e in ents[:count]]

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
        scored = self.score(query, self.candidates(query, top))
        return [self.candidate(query, n) for s, n in scored[:top] if s >= min_score]

    def brute_force(
        self, query: Mapping[str, Any], min_score: float = 0.0
    ) -> list[tuple[float, int]]:
        """Score every entity (slow; for measuring the recall of ``candidates``)."""
        numbers = (n for n in range(len(self)) if self._alive[n])
        return [(s, n) for s, n in self.score(query, numbers) if s >= min_score]
