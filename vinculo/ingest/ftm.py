"""FtM entities as JSON lines, with optional per-entity vinculo handling keys.

Besides ``id``, ``schema`` and ``properties``, a line may carry ``marking``
(``"AMBER"``), ``releasability`` (``["country:MX"]``), ``grading`` (``"B2"``)
and ``collected`` (ISO date); FtM tools ignore these keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from vinculo.exc import InvalidData
from vinculo.ingest.base import ProblemCollector, SourceEntity, read_lines
from vinculo.model.marking import Grading, Marking


def read_ftm(path: Path, problems: ProblemCollector) -> Iterator[SourceEntity]:
    for number, text in read_lines(path):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            hint = " (the file looks truncated)" if not text.endswith("\n") else ""
            problems.add(f"not valid JSON: {exc.msg}{hint}", line=number)
            continue
        if not isinstance(data, dict):
            problems.add("a line must hold one JSON object (an FtM entity)", line=number)
            continue
        try:
            yield _source_entity(data, f"{path.name}:{number}")
        except InvalidData as exc:
            problems.add(exc.message, line=number, field=_field_of(exc.message))


def _field_of(message: str) -> str | None:
    for key in ("marking", "releasability", "grading", "collected"):
        if key in message:
            return key
    return None


def _source_entity(data: dict[str, object], where: str) -> SourceEntity:
    marking: Marking | None = None
    if "marking" in data or "releasability" in data:
        rel = data.get("releasability") or []
        if not isinstance(rel, list):
            raise InvalidData("releasability must be a list of recipients")
        marking = Marking.parse(str(data.get("marking") or "AMBER"), [str(r) for r in rel])
    grading = Grading.parse(str(data["grading"])) if data.get("grading") else None
    collected = None
    if data.get("collected"):
        try:
            collected = date.fromisoformat(str(data["collected"]))
        except ValueError:
            raise InvalidData(f"collected date {data['collected']!r} is not an ISO date") from None
    return SourceEntity(
        data=data, source_record=where, marking=marking, grading=grading, collected=collected
    )
