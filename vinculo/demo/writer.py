"""Streaming the scenario to disk, optionally on several processes.

Cells are grouped into chunks; each chunk is built and serialized on its own
(in a worker process when ``workers > 1``) and the chunks are appended to the
files strictly in order. Memory is bounded by a few chunks, never by the
number of people, and the bytes written do not depend on ``workers``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import IO

from vinculo.demo import org
from vinculo.demo.agencies import AGENCIES
from vinculo.demo.cells import build_cell
from vinculo.demo.manifest import AgencyInfo, DatasetInfo, Manifest
from vinculo.demo.ops import render_ops
from vinculo.demo.render import Output
from vinculo.demo.scene import render_cell, render_preamble
from vinculo.exc import InvalidData
from vinculo.i18n import N_

CHUNK_CELLS = 48
Chunk = tuple[int, bool, tuple[tuple[int, int], ...]]  # seed, preamble?, (cell, take)...
Result = tuple[dict[str, bytes], bytes, dict[str, int], int]


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def run_chunk(chunk: Chunk) -> Result:
    """Build and serialize a run of cells: per-agency lines, ground truth, counts."""
    seed, preamble, cells = chunk
    out = Output()
    if preamble:
        render_preamble(seed, out)
    for index, take in cells:
        cell = build_cell(seed, org.header(seed, index), take)
        render_cell(seed, cell, out)
    return (
        {code: _join(lines) for code, lines in out.lines.items()},
        _join(out.truth),
        out.counts,
        sum(take for _, take in cells),
    )


def _chunks(seed: int, people: int) -> Iterator[Chunk]:
    cells = ((head.cell, take) for head, take in org.plan(seed, people))
    first = True
    while batch := tuple(islice(cells, CHUNK_CELLS)):
        yield seed, first, batch
        first = False


def _results(seed: int, people: int, workers: int) -> Iterator[Result]:
    if workers <= 1:
        yield from map(run_chunk, _chunks(seed, people))
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with context.Pool(workers) as pool:
        yield from pool.imap(run_chunk, _chunks(seed, people), chunksize=1)


def generate(
    out_dir: Path,
    people: int = 2000,
    seed: int = 7,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Manifest:
    """Write the scenario into ``out_dir`` and return its manifest.

    Same ``seed`` and ``people``: byte-identical files, whatever ``workers`` is.
    ``progress`` is called with the number of people written so far.
    """
    if people < 1:
        raise InvalidData.at(N_("the scenario needs at least one person"), field="people")
    if seed < 0:
        raise InvalidData.at(N_("the seed must be a non-negative integer"), field="seed")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {a.code: out_dir / f"{a.dataset}.jsonl" for a in AGENCIES}
    truth_path = out_dir / "ground_truth.jsonl"
    counts = dict.fromkeys(paths, 0)
    done = 0
    with ExitStack() as stack:
        files: dict[str, IO[bytes]] = {
            code: stack.enter_context(path.open("wb")) for code, path in paths.items()
        }
        truth = stack.enter_context(truth_path.open("wb"))
        for lines, truth_lines, chunk_counts, built in _results(seed, people, workers):
            for code, data in lines.items():
                files[code].write(data)
                counts[code] += chunk_counts[code]
            truth.write(truth_lines)
            done += built
            if progress is not None:
                progress(done)
        cells = sum(1 for _ in org.plan(seed, people))
        out = Output()
        cases, targets, ops = render_ops(seed, cells, out)
        truth.write(_join(out.truth))
    side = {name: out_dir / f"{name}.jsonl" for name in ("cases", "targets", "operations")}
    for name, rows in zip(side, (cases, targets, ops), strict=True):
        side[name].write_bytes(_join(rows))
    manifest = Manifest(
        root=out_dir,
        seed=seed,
        people=people,
        datasets=tuple(
            DatasetInfo(
                a.dataset,
                a.title,
                paths[a.code],
                a.code,
                a.country,
                a.name,
                a.marking,
                a.releasability,
                a.grading,
                counts[a.code],
            )
            for a in AGENCIES
        ),
        agencies=tuple(AgencyInfo(a.code, a.country, a.name) for a in AGENCIES),
        ground_truth=truth_path,
        cases=side["cases"],
        targets=side["targets"],
        operations=side["operations"],
    )
    manifest.write()
    return manifest
