"""The feature table of many entities, built in columnar chunks, in parallel.

`entity_features` is Python, one entity at a time; at a million records it
is the longest stage of xref if run in one process. Here entities are cut
into chunks, each chunk becomes an Arrow table (columns, not a dict
per row), and large inputs are spread over worker processes. Only the
columns are kept, so memory grows with the columns, not with Python objects.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import pyarrow as pa

from vinculo.linkage.base import FEATURE_SCHEMA, features_to_arrow
from vinculo.linkage.features import entity_features, kind_of

#: Entities per chunk: big enough to amortize pickling, small enough to stream.
CHUNK = 20_000
#: Below this many entities one process is faster than starting workers.
PARALLEL_MIN = 60_000

#: One chunk: (source, entity, is_new) triples.
Chunk = list[tuple[str, Mapping[str, Any], bool]]


def chunk_table(chunk: Chunk) -> pa.Table:
    """The feature table of one chunk (what a worker process runs)."""
    return features_to_arrow([entity_features(e, s, is_new=new) for s, e, new in chunk])


def _chunks(
    entities: Iterable[tuple[str, Mapping[str, Any]]],
    is_new: Callable[[str], bool],
    size: int,
) -> Iterator[Chunk]:
    chunk: Chunk = []
    for source, entity in entities:
        if kind_of(str(entity.get("schema"))) is None:
            continue
        chunk.append((source, entity, is_new(str(entity["id"]))))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def feature_table(
    entities: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    seen: set[str] | frozenset[str] = frozenset(),
    workers: int | None = None,
    size_hint: int | None = None,
    chunk: int = CHUNK,
) -> pa.Table:
    """The feature table of the resolvable ``(source, entity)`` pairs.

    ``is_new`` is true for ids not in ``seen``. Entities are consumed as a
    stream; with ``workers`` > 1 (default: the cores, up to 4) and more than
    `PARALLEL_MIN` entities (``size_hint``, when the caller knows it), chunks
    are computed in spawned processes, a bounded number in flight at a time.
    """
    workers = default_workers() if workers is None else max(1, workers)
    chunks = _chunks(entities, lambda eid: eid not in seen, chunk)
    if workers == 1 or (size_hint is not None and size_hint < PARALLEL_MIN):
        parts = [chunk_table(c) for c in chunks]
    else:
        parts = _parallel(chunks, workers)
    return pa.concat_tables(parts) if parts else FEATURE_SCHEMA.empty_table()


def _parallel(chunks: Iterator[Chunk], workers: int) -> list[pa.Table]:
    """Chunks in worker processes, in order; at most two per worker in flight.

    Workers are spawned, not forked: the caller may hold threads (a web
    server, DuckDB) that a fork would copy in an unknown state.
    """
    first = next(chunks, None)
    if first is None:
        return []
    second = next(chunks, None)
    if second is None:  # one chunk: not worth a process
        return [chunk_table(first)]
    context = multiprocessing.get_context("spawn")
    out: list[pa.Table] = []
    pending: deque[Future[pa.Table]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for item in _prepend((first, second), chunks):
            pending.append(pool.submit(chunk_table, item))
            if len(pending) >= 2 * workers:
                out.append(pending.popleft().result())
        while pending:
            out.append(pending.popleft().result())
    return out


def _prepend(head: tuple[Chunk, ...], rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield from head
    yield from rest
