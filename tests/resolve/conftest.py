"""Fixtures of the resolve tests: a small FEBRL set as FtM entities and a trained model."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "linkage"))
from linkage_febrl import febrl_entities, small_model


@pytest.fixture(scope="session")
def febrl_small() -> tuple[list[tuple[str, dict[str, Any]]], set[tuple[str, str]]]:
    return febrl_entities(limit=250)


@pytest.fixture(scope="session")
def trained_small(febrl_small: Any) -> dict[str, Any]:
    return small_model(febrl_small[0])
