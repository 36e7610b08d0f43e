"""A compact in-memory multimap from match keys to row numbers.

Deconfliction needs three lookups that are all equality on a key: identifier
keys (``phone:+5215512345678`` or an HMAC token), person blocking keys and
event cell-day keys. In the store they are rows ``(key, target)`` of an indexed
table; in memory they live here. Ten million targets with a dozen keys each do
not fit well in Python dicts (about 100 bytes an entry), so keys are hashed to
64 bits and kept in sorted NumPy arrays (12 bytes an entry) searched by
bisection, with a small dict absorbing new inserts until it is merged in, as a
log-structured index does.

A 64-bit hash collision can only add a candidate, never lose one. With ten
million keys the chance that a lookup meets a foreign key of the same hash is
about 5e-13; person and event candidates are verified by scoring and geometry
anyway, and the store keeps the full key text and compares it in SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key text (BLAKE2b; the same in every process)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def key_hashes(keys: Iterable[str]) -> U64:
    return np.fromiter((key_hash(k) for k in keys), dtype=np.uint64)


class KeyTable:
    """Multimap ``hash(key) -> rows``: sorted arrays plus a merge-on-threshold delta."""

    def __init__(self, merge_at: int = 200_000) -> None:
        self._keys: U64 = np.empty(0, dtype=np.uint64)
        self._rows: I64 = np.empty(0, dtype=np.int64)
        self._delta: dict[int, list[int]] = {}
        self._delta_size = 0
        self._merge_at = merge_at

    def __len__(self) -> int:
        return len(self._keys) + self._delta_size

    @property
    def nbytes(self) -> int:
        """Bytes held by the sorted arrays (the delta is bounded by ``merge_at``)."""
        return int(self._keys.nbytes + self._rows.nbytes)

    def add(self, key: str | int, row: int) -> None:
        h = key if isinstance(key, int) else key_hash(key)
        self._delta.setdefault(h, []).append(row)
        self._delta_size += 1
        if self._delta_size >= self._merge_at:
            self.merge()

    def bulk_load(self, hashes: U64, rows: I64) -> None:
        """Add many (hash, row) pairs at once; used to load a store or a benchmark."""
        if len(hashes) != len(rows):
            raise ValueError("hashes and rows differ in length")
        self.merge()
        keys, vals = hashes.astype(np.uint64, copy=False), rows.astype(np.int64, copy=False)
        if len(self._keys):  # into an empty table (a cold load), no copy of the input
            keys = np.concatenate([self._keys, keys])
            vals = np.concatenate([self._rows, vals])
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        del keys
        self._rows = vals[order]

    def merge(self) -> None:
        if not self._delta:
            return
        n = self._delta_size
        hashes = np.empty(n, dtype=np.uint64)
        rows = np.empty(n, dtype=np.int64)
        i = 0
        for h, rs in self._delta.items():
            hashes[i : i + len(rs)] = h
            rows[i : i + len(rs)] = rs
            i += len(rs)
        self._delta = {}
        self._delta_size = 0
        self.bulk_load(hashes, rows)

    def _span(self, h: int) -> tuple[int, int]:
        key = np.uint64(h)
        lo = int(np.searchsorted(self._keys, key, side="left"))
        hi = int(np.searchsorted(self._keys, key, side="right"))
        return lo, hi

    def count(self, key: str | int) -> int:
        """How many rows carry ``key`` (the block size, without materializing it)."""
        h = key if isinstance(key, int) else key_hash(key)
        lo, hi = self._span(h)
        return hi - lo + len(self._delta.get(h, ()))

    def counts(self, hashes: U64) -> I64:
        """Block sizes of many keys at once (one vectorised bisection of the sorted arrays)."""
        lo = np.searchsorted(self._keys, hashes, side="left")
        hi = np.searchsorted(self._keys, hashes, side="right")
        out: I64 = (hi - lo).astype(np.int64)
        if self._delta:
            out += np.fromiter((len(self._delta.get(int(h), ())) for h in hashes), np.int64)
        return out

    def rows(self, key: str | int) -> I64:
        """The rows of ``key`` as an array (no Python list per row)."""
        h = key if isinstance(key, int) else key_hash(key)
        lo, hi = self._span(h)
        found = self._rows[lo:hi]
        extra = self._delta.get(h)
        return np.concatenate([found, np.array(extra, dtype=np.int64)]) if extra else found

    def get(self, key: str | int) -> list[int]:
        h = key if isinstance(key, int) else key_hash(key)
        lo, hi = self._span(h)
        found = self._rows[lo:hi].tolist() if hi > lo else []
        found.extend(self._delta.get(h, ()))
        return found

    def remove_rows(self, rows: Iterable[int]) -> None:
        """Drop every entry of the given rows (used when registrations are purged)."""
        drop = np.fromiter(rows, dtype=np.int64)
        if not len(drop):
            return
        self.merge()
        keep = ~np.isin(self._rows, drop)
        self._keys, self._rows = self._keys[keep], self._rows[keep]
