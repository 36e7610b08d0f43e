"""Identity resolution on the demo scenario: vinculo beside splink, same data, same run.

    python benchmarks/resolve.py                    # default scenario (2,000 people)
    python benchmarks/resolve.py --people 100000    # the 100,000-person run
    python benchmarks/resolve.py --people 88000 --speed-only   # 1.0M demo records, timing

Prints pairwise precision / recall / F1 and B-cubed F1 of the person
clusters against `ground_truth.jsonl`, for vinculo (xref: vinculo's name
features in splink's Fellegi–Sunter model, constraint-aware clustering)
and for splink configured as a competent user would (first name, surname,
birth date, phone, address; EM training; clusters at 0.95). Also prints the
wall time of every stage and the peak memory (RSS) of the process.
"""

from __future__ import annotations

import argparse
import glob
import json
import logging
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vinculo.demo import generate  # noqa: E402
from vinculo.linkage import DuckDBEngine, Thresholds, inline_addresses, kind_of  # noqa: E402
from vinculo.resolve import MemoryXrefState, Resolver, xref  # noqa: E402

SIDE_FILES = {"ground_truth.jsonl", "cases.jsonl", "operations.jsonl", "targets.jsonl"}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_truth(directory: Path) -> dict[str, str]:
    truth: dict[str, str] = {}
    with open(directory / "ground_truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["kind"] == "record":
                truth[row["record"]] = row["truth"]
    return truth


def iter_entities(
    directory: Path, kinds: set[str], counts: dict[str, int] | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The scenario's records of ``kinds``, one agency file in memory at a time.

    ``counts`` receives "records" (every source entity, all schemata) and
    "resolvable" (those of ``kinds``) once the stream is consumed.
    """
    counts = counts if counts is not None else {}
    counts["records"] = counts["resolvable"] = 0
    for path in sorted(glob.glob(str(directory / "*.jsonl"))):
        name = os.path.basename(path)
        if name in SIDE_FILES:
            continue
        with open(path, encoding="utf-8") as fh:
            items = [json.loads(line) for line in fh]
        inline_addresses(items)
        dataset = name.removesuffix(".jsonl")
        counts["records"] += len(items)
        for entity in items:
            if kind_of(entity["schema"]) in kinds:
                counts["resolvable"] += 1
                yield dataset, entity


def load(
    directory: Path, kinds: set[str]
) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, str]]:
    return list(iter_entities(directory, kinds)), read_truth(directory)


def loadavg() -> str:
    with open("/proc/loadavg", encoding="utf-8") as fh:
        return " ".join(fh.read().split()[:3])


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# -- metrics -------------------------------------------------------------------


def pairs_of(clusters: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for members in clusters:
        out.update(combinations(sorted(members), 2))
    return out


def scores(predicted: dict[str, str], truth: dict[str, str], ids: list[str]) -> dict[str, float]:
    """Pairwise P/R/F1 and B-cubed P/R/F1 of a clustering (entity id -> cluster id)."""
    pred_groups: dict[str, set[str]] = defaultdict(set)
    true_groups: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        pred_groups[predicted.get(i, i)].add(i)
        true_groups[truth[i]].add(i)
    pp, tp = pairs_of(pred_groups.values()), pairs_of(true_groups.values())
    hit = len(pp & tp)
    p = hit / len(pp) if pp else 1.0
    r = hit / len(tp) if tp else 1.0
    bp = br = 0.0
    for i in ids:
        mine = pred_groups[predicted.get(i, i)]
        real = true_groups[truth[i]]
        overlap = len(mine & real)
        bp += overlap / len(mine)
        br += overlap / len(real)
    bp, br = bp / len(ids), br / len(ids)
    return {
        "pair_p": p,
        "pair_r": r,
        "pair_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "b3_p": bp,
        "b3_r": br,
        "b3_f1": 2 * bp * br / (bp + br) if bp + br else 0.0,
    }


# -- the two systems -----------------------------------------------------------


def run_vinculo(
    entities: Iterable[tuple[str, dict[str, Any]]], threads: int, rescore: bool = False
) -> tuple[dict[str, str], dict[str, float]]:
    engine = DuckDBEngine(threads=threads)
    resolver, state = Resolver(), MemoryXrefState()
    started, cpu = time.perf_counter(), cpu_seconds()
    result = xref(
        entities,
        resolver=resolver,
        state=state,
        engine=engine,
        thresholds=Thresholds(),
        rescore=rescore,
        workers=threads,
    )
    clustering = resolver.clustering()
    seconds = dict(result.seconds)
    seconds["total"] = time.perf_counter() - started
    print(
        f"  vinculo: {result.new:,} records, {result.compared_pairs:,} candidate pairs, "
        f"{result.auto_linked:,} auto-links, {result.queued:,} for review, "
        f"{len(clustering.clusters):,} clusters"
    )
    print("  vinculo CPU by stage (s): " + ", ".join(f"{k} {v:.1f}" for k, v in result.cpu.items()))
    print(f"  vinculo CPU total {cpu_seconds() - cpu:.1f}s (all threads and worker processes)")
    engine.close()
    return dict(clustering.by_entity), seconds


def splink_frame(entities: list[tuple[str, dict[str, Any]]]) -> Any:
    """The columns a competent splink user would prepare from the FtM records."""
    import pandas as pd

    def first(props: dict[str, list[str]], *names: str) -> str | None:
        for name in names:
            for value in props.get(name) or []:
                if value:
                    return value.strip().lower()
        return None

    rows = []
    for dataset, entity in entities:
        props = entity.get("properties") or {}
        name = first(props, "name") or ""
        tokens = name.replace(",", " ").split()
        given = first(props, "firstName") or (tokens[0] if tokens else None)
        surname = first(props, "lastName") or (" ".join(tokens[1:]) if len(tokens) > 1 else None)
        dob = first(props, "birthDate")
        rows.append(
            {
                "unique_id": entity["id"],
                "source": dataset,
                "first_name": given,
                "surname": surname,
                "dob": dob if dob and len(dob) == 10 else None,
                "phone": first(props, "phone"),
                "address": first(props, "address"),
            }
        )
    return pd.DataFrame(rows)


def run_splink(
    entities: list[tuple[str, dict[str, Any]]], threshold: float
) -> tuple[dict[str, str], dict[str, float]]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    frame = splink_frame(entities)
    api = DuckDBAPI()
    table = api.register(frame, table_name="people")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("phone"),
            cl.LevenshteinAtThresholds("address", [2, 5]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("phone"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(table, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=7)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    table_out = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]  # type: ignore[no-untyped-call]
    out = {
        str(u): str(c) for u, c in zip(table_out["unique_id"], table_out["cluster_id"], strict=True)
    }
    done = time.perf_counter()
    return out, {
        "train": trained - started,
        "predict+cluster": done - trained,
        "total": done - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "demo")
    parser.add_argument("--splink-threshold", type=float, default=0.95)
    parser.add_argument("--speed-only", action="store_true", help="vinculo only, all kinds")
    parser.add_argument(
        "--no-matcher", action="store_true", help="skip the run re-scored by vinculo.match"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    directory = args.out / f"p{args.people}-s{args.seed}"
    if not (directory / "ground_truth.jsonl").exists():
        started = time.perf_counter()
        generate(directory, people=args.people, seed=args.seed, workers=args.threads)
        print(f"generated scenario in {time.perf_counter() - started:.1f}s -> {directory}")
    kinds = {"PER", "ORG", "ADR", "VEH", "ACC"} if args.speed_only else {"PER"}
    print(f"load average at start: {loadavg()}; {os.cpu_count()} cores")
    if args.speed_only:
        # End to end from the JSONL files: reading streams into xref, one file at a time.
        counts: dict[str, int] = {}
        started, cpu = time.perf_counter(), cpu_seconds()
        _, vin_s = run_vinculo(iter_entities(directory, kinds, counts), args.threads)
        print("  vinculo wall by stage (s): " + ", ".join(f"{k} {v:.1f}" for k, v in vin_s.items()))
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        print(
            f"scenario: {args.people:,} people; {counts['records']:,} demo records "
            f"(source entities, all schemata); {counts['resolvable']:,} of them of the "
            f"resolvable kinds ({', '.join(sorted(kinds))}) compared; the rest are calls, "
            "payments and other relations, which are not identities"
        )
        print(
            f"  vinculo end to end from the files: wall {wall:.1f}s, CPU {cpu:.1f}s; "
            f"peak RSS {peak_mb():,.0f} MB; load average at end: {loadavg()}"
        )
        return 0
    started = time.perf_counter()
    entities, truth = load(directory, kinds)
    load_s = time.perf_counter() - started
    with open(directory / "ground_truth.jsonl", encoding="utf-8") as fh:
        total = sum(1 for _ in fh)
    print(
        f"scenario: {args.people:,} people; {len(entities):,} records resolved "
        f"({', '.join(sorted(kinds))}); loaded in {load_s:.1f}s; ground truth rows {total:,}"
    )
    ids = [str(e["id"]) for _, e in entities]

    vin, vin_s = run_vinculo(entities, args.threads)
    print("  vinculo stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in vin_s.items()))
    print(
        f"  vinculo end to end incl. loading: {vin_s['total'] + load_s:.1f}s; "
        f"peak RSS {peak_mb():,.0f} MB"
    )
    results = {"vinculo": scores(vin, truth, ids)}
    timings = {"vinculo": vin_s}
    if not args.no_matcher:
        vin_m, vin_m_s = run_vinculo(entities, args.threads, rescore=True)
        print(
            "  vinculo+matcher stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in vin_m_s.items())
        )
        results["vinculo+m"] = scores(vin_m, truth, ids)
        timings["vinculo+m"] = vin_m_s
    spl, spl_s = run_splink(entities, args.splink_threshold)
    print("  splink stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in spl_s.items()))
    results["splink"] = scores(spl, truth, ids)
    timings["splink"] = spl_s
    print()
    print(
        f"{'system':10} {'pair P':>7} {'pair R':>7} {'pair F1':>7} "
        f"{'B3 P':>7} {'B3 R':>7} {'B3 F1':>7} {'time s':>7}"
    )
    for name, r in results.items():
        secs = timings[name]["total"]
        print(
            f"{name:10} {r['pair_p']:7.4f} {r['pair_r']:7.4f} {r['pair_f1']:7.4f} "
            f"{r['b3_p']:7.4f} {r['b3_r']:7.4f} {r['b3_f1']:7.4f} {secs:7.1f}"
        )
    best = max(v["b3_f1"] for k, v in results.items() if k != "splink")
    ratio = best / max(results["splink"]["b3_f1"], 1e-9)
    print(f"B-cubed F1 ratio best vinculo / splink: {ratio:.3f}; peak RSS {peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
