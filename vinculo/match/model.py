"""The fitted scoring model: logistic weights shipped as JSON, applied in plain Python.

scikit-learn is needed only to fit the weights (``scripts/train_matcher.py``);
scoring is a dot product and a sigmoid, so the package runs with no learning
library and no network. The JSON records how and on what the weights were
fitted, so a score can always be traced to its training run.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["LinearModel", "MatcherModel", "get_model"]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Logistic regression: score = sigmoid(intercept + sum(weight * feature))."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float

    def logit(self, values: list[float]) -> float:
        return self.intercept + sum(w * v for w, v in zip(self.weights, values, strict=True))

    def score(self, values: list[float]) -> float:
        z = self.logit(values)
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class MatcherModel:
    person: LinearModel
    org: LinearModel
    meta: dict[str, Any]


def _linear(data: dict[str, Any]) -> LinearModel:
    weights = data["weights"]
    names = tuple(weights)
    return LinearModel(names, tuple(float(weights[n]) for n in names), float(data["intercept"]))


def model_from_json(data: dict[str, Any]) -> MatcherModel:
    return MatcherModel(_linear(data["person"]), _linear(data["org"]), dict(data.get("meta", {})))


@cache
def get_model() -> MatcherModel:
    """The model shipped in ``vinculo/match/data/model.json``."""
    text = resources.files("vinculo.match").joinpath("data", "model.json").read_text("utf-8")
    return model_from_json(json.loads(text))
