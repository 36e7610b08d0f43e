"""Screening at scale: build a 1-million-name index, query it, measure recall of blocking.

Names come from the demo generator's name API (``vinculo.demo.names``: Mexican
given names and surnames, Anglo names, nicknames with their English glosses);
queries are indexed people rewritten by another "agency"
(``vinculo.match.variants``). Prints build time, memory, p50/p99 query latency
on one core (wall and CPU time, beside a calibration loop and the load average
that show how loaded the machine is), how many entities each query fully
scores, how often the true person is in the top 10, and, on a smaller index
where a brute-force scan is affordable, the recall of candidate generation
(every entity the matcher accepts must be a candidate) and whether the early
stop of ``screen`` still returns the scan's accepted top 10.

    .venv/bin/python benchmarks/screen.py [--people 1000000] [--queries 1000]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vinculo.demo.names import (  # noqa: E402
    pick_anglo,
    pick_mexican_given,
    pick_nickname,
    pick_surname,
)
from vinculo.match.index import ACCEPT, ScreeningIndex, query_entity  # noqa: E402
from vinculo.match.variants import variant_name  # noqa: E402


def people(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(count):
        gender = rng.choice(("male", "female"))
        if rng.random() < 0.8:
            given = " ".join(pick_mexican_given(rng, gender))
            name = f"{pick_surname(rng)} {pick_surname(rng)}, {given}".upper()
            first = given.split()[0]
        else:
            given_t, surname = pick_anglo(rng, gender)
            name = f"{' '.join(given_t)} {surname}"
            first = given_t[0]
        props: dict[str, list[str]] = {"name": [name]}
        if rng.random() < 0.7:
            props["birthDate"] = [
                f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            ]
        if rng.random() < 0.15:
            props["weakAlias"] = [pick_nickname(rng, gender, (first,)).es]
        yield {"id": f"p{i}", "schema": "Person", "properties": props}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def queries(
    index_people: list[dict[str, Any]], count: int, seed: int
) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    out = []
    for person in rng.sample(index_people, count):
        props = person["properties"]
        birth = props.get("birthDate", [None])[0]
        if birth and rng.random() < 0.5:
            birth = birth[:4]
        out.append((person["id"], query_entity(variant_name(props["name"][0], rng), birth)))
    return out


def calibration_ms(rounds: int = 7) -> tuple[float, float]:
    """(min, median) ms of a fixed pure-Python + numpy workload: the machine's speed right now.

    The minimum of several rounds approaches an unloaded core; median/min shows
    how much the load inflates the wall-clock figures printed beside it.
    """
    rng = np.random.default_rng(0)
    data = rng.integers(0, 1_000_000, 200_000)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        total = 0
        for i in range(300_000):
            total += i % 7
        np.sort(data)
        times.append((time.perf_counter() - t) * 1000)
    return min(times), float(np.median(times))


def scale(count: int, query_count: int, seed: int) -> None:
    """Build a ``count``-people index and time ``query_count`` screening queries on it."""
    low, mid = calibration_ms()
    print(f"calibration before: min {low:.0f} ms, median {mid:.0f} ms")
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    cpu = time.process_time()
    index = ScreeningIndex()
    sample: list[dict[str, Any]] = []
    rng = random.Random(seed)
    for entity in people(count, seed):
        index.add(entity)
        if rng.random() < (query_count * 3) / count:
            sample.append(entity)
    index.finalize()
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    gc.collect()
    # The index is long-lived: keep the collector from re-walking its objects and
    # the matcher's caches on every collection (a server would do the same).
    gc.freeze()
    after = rss_mb()
    print(
        f"index: {len(index):,} people built in {build:.1f} s wall, {build_cpu:.1f} s CPU"
        f" (incl. generating them); RSS +{after - before:,.0f} MB,"
        f" index structures {index.memory_bytes() / 2**20:,.0f} MB"
    )

    qs = queries(sample, min(query_count, len(sample)), seed + 1)
    for _, q in qs[:20]:  # warm the lexicon and phonetic caches
        index.screen(q)
    walls, cpus, scored, top1, top10 = [], [], [], 0, 0
    load = Path("/proc/loadavg").read_text().split()[0]
    for truth, q in qs:
        t, c = time.perf_counter(), time.thread_time()
        hits = index.screen(q, top=10)
        walls.append(time.perf_counter() - t)
        cpus.append(time.thread_time() - c)
        scored.append(index.last_scored)
        ids = [h.entity_id for h in hits]
        top1 += bool(ids) and ids[0] == truth
        top10 += truth in ids
    for label, values in (("wall", walls), ("CPU", cpus)):
        ms = np.array(values) * 1000
        p50, p99 = np.percentile(ms, 50), np.percentile(ms, 99)
        print(
            f"queries ({label}): {len(qs)}; p50 {p50:.2f} ms, p99 {p99:.2f} ms,"
            f" mean {ms.mean():.2f} ms"
        )
    sc = np.array(scored)
    print(
        f"fully scored per query: median {np.median(sc):.0f}, p99 {np.percentile(sc, 99):.0f},"
        f" max {sc.max()} of {len(index):,} ({sc.mean() / len(index):.4%} of the index);"
        f" load average {load} before the queries,"
        f" {Path('/proc/loadavg').read_text().split()[0]} after"
    )
    print(f"true person first {top1 / len(qs):.1%}, in top 10 {top10 / len(qs):.1%}")
    low, mid = calibration_ms()
    print(f"calibration after: min {low:.0f} ms, median {mid:.0f} ms")


def recall(count: int, query_count: int, seed: int) -> None:
    """Candidate recall and top-10 agreement against a brute-force scan of a smaller index."""
    small_people = list(people(count, seed))
    small = ScreeningIndex.build(small_people)
    accepted = found = same_top = 0
    sizes = []
    recall_queries = queries(small_people, query_count, seed + 2)
    for _, q in recall_queries:
        brute = small.brute_force(q, min_score=ACCEPT)
        chosen = small.candidates(q)
        sizes.append(len(chosen))
        accepted += len(brute)
        found += len({n for _, n in brute} & set(chosen))
        top = [round(s, 6) for s, _ in brute[:10]]
        same_top += top == [round(c.score, 6) for c in small.screen(q, 10, min_score=ACCEPT)]
    recall = found / accepted if accepted else 1.0
    print(
        f"candidate recall vs brute force ({count:,} people,"
        f" {query_count} queries, score >= {ACCEPT}): {found}/{accepted} = {recall:.1%};"
        f" candidates per query: mean {np.mean(sizes):.1f}, max {max(sizes)}"
        f" ({np.mean(sizes) / len(small):.3%} of the index)"
    )
    total = len(recall_queries)
    print(f"screen's accepted top 10 equal to the brute-force scan's: {same_top}/{total} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--recall-people", type=int, default=20_000)
    parser.add_argument("--recall-queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if args.people:
        scale(args.people, args.queries, args.seed)
    if args.recall_queries:
        recall(args.recall_people, args.recall_queries, args.seed)


if __name__ == "__main__":
    main()
