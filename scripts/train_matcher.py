"""Fit the matcher's weights and write ``vinculo/match/data/model.json``.

The model is a logistic regression whose weights are sign-constrained: an
agreement (same birth date, same surname) may only raise the score and a
conflict may only lower it. Unconstrained fits give correlated features
weights of the wrong sign ("paternal surnames agree: -0.2"), which analysts
cannot read. The fit minimizes L2-regularized log-loss with scipy's L-BFGS-B
under those bounds; scikit-learn only scores the fit.

Reproducible: the labelled pairs are rebuilt from the OFAC files with a fixed
seed (``vinculo.match.pairs``), only the *training* split is used (families
whose surname hash is even), and the optimizer is deterministic. The
reported figures come from the other split (``benchmarks/match_quality.py``).

    PYTHONPATH=. .venv/bin/python scripts/train_matcher.py [--ofac ../shared/data/ofac]
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import minimize
from sklearn.metrics import average_precision_score

from vinculo.match.analysis import analyze
from vinculo.match.features import ORG_FEATURES, PERSON_FEATURES, org_features, person_features
from vinculo.match.ofac import read_sdn
from vinculo.match.pairs import LabelledPair, build_org_pairs, build_pairs

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "vinculo" / "match" / "data" / "model.json"

AGREEMENT = {
    "given_first", "paternal_match", "surname_cross", "maternal_match", "initial_support",
    "tokens_sim", "name_exact", "nickname_match", "dob_exact", "dob_year", "id_match",
    "country_match", "org_sort", "org_set", "org_exact", "org_phonetic",
}  # fmt: skip
CONFLICT = {
    "given_conflict", "given_extra_conflict", "nickname_conflict", "maternal_conflict",
    "surname_conflict",
    "dob_conflict", "id_conflict", "country_conflict", "gender_conflict", "legal_form_conflict",
}  # fmt: skip


def _matrix(pairs: list[LabelledPair], person: bool) -> tuple[np.ndarray, np.ndarray]:
    make = person_features if person else org_features
    rows = [make(analyze(p.a), analyze(p.b)).values for p in pairs]
    return np.array(rows, dtype=float), np.array([p.label for p in pairs], dtype=float)


def _bounds(names: tuple[str, ...]) -> list[tuple[float | None, float | None]]:
    bounds: list[tuple[float | None, float | None]] = [(None, None)]  # intercept
    for name in names:
        if name in AGREEMENT:
            bounds.append((0.0, None))
        elif name in CONFLICT:
            bounds.append((None, 0.0))
        else:
            bounds.append((None, None))
    return bounds


def _fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], c: float) -> dict[str, object]:
    design = np.hstack([np.ones((x.shape[0], 1)), x])
    penalty = np.r_[0.0, np.ones(x.shape[1])] / c

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = design @ w
        p = 1.0 / (1.0 + np.exp(-z))
        value = np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * w * w)
        grad = design.T @ (p - y) + penalty * w
        return float(value), grad

    start = np.zeros(design.shape[1])
    fit = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=_bounds(names))
    w = fit.x
    ap = average_precision_score(y, design @ w)
    return {
        "intercept": round(float(w[0]), 6),
        "weights": {n: round(float(v), 6) for n, v in zip(names, w[1:], strict=True)},
        "training": {"pairs": len(y), "positives": int(y.sum()), "ap_train": round(ap, 4)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--ofac", type=Path, default=ROOT.parent / "shared" / "data" / "ofac")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 regularization")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    entries = read_sdn(args.ofac)
    all_entries = read_sdn(args.ofac, programs=None)
    xp, yp = _matrix(build_pairs(entries, "train", args.seed), person=True)
    xo, yo = _matrix(build_org_pairs(all_entries, "train", args.seed), person=False)
    model = {
        "person": _fit(xp, yp, PERSON_FEATURES, args.c),
        "org": _fit(xo, yo, ORG_FEATURES, args.c),
        "meta": {
            "algorithm": "sign-constrained L2 logistic regression (scipy L-BFGS-B)",
            "C": args.c,
            "seed": args.seed,
            "split": "train (sha256(family key)[0] even)",
            "data": "OFAC SDN legacy CSV, April 2021 (shared/data/ofac)",
            "scipy": scipy.__version__,
            "fitted": datetime.now(UTC).strftime("%Y-%m-%d"),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    for kind in ("person", "org"):
        print(kind, model[kind]["training"])  # type: ignore[index]
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
