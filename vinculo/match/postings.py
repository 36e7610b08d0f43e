"""Compact postings and the key vocabulary behind the screening index.

A million names make a few million (key, row) postings: they live in two
``array('i')`` buffers while the index is filled and in one CSR structure
(numpy ``starts`` and ``items``) once it is finalized, so no Python object is
kept per posting or per name. Each key's items are sorted, which turns "is
this row under that key?" into a vectorized ``searchsorted``.

The vocabulary maps folded words to key ids and answers, for a query word,
every key the matcher could call the same word: its own key (the Spanish
phonetic key), the keys of indexed words sharing a given-name form with it
(hypocorisms and translations, and the parts of a compound name it stands
for), and those of indexed words within the matcher's typo distance
(rapidfuzz ``process.extract`` over words of similar length), each with the
best similarity the matcher gives the query word and a word under that key.
"""

from __future__ import annotations

from array import array

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import OSA

from vinculo.match.blocking import word_key
from vinculo.match.tokens import MATCH_THRESHOLD, match_any
from vinculo.names import get_lexicon
from vinculo.names.phonetic import phonetic_key

__all__ = ["KeyTable", "Postings"]

IntArray = NDArray[np.int32]
_EMPTY: IntArray = np.empty(0, dtype=np.int32)
_FUZZY_CACHE_LIMIT = 50_000
COMPOUND_SIM = 0.95  # what the matcher gives a hypocorism of a compound given name


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
        self._fuzzy: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {}
        self._key_words: dict[int, list[str]] = {}
        self._by_form: dict[str, set[int]] = {}  # given-name form -> keys of its indexed words

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
            self._key_words.setdefault(found, []).append(word)
            lex = get_lexicon()
            if lex.is_given_name(word):
                for form in lex.given_canonicals(word):
                    self._by_form.setdefault(form, set()).add(found)
            self._by_sound.setdefault(phonetic_key(word), set()).add(found)
            self._by_length.setdefault(len(word), []).append(word)
            if self._fuzzy:
                self._fuzzy.clear()  # a new word may be some cached word's typo twin
        return found

    def expand(self, word: str) -> tuple[int, ...]:
        """Key ids of every indexed word the matcher could take for ``word``."""
        return self.expand_weighted(word)[0]

    def expand_weighted(self, word: str) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """``expand`` with, per key, the best similarity of ``word`` to a word posted under it.

        The similarity bounds how well a row reached through that key can agree
        on this word; keys none of whose words the matcher would match are left out.
        """
        hit = self._fuzzy.get(word)
        if hit is not None:
            return hit
        keys: set[int] = set(self._by_sound.get(phonetic_key(word), ()))
        own = word_key(word)
        if own is not None and own in self.ids:
            keys.add(self.ids[own])
        if word in self._word_key:
            keys.add(self._word_key[word])
        lex = get_lexicon()
        compound: set[int] = set()  # "Chema" reaches "José" and "María" of "José María"
        for form in lex.given_canonicals(word):
            keys |= self._by_form.get(form, set())
            for part in form.split() if " " in form else ():
                for part_form in lex.given_canonicals(part):
                    compound |= self._by_form.get(part_form, set())
        keys |= compound
        for length in range(max(1, len(word) - 2), len(word) + 3):
            choices = self._by_length.get(length)
            if not choices:
                continue
            for other, _, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=2, limit=None
            ):
                if other != word and match_any(word, other) >= MATCH_THRESHOLD:
                    keys.add(self._word_key[other])
        weighted = []
        for key in sorted(keys):
            sim = max((match_any(word, w) for w in self._key_words.get(key, ())), default=0.0)
            if key in compound:
                sim = max(sim, COMPOUND_SIM)
            if sim > 0.0:
                weighted.append((key, sim))
        result = (tuple(k for k, _ in weighted), tuple(s for _, s in weighted))
        if len(self._fuzzy) > _FUZZY_CACHE_LIMIT:
            self._fuzzy.clear()
        self._fuzzy[word] = result
        return result

    def nbytes(self) -> int:
        """Rough memory of the dictionaries (keys and words are few next to postings)."""
        words = sum(len(w) + 80 for w in self._word_key)
        return sum(len(k) + 80 for k in self.ids) + words * 2
