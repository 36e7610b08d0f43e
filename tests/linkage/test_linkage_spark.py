"""Spark and DuckDB give the same clusters on 10,000 FEBRL records."""

from __future__ import annotations

from typing import Any

import pytest

from vinculo.linkage import BatchLinker, DuckDBEngine, LinkageEngine, Thresholds, entity_features
from vinculo.resolve import Judgement, Origin, Resolver

pytestmark = [pytest.mark.spark, pytest.mark.slow]


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

    entities, _ = febrl_entities()
    assert len(entities) == 10_000
    rows = [entity_features(e, s) for s, e in entities]
    duck = clusters(DuckDBEngine(), rows, trained_small)
    spark = clusters(SparkEngine(spark_session), rows, trained_small)
    assert len(duck) > 3_000
    assert spark == duck
