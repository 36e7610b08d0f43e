"""The manifest of a generated scenario: which file is what, and whose it is.

`manifest.yaml` is what the importer reads: one entry per agency dataset
(file, owning agency, default marking, releasability and grading), the
agencies themselves, and the side files (ground truth, cases, targets,
operations) that are not FtM entities and must not be imported as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from vinculo.exc import InvalidData
from vinculo.i18n import N_

MANIFEST = "manifest.yaml"


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    country: str  # "US" or "MX"
    name: str


@dataclass(frozen=True)
class DatasetInfo:
    """One agency's FtM entity file (JSON lines) with its defaults."""

    name: str
    title: str
    path: Path
    agency: str
    country: str
    agency_name: str
    marking: str
    releasability: tuple[str, ...]
    grading: str
    entities: int


@dataclass(frozen=True)
class Manifest:
    root: Path
    seed: int
    people: int
    datasets: tuple[DatasetInfo, ...]
    agencies: tuple[AgencyInfo, ...]
    ground_truth: Path
    cases: Path
    targets: Path
    operations: Path

    def to_dict(self) -> dict[str, Any]:
        def rel(path: Path) -> str:
            return path.relative_to(self.root).as_posix()

        return {
            "generator": "vinculo.demo",
            "seed": self.seed,
            "people": self.people,
            "agencies": [
                {"code": a.code, "country": a.country, "name": a.name} for a in self.agencies
            ],
            "datasets": [
                {
                    "name": d.name,
                    "title": d.title,
                    "file": rel(d.path),
                    "format": "ftm",
                    "agency": d.agency,
                    "country": d.country,
                    "agency_name": d.agency_name,
                    "marking": d.marking,
                    "releasability": list(d.releasability),
                    "grading": d.grading,
                    "entities": d.entities,
                }
                for d in self.datasets
            ],
            "files": {
                "ground_truth": {
                    "file": rel(self.ground_truth),
                    "format": "jsonl",
                    "import": False,
                    "describes": "record id -> true entity id (kind: record); "
                    "true people, organizations, things, links, "
                    "events, targets and operations",
                },
                "cases": {
                    "file": rel(self.cases),
                    "format": "jsonl",
                    "import": False,
                    "describes": "open cases per agency, with a point of contact",
                },
                "targets": {
                    "file": rel(self.targets),
                    "format": "jsonl",
                    "import": False,
                    "describes": "targets registered per case (person, phone, "
                    "address, vehicle, account) for deconfliction",
                },
                "operations": {
                    "file": rel(self.operations),
                    "format": "jsonl",
                    "import": False,
                    "describes": "planned operations: kind, lat, lon, radius "
                    "(m), start, end (UTC), case, contact",
                },
            },
        }

    def write(self) -> Path:
        path = self.root / MANIFEST
        text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)
        path.write_text(text, encoding="utf-8")
        return path

    @classmethod
    def load(cls, root: Path) -> Manifest:
        """Read ``root/manifest.yaml``; a missing or malformed manifest names the field."""
        path = root / MANIFEST
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise InvalidData.at(
                N_("cannot read the manifest: {error}"), file=str(path), error=str(exc)
            ) from exc
        try:
            files = data["files"]
            return cls(
                root=root,
                seed=int(data["seed"]),
                people=int(data["people"]),
                datasets=tuple(
                    DatasetInfo(
                        d["name"],
                        d["title"],
                        root / d["file"],
                        d["agency"],
                        d["country"],
                        d["agency_name"],
                        d["marking"],
                        tuple(d["releasability"]),
                        d["grading"],
                        int(d["entities"]),
                    )
                    for d in data["datasets"]
                ),
                agencies=tuple(
                    AgencyInfo(a["code"], a["country"], a["name"]) for a in data["agencies"]
                ),
                ground_truth=root / files["ground_truth"]["file"],
                cases=root / files["cases"]["file"],
                targets=root / files["targets"]["file"],
                operations=root / files["operations"]["file"],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidData.at(
                N_("malformed manifest: {error}"), file=str(path), field=str(exc), error=repr(exc)
            ) from exc
