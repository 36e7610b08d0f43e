"""Pairwise matching quality and speed: vinculo against nomenklatura's matchers.

Builds the *reported* split of labelled OFAC pairs (``vinculo.match.pairs``;
the weights were fitted on the other split), scores every pair with vinculo
and, in the same run, with nomenklatura's ``logic-v2``, ``name-based`` and
``regression-v1`` (in their own venv under ``benchmarks/.peers/nomenklatura``,
created here on first use), and prints average precision, best F1, recall at
precision 0.99 and pairs per second.

    .venv/bin/python benchmarks/match_quality.py [--ofac PATH] [--seed 2024] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vinculo.match import compare  # noqa: E402
from vinculo.match.analysis import _analyze  # noqa: E402
from vinculo.match.ofac import read_sdn  # noqa: E402
from vinculo.match.pairs import LabelledPair, build_pairs  # noqa: E402

PEER_DIR = ROOT / "benchmarks" / ".peers" / "nomenklatura"
PEER_ALGORITHMS = ("logic-v2", "name-based", "regression-v1")
PEER_RUNNER = r"""
import json, sys, time
from followthemoney import EntityProxy
from nomenklatura.matching import get_algorithm
pairs = [json.loads(line) for line in open(sys.argv[1])]
out = {}
for name in sys.argv[2:]:
    algorithm = get_algorithm(name)
    config = algorithm.default_config()
    entities = [(EntityProxy.from_dict(p["a"]), EntityProxy.from_dict(p["b"])) for p in pairs]
    start = time.perf_counter()
    scores = [algorithm.compare(a, b, config).score for a, b in entities]
    out[name] = {"scores": scores, "seconds": time.perf_counter() - start}
json.dump(out, sys.stdout)
"""


def ensure_peer() -> Path:
    """The nomenklatura venv's python, created on first use (never the project venv)."""
    python = PEER_DIR / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_DIR)], check=True)
    probe = subprocess.run([str(python), "-c", "import nomenklatura"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "nomenklatura"], check=True)
    return python


def metrics(labels: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """Average precision, best F1 and recall at precision >= 0.99 (ties kept together)."""
    order = np.argsort(-scores, kind="mergesort")
    s, y = scores[order], labels[order]
    last_of_tie = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last_of_tie]
    fp = np.cumsum(1 - y)[last_of_tie]
    positives = y.sum()
    precision = tp / np.maximum(tp + fp, 1)
    recall = tp / positives
    ap = float(np.sum(np.diff(np.r_[0.0, recall]) * precision))
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    ok = precision >= 0.99
    return {
        "ap": ap,
        "best_f1": float(f1.max()),
        "recall_at_p99": float(recall[ok].max()) if ok.any() else 0.0,
    }


def score_vinculo(pairs: list[LabelledPair]) -> tuple[np.ndarray, float]:
    _analyze.cache_clear()  # a cold start: every entity is analysed inside the timing
    start = time.perf_counter()
    scores = [compare(p.a, p.b).score for p in pairs]
    return np.array(scores), time.perf_counter() - start


def score_peers(pairs: list[LabelledPair]) -> dict[str, tuple[np.ndarray, float]]:
    python = ensure_peer()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for i, p in enumerate(pairs):
            fh.write(json.dumps({"id": i, "a": p.a, "b": p.b}) + "\n")
    run = subprocess.run(
        [str(python), "-c", PEER_RUNNER, fh.name, *PEER_ALGORITHMS],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(fh.name).unlink()
    data = json.loads(run.stdout)
    return {k: (np.array(v["scores"]), v["seconds"]) for k, v in data.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ofac", type=Path, default=ROOT.parent / "shared" / "data" / "ofac")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pairs")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    pairs = build_pairs(read_sdn(args.ofac), "test", args.seed)
    if args.limit:
        pairs = pairs[: args.limit]
    labels = np.array([p.label for p in pairs])
    kinds: dict[str, int] = defaultdict(int)
    for p in pairs:
        kinds[p.kind] += 1
    print(f"reported split: {len(pairs)} pairs, {labels.sum()} positive; by kind {dict(kinds)}")
    results = {"vinculo": score_vinculo(pairs)}
    if not args.no_peers:
        results.update(score_peers(pairs))
    header = f"{'matcher':<14}{'AP':>8}{'best F1':>9}{'R@P.99':>8}{'pairs/s':>10}"
    print(header)
    print("-" * len(header))
    for name, (scores, seconds) in results.items():
        m = metrics(labels, scores)
        rate = len(pairs) / seconds
        print(
            f"{name:<14}{m['ap']:>8.4f}{m['best_f1']:>9.4f}{m['recall_at_p99']:>8.4f}{rate:>10.0f}"
        )
    if "logic-v2" in results:
        ratio = results["logic-v2"][1] / results["vinculo"][1]
        print(f"vinculo speed / logic-v2 speed: {ratio:.1f}x")
    print(
        "mean score by kind (vinculo"
        + ("".join(f" | {k}" for k in results if k != "vinculo"))
        + "):"
    )
    for kind in kinds:
        idx = np.array([p.kind == kind for p in pairs])
        means = " | ".join(f"{results[k][0][idx].mean():.3f}" for k in results)
        print(f"  {kind:<22}{means}")


if __name__ == "__main__":
    main()
