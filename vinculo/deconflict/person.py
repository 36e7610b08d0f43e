"""Fuzzy person matching for deconfliction: blocking keys and a score.

A new person target must be checked against millions of registered ones in
well under 100 ms, so it is never compared with all of them. Each person gets
*blocking keys* (pairs of phonetic name-token codes, alone and with the birth
year); only targets sharing a key are scored. The keys are plain strings,
stored in an indexed table (``deconflict_block``) in the store and hashed with
the community key in blind mode, so the same scheme works in both.

Scoring uses the names issue's matcher (`vinculo.match.compare.compare`) on
the few candidates that pass a cheap name prefilter. `fallback_score`, based on
rapidfuzz and birth-date agreement, is a faster alternative a deployment (or
the benchmark) can choose.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz, process
from rigour.names import normalize_name, tokenize_name

from vinculo.deconflict.model import PersonFeatures
from vinculo.names.phonetic import phonetic_key

#: Name particles that carry no identity ("de la Cruz" and "Cruz" are one surname).
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "el", "van", "von", "mc"})
_MAX_TOKENS = 6


def name_tokens(name: str) -> list[str]:
    """Lower-case ASCII tokens of a name, particles and one-letter initials dropped."""
    text = anyascii(normalize_name(name) or "").lower()
    return [t for t in tokenize_name(text) if len(t) > 1 and t not in PARTICLES]


def phonetic_code(token: str) -> str:
    """The names package's Spanish-aware phonetic key (b/v, s/z/c, ll/y, j/g/x, silent h)."""
    return phonetic_key(token) or token


def person_features(
    names: Iterable[str],
    birth_dates: Iterable[str] = (),
    countries: Iterable[str] = (),
    gender: str | None = None,
) -> PersonFeatures | None:
    """Normalized features, or None when no name has two usable tokens."""
    raw: list[str] = []
    normed: list[str] = []
    for name in names:
        tokens = name_tokens(name)
        text = " ".join(tokens)
        if len(tokens) >= 2 and text not in normed:
            raw.append(" ".join(name.split()))
            normed.append(text)
    if not normed:
        return None
    dates = tuple(sorted({d.strip()[:10] for d in birth_dates if d and d.strip()}))
    return PersonFeatures(
        names=tuple(raw),
        norm=tuple(normed),
        birth_dates=dates,
        countries=tuple(sorted({c.strip().lower() for c in countries if c.strip()})),
        gender=gender,
    )


def birth_years(dates: Iterable[str]) -> set[str]:
    return {d[:4] for d in dates if len(d) >= 4 and d[:4].isdigit()}


def blocking_keys(names: Sequence[str], birth_dates: Iterable[str]) -> list[str]:
    """Keys a matching pair of persons most likely shares.

    ``pp:A|B`` for every pair of phonetic token codes of a name (so a dropped
    maternal surname or second given name still shares a pair), ``py:A|B|YEAR``
    for each birth year, which keeps blocks small for common name pairs (Juan
    García), and ``pd:A|DATE`` for each token with each full birth date, which
    finds the U.S. form that keeps only one surname ("LOERA, Joaquin" and
    "Joaquin Guzman" share only the given name). The plain text is never
    stored in blind mode: there the keys are HMAC'ed first.
    """
    dates = list(birth_dates)
    years = sorted(birth_years(dates))
    full = sorted({d for d in dates if len(d) == 10})
    keys: set[str] = set()
    for name in names:
        codes = sorted({phonetic_code(t) for t in name.split()[:_MAX_TOKENS]})
        for a, b in itertools.combinations(codes, 2):
            keys.add(f"pp:{a}|{b}")
            keys.update(f"py:{a}|{b}|{y}" for y in years)
        keys.update(f"pd:{c}|{d}" for c in codes for d in full)
    return sorted(keys)


def name_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Best pairwise similarity in [0, 1] of two sets of normalized names."""
    best = 0.0
    for x in a:
        for y in b:
            score = (fuzz.token_set_ratio(x, y) + fuzz.token_sort_ratio(x, y)) / 200.0
            best = max(best, score)
    return best


def name_similarities(names: Sequence[str], others: Sequence[Sequence[str]]) -> list[float]:
    """`name_similarity` of ``names`` against many candidates at once (rapidfuzz's cdist, in C)."""
    if not others or not names:
        return [0.0] * len(others)
    flat = [n for group in others for n in group]
    owner = np.repeat(np.arange(len(others)), [len(g) for g in others])
    both = process.cdist(names, flat, scorer=fuzz.token_set_ratio, dtype=np.float32)
    both += process.cdist(names, flat, scorer=fuzz.token_sort_ratio, dtype=np.float32)
    per_name = both.max(axis=0) / 200.0
    best = np.zeros(len(others), dtype=np.float32)
    np.maximum.at(best, owner, per_name)
    return [float(x) for x in best]


def date_agreement(a: Sequence[str], b: Sequence[str]) -> tuple[float, float]:
    """(multiplier, bonus) from birth dates: a conflict is strong evidence of two people."""
    if not a or not b:
        return 1.0, 0.0
    full_a = {d for d in a if len(d) == 10}
    full_b = {d for d in b if len(d) == 10}
    if full_a & full_b:
        return 1.0, 0.12
    if full_a and full_b:
        near = any(
            sum(p != q for p, q in zip(x, y, strict=True)) == 1
            or (x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7])
            for x in full_a
            for y in full_b
        )
        return (0.9, 0.0) if near else (0.55, 0.0)
    if birth_years(a) & birth_years(b):
        return 1.0, 0.04
    return 0.7, 0.0


def fallback_score(a: PersonFeatures, b: PersonFeatures) -> float:
    """Name similarity adjusted by birth-date agreement, in [0, 1]."""
    mult, bonus = date_agreement(a.birth_dates, b.birth_dates)
    return max(0.0, min(1.0, name_similarity(a.norm, b.norm) * mult + bonus))


Scorer = Callable[[PersonFeatures, PersonFeatures], float]


class MatcherScorer:
    """Adapter from the names issue's matcher to a score of two persons.

    Each person's analysis (name parsing, phonetic keys) is cached, so the new
    target is analysed once for all its candidates, and often-seen registered
    persons once for all checks.
    """

    def __init__(self, cache_size: int = 100_000) -> None:
        from vinculo.match.analysis import analyze
        from vinculo.match.compare import compare_analyses

        self._compare = compare_analyses
        self._analyze = lru_cache(maxsize=cache_size)(lambda person: analyze(person.to_ftm("p")))

    def __call__(self, a: PersonFeatures, b: PersonFeatures) -> float:
        result = self._compare(self._analyze(a), self._analyze(b), explain=False)
        return float(result.score)


def default_scorer() -> Scorer:
    """The names issue's matcher, or `fallback_score` while its fitted model is missing.

    The matcher ships a trained model file; a checkout where it has not been
    trained yet still deconflicts, with the fallback.
    """
    try:
        from vinculo.match.model import get_model

        get_model()
    except (ImportError, OSError):
        return fallback_score
    return MatcherScorer()
