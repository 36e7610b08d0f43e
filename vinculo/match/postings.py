"""Compact postings and the key vocabulary behind the screening index.

A million names make a few million (key, row) postings: they live in two
``array('i')`` buffers while the index is filled and in one CSR structure
(numpy ``starts`` and ``items``) once it is finalized, so no Python object is
kept per posting or per name. Each key's items are sorted, which turns "is
this row under that key?" into a vectorized ``searchsorted``.

The vocabulary maps folded words to key ids and answers, for a query word,
every key the matcher could call the same word: its own key (which already
joins hypocorisms), the keys of indexed words with the same Spanish phonetic
key, and those of indexed words within the matcher's typo distance
(rapidfuzz ``process.extract`` over words of similar length).
"""

from __future__ import annotations

from array import array

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import OSA

from vinculo.match.blocking import given_like, word_key
from vinculo.match.tokens import MATCH_THRESHOLD, match_any
from vinculo.names.phonetic import phonetic_key

__all__ = ["KeyTable", "Postings"]

IntArray = NDArray[np.int32]
_EMPTY: IntArray = np.empty(0, dtype=np.int32)
_FUZZY_CACHE_LIMIT = 50_000


class Postings:
    """key id -> sorted item numbers, appended in item order and finalized into CSR arrays."""

    def __init__(self) -> None:
        self._keys: array[int] = array("i")
        self._items: array[int] = array("i")
        self._starts: NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._sorted: IntArray = _EMPTY
        self._done = 0  # postings already in the CSR arrays

    def add(self, key: int, item: int) -> None:
        self._keys.append(key)
        self._items.append(item)

    @property
    def dirty(self) -> bool:
        return self._done != len(self._keys)

    def finalize(self, key_count: int) -> None:
        """Sort the postings by key (stable, so each key's items stay in ascending order)."""
        keys = np.frombuffer(self._keys, dtype=np.int32) if self._keys else _EMPTY
        items = np.frombuffer(self._items, dtype=np.int32) if self._items else _EMPTY
        order = np.argsort(keys, kind="stable")
        counts = np.bincount(keys, minlength=key_count)
        self._starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._sorted = items[order]
        self._done = len(self._keys)

    def get(self, key: int) -> IntArray:
        if key + 1 >= len(self._starts):
            return _EMPTY
        return self._sorted[self._starts[key] : self._starts[key + 1]]

    def size(self, key: int) -> int:
        if key + 1 >= len(self._starts):
            return 0
        return int(self._starts[key + 1] - self._starts[key])

    def nbytes(self) -> int:
        buffers = (len(self._keys) + len(self._items)) * 4
        return buffers + self._starts.nbytes + self._sorted.nbytes


def contains(sorted_items: IntArray, values: IntArray) -> NDArray[np.bool_]:
    """Which ``values`` occur in ``sorted_items`` (vectorized binary search)."""
    if sorted_items.size == 0:
        return np.zeros(values.size, dtype=bool)
    pos = np.searchsorted(sorted_items, values)
    pos[pos == sorted_items.size] = sorted_items.size - 1
    return np.asarray(sorted_items[pos] == values)


class KeyTable:
    """Key strings and indexed words, and the expansion of a query word to equivalent keys."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._word_key: dict[str, int] = {}
        self._by_sound: dict[str, set[int]] = {}
        self._by_length: dict[int, list[str]] = {}
        self._fuzzy: dict[str, tuple[int, ...]] = {}
        self.given_keys: set[int] = set()  # keys of words the lexicon knows as given names

    def __len__(self) -> int:
        return len(self.ids)

    def key(self, text: str) -> int:
        """The id of a key string, created on first use."""
        found = self.ids.get(text)
        if found is None:
            found = self.ids[text] = len(self.ids)
        return found

    def lookup(self, text: str) -> int | None:
        return self.ids.get(text)

    def word(self, word: str) -> int:
        """The key id of an indexed folded word (registering the word for expansion)."""
        found = self._word_key.get(word)
        if found is None:
            sound = word_key(word)
            assert sound is not None, word
            found = self._word_key[word] = self.key(sound)
            if given_like(word):
                self.given_keys.add(found)
            self._by_sound.setdefault(phonetic_key(word), set()).add(found)
            self._by_length.setdefault(len(word), []).append(word)
            if self._fuzzy:
                self._fuzzy.clear()  # a new word may be some cached word's typo twin
        return found

    def expand(self, word: str) -> tuple[int, ...]:
        """Key ids of every indexed word the matcher could take for ``word``."""
        hit = self._fuzzy.get(word)
        if hit is not None:
            return hit
        keys: set[int] = set(self._by_sound.get(phonetic_key(word), ()))
        own = word_key(word)
        if own is not None and own in self.ids:
            keys.add(self.ids[own])
        if word in self._word_key:
            keys.add(self._word_key[word])
        for length in range(max(1, len(word) - 2), len(word) + 3):
            choices = self._by_length.get(length)
            if not choices:
                continue
            for other, _, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=2, limit=None
            ):
                if other != word and match_any(word, other) >= MATCH_THRESHOLD:
                    keys.add(self._word_key[other])
        result = tuple(sorted(keys))
        if len(self._fuzzy) > _FUZZY_CACHE_LIMIT:
            self._fuzzy.clear()
        self._fuzzy[word] = result
        return result

    def nbytes(self) -> int:
        """Rough memory of the dictionaries (keys and words are few next to postings)."""
        words = sum(len(w) + 80 for w in self._word_key)
        return sum(len(k) + 80 for k in self.ids) + words * 2
