"""FtM entities as JSON lines, with optional per-entity vinculo handling keys.

Besides ``id``, ``schema`` and ``properties``, a line may carry ``marking``
(``"AMBER"``), ``releasability`` (``["country:MX"]``), ``grading`` (``"B2"``)
and ``collected`` (ISO date); FtM tools ignore these keys.

Lines are parsed with orjson straight from bytes (it checks UTF-8 itself); a
line it refuses goes through the strict decoder and the standard library's
parser, so that the error names the line exactly as it always did.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import orjson

from vinculo.exc import InvalidData, Message
from vinculo.i18n import N_
from vinculo.ingest.base import BOM, ProblemCollector, SourceEntity, decode_line
from vinculo.model.marking import Grading, Marking


def read_ftm(path: Path, problems: ProblemCollector) -> Iterator[SourceEntity]:
    name = path.name
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError:
                data = _parse_slowly(raw, path, number, problems)
                if data is None:
                    continue
            if not isinstance(data, dict):
                problems.add(N_("a line must hold one JSON object (an FtM entity)"), line=number)
                continue
            try:
                yield _source_entity(data, f"{name}:{number}")
            except InvalidData as exc:
                problems.add(exc.text, line=number, field=_field_of(exc.message))


def _parse_slowly(raw: bytes, path: Path, number: int, problems: ProblemCollector) -> object:
    """Parse a line orjson refused: blank lines, bad encoding, bad or truncated JSON."""
    text = decode_line(raw, path, number)
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = not text.endswith("\n")
        hint = Message.of(N_(" (the file looks truncated)")) if truncated else ""
        problems.add(N_("not valid JSON: {error}{hint}"), line=number, error=exc.msg, hint=hint)
        return None


def _field_of(message: str) -> str | None:
    for key in ("marking", "releasability", "grading", "collected"):
        if key in message:
            return key
    return None


@lru_cache(maxsize=1024)
def _marking(text: str, releasability: tuple[str, ...]) -> Marking:
    return Marking.parse(text, releasability)


@lru_cache(maxsize=1024)
def _grading(text: str) -> Grading:
    return Grading.parse(text)


@lru_cache(maxsize=4096)
def _collected(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidData(N_("collected date {text!r} is not an ISO date"), text=text) from None


def _source_entity(data: dict[str, object], where: str) -> SourceEntity:
    marking: Marking | None = None
    if "marking" in data or "releasability" in data:
        rel = data.get("releasability") or []
        if not isinstance(rel, list):
            raise InvalidData(N_("releasability must be a list of recipients"))
        marking = _marking(str(data.get("marking") or "AMBER"), tuple(str(r) for r in rel))
    grading = _grading(str(data["grading"])) if data.get("grading") else None
    collected = _collected(str(data["collected"])) if data.get("collected") else None
    return SourceEntity(
        data=data, source_record=where, marking=marking, grading=grading, collected=collected
    )
