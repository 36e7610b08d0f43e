"""Train the shipped linkage model and write ``vinculo/linkage/data/default_model.json``.

It is what `vinculo.linkage.train_model` falls back on for the parameters a
small store cannot teach. Reproducible: the demo scenario at its default size
(2,000 people, seed 7) is generated in a temporary folder, every resolvable
record becomes a feature row, and training is seeded. Refuses to write a
model from a failed training step; a level training never reached gets
zero weight (m = u), and the file lists those levels under "neutral".

    .venv/bin/python scripts/train_linkage_model.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vinculo.demo import generate  # noqa: E402
from vinculo.linkage import inline_addresses  # noqa: E402
from vinculo.linkage.fallback import DEFAULT_MODEL_FILE, fill_neutral  # noqa: E402
from vinculo.linkage.model import MODEL_VERSION, U_PAIRS, estimate, smooth_m  # noqa: E402
from vinculo.linkage.table import feature_table  # noqa: E402

OUT = ROOT / "vinculo" / "linkage" / "data" / DEFAULT_MODEL_FILE
SIDE_FILES = {"ground_truth.jsonl", "cases.jsonl", "operations.jsonl", "targets.jsonl"}


def scenario_entities(directory: Path) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(directory.glob("*.jsonl")):
        if path.name in SIDE_FILES:
            continue
        with path.open(encoding="utf-8") as fh:
            items = inline_addresses(json.loads(line) for line in fh)
        out.extend((path.stem, item) for item in items)
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), people=2000, seed=7)
        entities = scenario_entities(Path(tmp))
    table = feature_table(entities, workers=1)
    trained, steps = estimate(table, seed=7, expected_recall=0.6, u_pairs=U_PAIRS)
    if any(outcome != "ran" for outcome in steps.values()):
        print(f"refusing to ship: a training step failed: {steps}", file=sys.stderr)
        return 1
    neutral = fill_neutral(trained)
    model = {
        "vinculo_model_version": MODEL_VERSION,
        "splink": smooth_m(trained),
        "training": {"rows": table.num_rows, "steps": steps, "fallback": [], "neutral": neutral},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({table.num_rows:,} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
