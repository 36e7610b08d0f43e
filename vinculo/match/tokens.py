"""How two name tokens agree: exactly, as a hypocorism, phonetically, by typo, by initial.

Each agreement has a kind (shown to analysts) and a similarity in [0, 1]
(fed to the model). Results are memoized per token pair: the same few
thousand given names and surnames recur across millions of comparisons.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from vinculo.names import get_lexicon
from vinculo.names.phonetic import phonetic_key

__all__ = ["MATCH_THRESHOLD", "TokenMatch", "match_any", "match_given", "match_surname"]

MATCH_THRESHOLD = 0.7
TokenMatch = tuple[float, str]

_NONE: TokenMatch = (0.0, "none")
_given_cache: dict[tuple[str, str], TokenMatch] = {}
_surname_cache: dict[tuple[str, str], TokenMatch] = {}
_any_cache: dict[tuple[str, str], float] = {}
_CACHE_LIMIT = 500_000


def _typo(a: str, b: str) -> TokenMatch:
    """Similarity by edit distance (with transpositions), allowing more edits in longer words."""
    if a[0] != b[0] and min(len(a), len(b)) < 5:
        return _NONE
    distance = OSA.distance(a, b, score_cutoff=2)
    longest = max(len(a), len(b))
    allowed = 0 if longest < 4 else 1 if longest < 8 else 2
    if distance > allowed:
        return _NONE
    return (max(0.7, 1.0 - distance / longest * 1.5), "typo")


def _compare_surname(a: str, b: str) -> TokenMatch:
    if a == b:
        return (1.0, "exact")
    if len(a) == 1 or len(b) == 1:
        return (0.6, "initial") if a[0] == b[0] else _NONE
    if phonetic_key(a) == phonetic_key(b):
        return (0.9, "phonetic")
    return _typo(a, b)


def _compare_given(a: str, b: str) -> TokenMatch:
    if a == b:
        return (1.0, "exact")
    if len(a) == 1 or len(b) == 1:
        return (0.6, "initial") if a[0] == b[0] else _NONE
    lex = get_lexicon()
    forms_a = lex.given_canonicals(a)
    forms_b = lex.given_canonicals(b)
    if forms_a & forms_b:
        return (0.95, "hypocorism")
    if phonetic_key(a) == phonetic_key(b):
        return (0.9, "phonetic")
    return _typo(a, b)


def match_given(a: str, b: str) -> TokenMatch:
    """Agreement of two given-name tokens (hypocorisms and translations count)."""
    key = (a, b) if a <= b else (b, a)
    hit = _given_cache.get(key)
    if hit is None:
        if len(_given_cache) > _CACHE_LIMIT:
            _given_cache.clear()
        hit = _given_cache[key] = _compare_given(*key)
    return hit


def match_surname(a: str, b: str) -> TokenMatch:
    """Agreement of two surname tokens."""
    key = (a, b) if a <= b else (b, a)
    hit = _surname_cache.get(key)
    if hit is None:
        if len(_surname_cache) > _CACHE_LIMIT:
            _surname_cache.clear()
        hit = _surname_cache[key] = _compare_surname(*key)
    return hit


def match_any(a: str, b: str) -> float:
    """Similarity of two tokens whatever their role (the better of given and surname)."""
    if a == b:
        return 1.0
    key = (a, b) if a <= b else (b, a)
    hit = _any_cache.get(key)
    if hit is None:
        if len(_any_cache) > _CACHE_LIMIT:
            _any_cache.clear()
        hit = _any_cache[key] = max(match_given(*key)[0], match_surname(*key)[0])
    return hit
