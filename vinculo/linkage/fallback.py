"""The shipped linkage model: what training falls back on when data is scarce.

A small store (the demo at a few hundred people, a first import) cannot
teach every parameter: EM may drive a level's m to zero, random pairs may
never reach a rare level. Rather than fail, training takes those parameters
from a model trained once on the demo scenario and shipped with vinculo.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

#: The shipped model, in ``vinculo/linkage/data/``.
DEFAULT_MODEL_FILE = "default_model.json"


def _usable(value: Any) -> bool:
    return isinstance(value, float | int) and 0.0 < value <= 1.0


def _gaps(splink_model: Mapping[str, Any]) -> Iterator[tuple[str, int, str]]:
    """(comparison, level position, "m_probability" or "u_probability") lacking a value."""
    for comparison in splink_model.get("comparisons", []):
        for index, level in enumerate(comparison["comparison_levels"]):
            if level.get("is_null_level"):
                continue
            for prob in ("m_probability", "u_probability"):
                if not _usable(level.get(prob)):
                    yield comparison["output_column_name"], index, prob


def missing_parameters(splink_model: Mapping[str, Any]) -> list[str]:
    """What training left unestimated, as "name[level].m" (and "prior")."""
    out = [f"{name}[{index}].{prob[0]}" for name, index, prob in _gaps(splink_model)]
    prior = splink_model.get("probability_two_random_records_match")
    return out if _usable(prior) and prior != 1.0 else ["prior", *out]


def fill_missing(
    splink_model: dict[str, Any], fallback: Mapping[str, Any], *, unseen_u: float | None = None
) -> list[str]:
    """Take from ``fallback`` every parameter the training could not estimate.

    A level is matched by comparison name and position (the shipped model
    has the same comparisons: a test checks it). With ``unseen_u``, a level
    the random pairs never reached gets that u instead (it is rarer than one
    in the pairs drawn, whatever another data set says). Returns what was filled.
    """
    missing = missing_parameters(splink_model)
    if "prior" in missing:
        prior = fallback["probability_two_random_records_match"]
        splink_model["probability_two_random_records_match"] = prior
    spare = {c["output_column_name"]: c["comparison_levels"] for c in fallback["comparisons"]}
    levels = {c["output_column_name"]: c["comparison_levels"] for c in splink_model["comparisons"]}
    for name, index, prob in list(_gaps(splink_model)):
        unseen = prob == "u_probability" and unseen_u is not None
        levels[name][index][prob] = unseen_u if unseen else spare[name][index][prob]
    return missing


def fill_neutral(splink_model: dict[str, Any]) -> list[str]:
    """Give a level training never reached zero weight (m = u): no evidence either way."""
    missing = missing_parameters(splink_model)
    levels = {c["output_column_name"]: c["comparison_levels"] for c in splink_model["comparisons"]}
    for name, index, prob in list(_gaps(splink_model)):
        level = levels[name][index]
        other = level.get("u_probability" if prob == "m_probability" else "m_probability")
        level[prob] = other if _usable(other) else 0.5
    return missing


@functools.cache
def _shipped() -> str:
    return (Path(__file__).parent / "data" / DEFAULT_MODEL_FILE).read_text(encoding="utf-8")


def default_model() -> dict[str, Any]:
    """The model shipped with vinculo, trained on the demo scenario (2,000 people).

    The fallback of `train_model` when the data cannot teach a parameter;
    regenerate it with ``python scripts/train_linkage_model.py`` when the
    comparisons change (a test checks that it still fits them).
    """
    model: dict[str, Any] = json.loads(_shipped())
    return model
