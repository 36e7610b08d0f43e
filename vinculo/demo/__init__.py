"""The demo scenario: a seeded binational criminal organization, seen by ten agencies.

`generate` writes one FtM JSON-lines file per agency dataset (each a partial,
noisy view), the ground truth beside them, the agencies' cases, targets and
planned operations, and a `manifest.yaml` saying which file is what::

    from vinculo.demo import generate
    manifest = generate(Path("var/demo/scenario"), people=2000, seed=7)
    for dataset in manifest.datasets:
        print(dataset.name, dataset.agency, dataset.path, dataset.entities)

From a shell: ``python -m vinculo.demo OUT_DIR --people N --seed S``.
See docs/demo.md.
"""

from __future__ import annotations

from vinculo.demo.agencies import AGENCIES, Agency
from vinculo.demo.manifest import MANIFEST, AgencyInfo, DatasetInfo, Manifest
from vinculo.demo.writer import generate

__all__ = [
    "AGENCIES",
    "MANIFEST",
    "Agency",
    "AgencyInfo",
    "DatasetInfo",
    "Manifest",
    "generate",
]
