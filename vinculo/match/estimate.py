"""Candidate estimation: which indexed entities a query could match, and how well, with numpy.

A query word reaches every row (name) posted under a key the matcher could
take for it (:meth:`KeyTable.expand_weighted`, with the best similarity per
key). With two or more query words a row is a candidate when it matches two of
them, or when it is a *lone* row (one word, only given names, or two words the
matcher could take for one another, such as "William Williams"): for most
queries those are the only rows whose estimate can reach 0 on one shared word
(when it is not so, e.g. a query of given names only, every row of every query
word is gathered). The rule depends on the row and the query alone, never on
how common a word is or on what else is indexed, so which entities are
candidates cannot reveal anything about other entries; the commonest word's
rows are still never gathered wholesale (only its lone rows are), which keeps
"Juan Garcia Lopez" cheap. The names of entities that share a nickname,
identifier or full birth date with the query are always estimated.

Per candidate the estimate mirrors the model's main terms (word agreement on
both sides weighted by the keys' similarities, one-word names, given names
matched or in conflict, the surname terms from both sides' parsed roles:
paternal and maternal agreement, maternal conflict or missing, no surname in
common; birth-date terms; nickname and identifier agreement) plus a calibrated
allowance for the terms it cannot see; entities whose estimate is >= 0 are those the matcher *could*
accept. The estimate also orders the full scoring in :mod:`index`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vinculo.match.analysis import (
    ID_PROPS,
    NAME_PROPS,
    EntityAnalysis,
    person_name_parts,
    structured_names,
)
from vinculo.match.blocking import given_like, identifier_keys, name_words, nickname_key
from vinculo.match.postings import IntArray, KeyTable, Postings, contains
from vinculo.match.terms import (
    ORG_SLACK,
    PERSON_SLACK,
    Rows,
    date_terms,
    person_name_est,
    role_terms,
    weights,
)

__all__ = ["ORG_SLACK", "PERSON_SLACK", "IndexView", "entity_kind", "names_of", "plan"]

PERSON, ORG, OTHER = 1, 2, 0
_ORG_LIKE = frozenset({"Organization", "Company", "PublicBody"})
_NOTHING: IntArray = np.empty(0, dtype=np.int32)
_DENSE = 64  # lists longer than 1/64 of all rows are merged and probed through a bitmap


@dataclass(frozen=True, slots=True)
class IndexView:
    """The finalized arrays of a screening index that estimation reads."""

    keys: KeyTable
    rows: Postings  # word key -> rows (names)
    lone: Postings  # word key -> lone rows (may match on one shared word)
    ents: Postings  # nickname / birth date / identifier key -> entities
    row_entity: IntArray
    row_len: NDArray[np.int16]
    row_given: NDArray[np.int16]
    row_lone: NDArray[np.bool_]
    row_pat: IntArray  # key of the paternal surname, -1 none
    row_mat: IntArray  # key of the maternal surname, -1 none
    dob: IntArray  # date_code per entity; 0 none; -1 several
    ent_row: IntArray  # first row of each entity (and the row count at the end)
    kind: NDArray[np.int8]
    alive: NDArray[np.bool_]


def entity_kind(schema: str) -> int:
    return PERSON if schema == "Person" else ORG if schema in _ORG_LIKE else OTHER


def names_of(schema: str, props: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The names of an entity the index posts (name-like properties, structured parts)."""
    names = [v for p in NAME_PROPS for v in props.get(p, ())]
    if schema == "Person":
        names += structured_names(props)
    return list(dict.fromkeys(names))


def _union(arrays: list[IntArray], universe: int = 0) -> IntArray:
    """Sorted union of sorted item arrays; a bitmap over ``universe`` items when they are many."""
    arrays = [a for a in arrays if a.size]
    if not arrays:
        return _NOTHING
    if len(arrays) == 1:
        return arrays[0]
    if universe and sum(a.size for a in arrays) * _DENSE > universe:
        mark = np.zeros(universe, dtype=bool)
        for a in arrays:
            mark[a] = True
        return np.flatnonzero(mark).astype(np.int32)
    return np.unique(np.concatenate(arrays))


class _Marker:
    """Membership of many rows in sorted lists: binary search, or a bitmap for long lists."""

    def __init__(self, universe: int, rows: IntArray) -> None:
        self.rows = rows
        self.universe = universe
        self._mark: NDArray[np.bool_] | None = None

    def contains(self, items: IntArray) -> NDArray[np.bool_]:
        if items.size * 8 < self.rows.size:  # a short list: look its items up among the rows
            return _marks(self.rows, items)
        if items.size * _DENSE < self.universe or items.size < self.rows.size:
            return contains(items, self.rows)
        if self._mark is None:
            self._mark = np.zeros(self.universe, dtype=bool)
        self._mark[items] = True
        found = self._mark[self.rows]
        self._mark[items] = False
        return found


def _marks(rows: IntArray, items: IntArray) -> NDArray[np.bool_]:
    """Which of the sorted ``rows`` are among the sorted ``items``, searching the items in the
    rows: O(items log rows) instead of O(rows log items) when the items are few."""
    out = np.zeros(rows.size, dtype=bool)
    if rows.size and items.size:
        pos = np.searchsorted(rows, items)
        inside = pos < rows.size
        pos = pos[inside]
        out[pos[rows[pos] == items[inside]]] = True
    return out


def _role_lut(view: IndexView, word: str | None, size: int) -> NDArray[np.bool_]:
    lut = np.zeros(size, dtype=bool)
    if word:
        lut[list(view.keys.expand(word))] = True
    return lut


def _one_word_could_match(
    groups: list[tuple[tuple[int, ...], tuple[float, ...]]], given: list[bool], person: bool
) -> bool:
    """Whether a two-word name that is not lone could be accepted agreeing on one query word.

    Then every row of every query word must be gathered (a query of given names
    only, "Maria Isabel", could accept "Maria Gomez"); otherwise the commonest word's rows that
    agree on nothing else are skipped: their estimate is below 0 whatever the
    row (entities sharing a nickname, identifier or birth date with the query
    are reached through those keys).
    """
    if not person:
        return True
    w = weights()
    for (_, sims), is_given in zip(groups, given, strict=True):
        top = max(sims, default=0.0)
        for row_given in (0, 1):  # a row of two words, not all of them given names
            one = np.ones(1)
            found = Rows(
                np.zeros(1, dtype=np.int32),
                np.ones(1, dtype=np.int16),
                one * top,
                one * top,
                one * (top if is_given else 0.0),
                np.array([is_given]),
                np.array([not is_given]),
            )
            lens = np.full(1, 2, dtype=np.int16)
            row = np.array([row_given], dtype=np.int16)
            est = person_name_est(len(groups), given, found, lens, row)
            if est[0] + w.person0 + PERSON_SLACK >= 0.0:
                return True
    return False


def _match_rows(
    view: IndexView,
    groups: list[tuple[tuple[int, ...], tuple[float, ...]]],
    given: list[bool],
    person: bool,
    hit_rows: IntArray,
) -> Rows:
    """Candidate rows of one query name and their agreement with each query word.

    ``hit_rows`` (the names of entities sharing a nickname, identifier or birth
    date with the query) are always estimated, whatever they share.
    """
    lists = [[view.rows.get(k) for k in keys] for keys, _ in groups]
    universe = view.row_entity.size
    narrow = len(groups) > 1 and not _one_word_could_match(groups, given, person)
    if narrow:
        sizes = [sum(a.size for a in arrays) for arrays in lists]
        big = int(np.argmax(sizes))
        parts = [a for i, arrays in enumerate(lists) if i != big for a in arrays]
        rows = _union([*parts, *(view.lone.get(k) for k in groups[big][0]), hit_rows], universe)
    else:
        rows = _union([*(a for arrays in lists for a in arrays), hit_rows], universe)
    marker = _Marker(universe, rows)
    found = Rows(
        rows,
        np.zeros(rows.size, dtype=np.int16),
        np.zeros(rows.size),
        np.zeros(rows.size),
        np.zeros(rows.size),
        np.zeros(rows.size, dtype=bool),
        np.zeros(rows.size, dtype=bool),
    )
    for arrays, (_, sims), is_given in zip(lists, groups, given, strict=True):
        best = np.zeros(rows.size)
        for items, sim in zip(arrays, sims, strict=True):
            hit = sim * marker.contains(items)
            found.row_sim[:] += hit
            np.maximum(best, hit, out=best)
        found.matched[:] += best > 0
        found.query_sim[:] += best
        if is_given:
            np.maximum(found.given_sim, best, out=found.given_sim)
            found.given_hit[:] |= best > 0
        else:
            found.sur_hit[:] |= best > 0
    if narrow:
        return found[(found.matched >= 2) | view.row_lone[rows] | contains(hit_rows, rows)]
    return found


def _name_estimates(
    view: IndexView, qa: EntityAnalysis, name: str, words: tuple[str, ...], hit_rows: IntArray
) -> tuple[IntArray, NDArray[np.float64]]:
    """Per entity, the best name term of the estimated log-odds for one query name."""
    groups = [view.keys.expand_weighted(w) for w in words]
    parts = person_name_parts(name) if qa.is_person else None
    if parts is not None:  # the roles the matcher will give the query's words
        given = [w in parts.given for w in words]
    else:
        given = [given_like(w) for w in words]
    found = _match_rows(view, groups, given, qa.is_person, hit_rows)
    rows = found.rows
    if rows.size == 0:
        return rows, np.empty(0)
    lc = view.row_len[rows]
    if parts is not None:
        est = person_name_est(len(words), given, found, lc, view.row_given[rows], False)
        size = len(view.keys) + 1
        q_pat = _role_lut(view, parts.paternal, size)
        q_mat = _role_lut(view, parts.maternal, size)
        est += role_terms(parts, q_pat, q_mat, view.row_pat[rows], view.row_mat[rows])
    else:
        w = weights()
        sim = np.minimum((found.query_sim + np.minimum(found.row_sim, lc)) / (len(words) + lc), 1.0)
        contain = np.minimum(found.matched / np.minimum(lc, len(words)), 1.0)
        est = (w.org["org_sort"] + w.org["org_phonetic"]) * sim
        est += w.org["org_set"] * contain
    ents = view.row_entity[rows]
    starts = np.flatnonzero(np.r_[True, ents[1:] != ents[:-1]])
    return ents[starts], np.maximum.reduceat(est, starts)


def _entity_hits(
    view: IndexView, qa: EntityAnalysis, props: Mapping[str, Any]
) -> dict[str, IntArray]:
    keys = {f"~{n}" for n in qa.nicknames}
    keys |= {nick for n in props.get("weakAlias", ()) if (nick := nickname_key(n))}
    out: dict[str, IntArray] = {}
    for kind, texts in (
        ("nick", keys),
        ("ident", identifier_keys(props, ID_PROPS)),
        ("dob", {f"@{y * 10000 + m * 100 + d}" for y, m, d in qa.birth_dates if m and d}),
    ):
        ids = [view.keys.lookup(t) for t in texts]
        found = _union([view.ents.get(i) for i in ids if i is not None])
        if found.size:
            out[kind] = found
    return out


def _entity_terms(
    view: IndexView, qa: EntityAnalysis, ents: IntArray, hits: dict[str, IntArray]
) -> NDArray[np.float64]:
    w = weights()
    if qa.is_person:
        by_name, base = w.person, w.person0 + PERSON_SLACK
    else:
        by_name, base = w.org, w.org0 + ORG_SLACK
    terms = np.full(ents.size, base)
    for kind, feature in (("nick", "nickname_match"), ("ident", "id_match")):
        if kind in hits:
            terms += by_name[feature] * contains(hits[kind], ents)
    if len(qa.birth_dates) == 1:
        terms += date_terms(by_name, qa.birth_dates[0], view.dob[ents])
    return terms


def plan(
    view: IndexView,
    qa: EntityAnalysis,
    schema: str,
    props: Mapping[str, tuple[str, ...]],
    first: int | None = None,
) -> tuple[IntArray, NDArray[np.float64]]:
    """Entities sharing a name or key with the query and their estimated log-odds, best first.

    With ``first``, only that many best estimates are returned (a partial sort).
    """
    hits = _entity_hits(view, qa, props)
    hit_ents = _union(list(hits.values()))
    begin, end = view.ent_row[hit_ents], view.ent_row[hit_ents + 1]
    hit_rows = np.concatenate(
        [np.arange(a, b, dtype=np.int32) for a, b in zip(begin, end, strict=True)] or [_NOTHING]
    )
    ents_parts: list[IntArray] = []
    est_parts: list[NDArray[np.float64]] = []
    for name in names_of(schema, props):
        words = name_words(name)
        if words:
            ents, est = _name_estimates(view, qa, name, words, hit_rows)
            ents_parts.append(ents)
            est_parts.append(est)
    # entities reached by a key alone: without names, or when the query has none
    unnamed = hit_ents if not ents_parts else hit_ents[begin == end]
    ents_parts.append(unnamed)
    est_parts.append(np.zeros(unnamed.size))
    ents = np.concatenate(ents_parts)
    est = np.concatenate(est_parts)
    if len(ents_parts) > 1 and ents.size:
        order = np.argsort(ents, kind="stable")
        ents, est = ents[order], est[order]
        starts = np.flatnonzero(np.r_[True, ents[1:] != ents[:-1]])
        ents, est = ents[starts], np.maximum.reduceat(est, starts)
    keep = view.alive[ents]
    kinds = view.kind[ents]
    if qa.is_person:
        keep &= kinds != ORG
    elif entity_kind(qa.schema) == ORG:
        keep &= kinds != PERSON
    ents, est = ents[keep], est[keep]
    est = est + _entity_terms(view, qa, ents, hits)
    if first is not None and ents.size > first:
        top = np.argpartition(-est, first - 1)[:first]
        ents, est = ents[top], est[top]
    order = np.lexsort((ents, -est))
    return ents[order], est[order]
