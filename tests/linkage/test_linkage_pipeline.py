"""Candidate generation from named steps, on DuckDB."""

from __future__ import annotations

import pyarrow as pa
import pytest

from vinculo.exc import BackendError, InvalidData
from vinculo.linkage import DuckDBEngine, Pipeline, candidate_pipeline, dialect_for, entity_features
from vinculo.linkage.base import features_to_arrow


def person(eid: str, source: str, **props: list[str]) -> tuple[str, dict[str, object]]:
    return source, {"id": eid, "schema": "Person", "properties": props}


PEOPLE = [
    person("a1", "sedena", name=["Joaquín Guzmán Loera"], birthDate=["1957-04-04"]),
    person("b1", "dea", name=["GUZMAN LOERA, Joaquin"], phone=["+52 667 123 4567"]),
    person("c1", "fbi", name=["Pepe Guzmán"], phone=["6671234567"]),
    person("d1", "fbi", name=["Ana Ruiz"], birthDate=["1957-04-04"]),
]


def rows(new: set[str] | None = None) -> pa.Table:
    return features_to_arrow(
        [entity_features(e, s, is_new=new is None or e["id"] in new) for s, e in PEOPLE]
    )


def pairs(engine: DuckDBEngine, **kwargs: object) -> set[tuple[str, str]]:
    engine.run_pipeline(candidate_pipeline(engine.dialect, **kwargs), "cand")  # type: ignore[arg-type]
    return {(r["id_l"], r["id_r"]) for r in engine.fetch("cand").to_pylist()}


def test_rules_find_reordered_names_and_shared_phones() -> None:
    engine = DuckDBEngine()
    engine.register_table("records", rows())
    found = pairs(engine)
    assert ("a1", "b1") in found  # same name, surname-first form
    assert ("b1", "c1") in found  # same phone, written two ways
    assert ("a1", "d1") not in found  # a birth date alone is not a block
    engine.close()


def test_incremental_only_touches_new_records() -> None:
    engine = DuckDBEngine()
    engine.register_table("records", rows(new={"c1"}))
    found = pairs(engine, incremental=True)
    assert found and all("c1" in pair for pair in found)
    engine.close()


def test_oversized_blocks_are_skipped() -> None:
    engine = DuckDBEngine()
    engine.register_table("records", rows())
    assert ("b1", "c1") not in pairs(engine, rules=("phone",), max_block=1)
    engine.close()


def test_only_named_rules_and_safe_identifiers() -> None:
    with pytest.raises(InvalidData):
        candidate_pipeline(dialect_for("duckdb"), rules=("phone; DROP TABLE records",))
    with pytest.raises(InvalidData):
        Pipeline().add("x; drop", "SELECT 1")
    with pytest.raises(InvalidData):
        dialect_for("oracle")
    engine = DuckDBEngine()
    with pytest.raises(InvalidData):
        engine.register_table("bad name", rows())
    with pytest.raises(BackendError):
        engine.run_pipeline(Pipeline().add("q", "SELECT * FROM missing_table"), "out")
    engine.close()


def test_spark_dialect_spells_the_same_steps() -> None:
    sql = candidate_pipeline(dialect_for("spark")).sql()
    assert "explode(phones)" in sql and "unnest(" not in sql
