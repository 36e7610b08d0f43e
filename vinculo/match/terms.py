"""The model's log-odds terms, vectorised over screening candidates.

:mod:`estimate` gathers candidate rows from the postings; this module turns
what is known of each row (how its words agree with the query's, its roles,
its entity's birth date) into the terms of the shipped logistic model, so the
estimate ranks candidates as the matcher will score them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from vinculo.match.analysis import NameParts
from vinculo.match.model import get_model
from vinculo.match.postings import IntArray

__all__ = [
    "ORG_SLACK",
    "PERSON_SLACK",
    "Rows",
    "Weights",
    "date_terms",
    "person_name_est",
    "role_terms",
    "weights",
]

# Allowance, in log-odds, for the model terms the estimate cannot see (second
# given names in conflict, initials, country, exact similarities). Calibrated on
# synthetic queries apart from the benchmark's (population seed 5, query seeds
# 31 and 41, 300 queries on 20k people): every pair the matcher accepted had an
# estimate >= 0 even with no allowance; the screen's accepted top 10 equalled a
# brute-force scan's for 300/300 queries at 0.55 and 299/300 at 0.25.
PERSON_SLACK = 0.3
ORG_SLACK = 3.0


@dataclass(frozen=True, slots=True)
class Weights:
    """The model's weights by feature name, and its intercepts."""

    person: dict[str, float]
    org: dict[str, float]
    person0: float
    org0: float


@cache
def weights() -> Weights:
    """The shipped model's weights by feature name."""
    model = get_model()
    return Weights(
        dict(zip(model.person.features, model.person.weights, strict=True)),
        dict(zip(model.org.features, model.org.weights, strict=True)),
        model.person.intercept,
        model.org.intercept,
    )


@dataclass(frozen=True, slots=True)
class Rows:
    """Candidate rows and how they agree with the query words (upper bounds)."""

    rows: IntArray
    matched: NDArray[np.int16]  # query words matched
    query_sim: NDArray[np.float64]  # sum over query words of their best similarity
    row_sim: NDArray[np.float64]  # sum over the row's matching keys of their similarity
    given_sim: NDArray[np.float64]  # best similarity of a query word that is a given name
    given_hit: NDArray[np.bool_]
    sur_hit: NDArray[np.bool_]

    def __getitem__(self, keep: NDArray[np.bool_]) -> Rows:
        return Rows(
            self.rows[keep],
            self.matched[keep],
            self.query_sim[keep],
            self.row_sim[keep],
            self.given_sim[keep],
            self.given_hit[keep],
            self.sur_hit[keep],
        )


def person_name_est(
    words: int,
    given: list[bool],
    found: Rows,
    row_len: NDArray[np.int16],
    row_given: NDArray[np.int16],
    surname_conflict: bool = True,
) -> NDArray[np.float64]:
    """The name part of a person's estimated log-odds (model terms the postings can see).

    Without role information, a surname conflict is guessed from given-name counts.
    """
    pw = weights().person
    lq, lc = words, row_len
    sim = np.minimum((found.query_sim + np.minimum(found.row_sim, lc)) / (lq + lc), 1.0)
    q_given = sum(given)
    est = pw["tokens_sim"] * sim
    est += pw["single_token"] * ((np.minimum(lc, lq) == 1) & (found.matched > 0))
    est += pw["given_first"] * found.given_sim
    est += pw["name_exact"] * ((found.matched == lq) & (lc == lq))
    if q_given:
        est += pw["given_conflict"] * ((row_given > 0) & ~found.given_hit)
    if surname_conflict and q_given < lq:
        est += pw["surname_conflict"] * ((lc > row_given) & ~found.sur_hit)
    return np.asarray(est, dtype=np.float64)


def role_terms(
    parts: NameParts,
    q_pat: NDArray[np.bool_],
    q_mat: NDArray[np.bool_],
    r_pat: IntArray,
    r_mat: IntArray,
) -> NDArray[np.float64]:
    """The model's surname terms from both sides' parsed roles (mirrors ``features._surnames``).

    ``q_pat``/``q_mat`` tell, per key id (and -1, always False), whether the key is
    within the reach of the query's paternal/maternal surname; ``r_pat``/``r_mat``
    are the rows' surname keys (-1 none). A surname "agrees" when the row's
    surname is under a key its query counterpart expands to (the matcher's
    surname rule is within that reach).
    """
    pw = weights().person
    pat = q_pat[r_pat]  # -1 reads the last slot, always False
    mat = q_mat[r_mat]
    cross = ~pat & (q_mat[r_pat] | q_pat[r_mat])
    has_q = parts.paternal is not None or parts.maternal is not None
    row_has = (r_pat >= 0) | (r_mat >= 0)
    terms = pw["paternal_match"] * pat + pw["maternal_match"] * mat
    if has_q:
        terms += pw["surname_conflict"] * (row_has & ~(pat | mat | cross))
    if parts.maternal is not None:
        terms += pw["maternal_conflict"] * ((r_mat >= 0) & ~mat & ~cross)
        terms += pw["maternal_missing"] * ((r_mat < 0) & pat)
    else:
        terms += pw["maternal_missing"] * ((r_mat >= 0) & pat)
    return np.asarray(terms, dtype=np.float64)


def date_terms(
    weights: dict[str, float], date: tuple[int, int | None, int | None], dob: IntArray
) -> NDArray[np.float64]:
    """The model's birth-date terms for one query date and each entity's single date.

    Mirrors ``features._date_features``; an entity with several dates gets the
    best term it could have.
    """
    year, month, day = date
    ey, em, ed = dob // 10000, dob // 100 % 100, dob % 100
    known = dob > 0
    if month and day:
        full = known & (em > 0) & (ed > 0)
        same_day = (em == month) & (ed == day)
        exact = full & (ey == year) & same_day
        near = full & ~exact & ((ey == year) | ((np.abs(ey - year) == 1) & same_day))
    else:
        full = np.zeros(dob.size, dtype=bool)
        exact = near = full
    same_year = known & ~full & (ey == year)
    conflict = known & ~exact & ~near & ~same_year
    best = max(weights["dob_exact"] if month and day else 0.0, weights["dob_year"])
    return np.asarray(
        weights["dob_exact"] * exact
        + weights["dob_near"] * near
        + weights["dob_year"] * same_year
        + weights["dob_conflict"] * conflict
        + best * (dob < 0),
        dtype=np.float64,
    )
