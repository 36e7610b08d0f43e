"""Fixtures of the linkage tests: FEBRL records as FtM entities, a trained model, Spark."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from linkage_febrl import febrl_entities, small_model


@pytest.fixture(scope="session")
def febrl_small() -> tuple[list[tuple[str, dict[str, Any]]], set[tuple[str, str]]]:
    return febrl_entities(limit=250)


@pytest.fixture(scope="session")
def trained_small(febrl_small: Any) -> dict[str, Any]:
    return small_model(febrl_small[0])


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local SparkSession for the whole test session (slow to start)."""
    pytest.importorskip("pyspark")
    from vinculo.linkage.spark import local_session

    # A test session lives a minute or two: the JIT's optimizing tier costs more
    # CPU than it saves in that time.
    quick_jit = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1"}
    session = local_session(cores=2, memory="2g", conf=quick_jit)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
