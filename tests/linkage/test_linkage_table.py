"""The feature table is the same whether built in one process or in parallel chunks."""

from __future__ import annotations

from typing import Any

from vinculo.linkage import entity_features, feature_table, features_to_arrow


def test_parallel_chunks_give_the_sequential_table(febrl_small: Any) -> None:
    entities = list(febrl_small[0])
    entities.append(("x", {"id": "call-1", "schema": "Call", "properties": {}}))  # not resolved
    seen = {e["id"] for _, e in entities[:100]}
    expected = features_to_arrow(
        [entity_features(e, s, is_new=e["id"] not in seen) for s, e in entities[:-1]]
    )
    sequential = feature_table(iter(entities), seen=seen, workers=1)
    parallel = feature_table(iter(entities), seen=seen, workers=2, chunk=120)
    assert sequential.equals(expected)
    assert parallel.equals(expected)
    assert parallel.num_rows == len(entities) - 1
    assert sum(parallel.column("is_new").to_pylist()) == parallel.num_rows - 100


def test_nothing_resolvable_is_an_empty_table() -> None:
    table = feature_table([("x", {"id": "c", "schema": "Call", "properties": {}})], workers=2)
    assert table.num_rows == 0 and "unique_id" in table.column_names
