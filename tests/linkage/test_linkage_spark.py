"""Spark and DuckDB give the same clusters on the 10,000 FEBRL 4 records.

All 5,000 + 5,000 records by default (the issue's 10,000-record set);
``SPARK_FEBRL_PER_FILE=1500`` runs a quicker 3,000-record subset.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from vinculo.linkage import BatchLinker, DuckDBEngine, LinkageEngine, Thresholds, entity_features
from vinculo.resolve import Judgement, Origin, Resolver

pytestmark = [pytest.mark.spark, pytest.mark.slow]
#: Read at import: the shared conftest clears VINCULO_* variables per test.
PER_FILE = int(os.environ.get("SPARK_FEBRL_PER_FILE", "5000"))


def clusters(
    engine: LinkageEngine[Any], rows: list[dict[str, Any]], model: dict[str, Any]
) -> set[frozenset[str]]:
    linker = BatchLinker(engine, model)
    linker.load(rows)
    threshold = Thresholds().auto
    resolver = Resolver()
    for pair in linker.predict(threshold):
        resolver.judge(
            pair.left,
            pair.right,
            Judgement.SAME,
            user="xref",
            origin=Origin.XREF,
            score=pair.probability,
        )
    return set(resolver.clustering().clusters.values())


def test_spark_and_duckdb_agree(spark_session: Any, trained_small: dict[str, Any]) -> None:
    from linkage_febrl import febrl_entities

    from vinculo.linkage.spark import SparkEngine

    per_file = PER_FILE
    entities, truth = febrl_entities(limit=per_file)
    assert len(entities) == 2 * per_file and len(truth) == per_file
    rows = [entity_features(e, s) for s, e in entities]
    duck = clusters(DuckDBEngine(), rows, trained_small)
    spark = clusters(SparkEngine(spark_session), rows, trained_small)
    assert len(duck) > per_file // 2
    assert spark == duck
