"""Legal objects as FtM entities, and back.

The store keeps facts as statements only, so that markings, provenance and
audit apply to indictments and extradition requests exactly as to any other
fact. This module is the pure mapping between the domain objects of
`vinculo.legal` and entity dicts / `vinculo.model.entity.Entity` (schemata
``ExtraditionRequest``, ``ExtraditionStage``, ``Indictment``,
``IndictmentCount`` in ``vinculo/model/schema/``; FtM's ``CourtCase``,
``Event`` and ``Sanction``). Reading back does not re-validate the stage
sequence: what was recorded is shown as recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from vinculo.legal.dates import parse_date
from vinculo.legal.example import Designation
from vinculo.legal.indictment import (
    VERSION_KINDS,
    Count,
    Court,
    CriminalCase,
    IndictmentVersion,
    VersionKind,
)
from vinculo.legal.request import ExtraditionRequest, Transition
from vinculo.legal.state import Country, parse_country, parse_state
from vinculo.legal.timeline import TimelineEvent
from vinculo.model.entity import Entity

FtM = dict[str, Any]


def _props(**values: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in values.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        cleaned = [str(v) for v in items if v is not None and str(v) != ""]
        if cleaned:
            out[key] = cleaned
    return out


def request_entity(req: ExtraditionRequest) -> FtM:
    return {
        "id": req.id,
        "schema": "ExtraditionRequest",
        "properties": _props(
            name=req.title or f"{req.requesting} → {req.requested}: {req.person}",
            person=req.person,
            requestingCountry=req.requesting.lower(),
            requestedCountry=req.requested.lower(),
            case=list(req.cases),
            diplomaticNote=list(req.diplomatic_notes),
            startDate=req.history[0].on.isoformat() if req.history[0].on else None,
        ),
    }


def stage_id(request_id: str, sequence: int) -> str:
    return f"{request_id}-s{sequence:03d}"


def stage_entity(request_id: str, sequence: int, step: Transition, entity_id: str) -> FtM:
    return {
        "id": entity_id,
        "schema": "ExtraditionStage",
        "properties": _props(
            request=request_id,
            stage=step.state.value,
            previousStage=step.previous.value if step.previous else None,
            sequence=sequence,
            date=step.on.isoformat() if step.on else None,
            document=step.document,
            recordedBy=step.by,
            recordedAt=step.recorded_at.replace(microsecond=0, tzinfo=None).isoformat()
            if step.recorded_at
            else None,
            summary=step.note,
        ),
    }


def _first(entity: Entity, prop: str) -> str | None:
    values = entity.get(prop)
    return values[0] if values else None


def _date(text: str | None) -> date | None:
    return parse_date(text[:10]) if text and len(text) >= 10 else None


def _country(entity: Entity, prop: str) -> Country:
    return parse_country(_first(entity, prop) or "", field=prop)


def _seq(entity: Entity) -> float:
    try:
        return float(_first(entity, "sequence") or 0)
    except ValueError:
        return 0.0


def request_from_entities(req: Entity, stages: Iterable[Entity]) -> ExtraditionRequest:
    """The request as the principal sees it (stages in recorded order)."""
    ordered = sorted(stages, key=lambda s: (_seq(s), _first(s, "recordedAt") or "", s.id))
    history = []
    for s in ordered:
        previous = _first(s, "previousStage")
        recorded = _first(s, "recordedAt")
        history.append(
            Transition(
                state=parse_state(_first(s, "stage") or ""),
                on=_date(_first(s, "date")),
                by=_first(s, "recordedBy") or "",
                previous=parse_state(previous) if previous else None,
                document=_first(s, "document"),
                note=_first(s, "summary"),
                recorded_at=datetime.fromisoformat(recorded) if recorded else None,
            )
        )
    return ExtraditionRequest(
        id=req.id,
        person=_first(req, "person") or "",
        requesting=_country(req, "requestingCountry"),
        requested=_country(req, "requestedCountry"),
        history=tuple(history),
        cases=tuple(req.get("case")),
        diplomatic_notes=tuple(req.get("diplomaticNote")),
        title=_first(req, "name"),
    )


def version_id(case_id: str, sequence: int) -> str:
    return f"{case_id}-v{sequence:02d}"


def case_entity(case: CriminalCase) -> FtM:
    return {
        "id": case.id,
        "schema": "CourtCase",
        "properties": _props(
            name=case.title or f"{case.court.label} {case.case_number}".strip(),
            caseNumber=case.case_number or None,
            court=case.court.name,
            country=case.court.country.lower(),
            category=case.court.district,
            type="criminal",
        ),
    }


def version_entities(case_id: str, sequence: int, v: IndictmentVersion) -> list[FtM]:
    vid = version_id(case_id, sequence)
    out: list[FtM] = [
        {
            "id": vid,
            "schema": "Indictment",
            "properties": _props(
                name=v.label,
                case=case_id,
                kind=v.kind,
                sequence=sequence,
                fileDate=v.filed,
                sealed="true" if v.sealed else "false",
                unsealedDate=v.unsealed,
                countTotal=v.count_total,
                defendant=list(v.defendants),
                description=v.note,
                sourceUrl=[s for s in v.sources if s.startswith("http")],
            ),
        }
    ]
    for c in v.counts:
        out.append(
            {
                "id": f"{vid}-c{c.number}",
                "schema": "IndictmentCount",
                "properties": _props(
                    indictment=vid,
                    number=c.number,
                    statute=list(c.statutes),
                    description=c.description,
                    defendant=list(c.defendants),
                    derivedFrom=list(c.derived_from or ()),
                    isNew="true" if c.derived_from == () else None,
                    summary=c.note,
                ),
            }
        )
    return out


def _count_key(entity: Entity) -> tuple[int, str]:
    number = _first(entity, "number") or ""
    return (int(number), "") if number.isdigit() else (10**9, number)


def version_from_entities(v: Entity, counts: Iterable[Entity]) -> IndictmentVersion:
    kind = _first(v, "kind") or "original"
    total = _first(v, "countTotal")
    built = []
    for c in sorted(counts, key=_count_key):
        derived = tuple(c.get("derivedFrom"))
        built.append(
            Count(
                number=_first(c, "number") or "",
                description=_first(c, "description") or "",
                statutes=tuple(c.get("statute")),
                defendants=tuple(c.get("defendant")),
                derived_from=derived if derived else (() if _first(c, "isNew") else None),
                note=_first(c, "summary"),
            )
        )
    return IndictmentVersion(
        label=_first(v, "name") or v.id,
        kind=kind if kind in VERSION_KINDS else "original",
        filed=_first(v, "fileDate"),
        counts=tuple(built),
        defendants=tuple(v.get("defendant")),
        sealed=_first(v, "sealed") == "true",
        unsealed=_first(v, "unsealedDate"),
        count_total=int(float(total)) if total else None,
        sources=tuple(v.get("sourceUrl")),
        note=_first(v, "description"),
    )


def case_from_entities(
    case: Entity, versions: Iterable[Entity], counts: dict[str, list[Entity]]
) -> CriminalCase:
    """The case with the versions the principal may see, in filing order."""
    ordered = sorted(versions, key=lambda v: (_seq(v), v.id))
    return CriminalCase(
        id=case.id,
        court=Court(
            country=_country(case, "country"),
            name=_first(case, "court") or "",
            district=_first(case, "category"),
        ),
        case_number=_first(case, "caseNumber") or "",
        versions=tuple(version_from_entities(v, counts.get(v.id, [])) for v in ordered),
        title=_first(case, "name"),
    )


def event_entity(event: TimelineEvent, entity_id: str) -> FtM:
    return {
        "id": entity_id,
        "schema": "Event",
        "properties": _props(
            name=event.label,
            date=event.date,
            involved=list(event.subjects),
            location=event.place,
            keywords=event.kind.value,
            sourceUrl=[s for s in event.sources if s.startswith("http")],
        ),
    }


def designation_entity(d: Designation) -> FtM:
    return {
        "id": d.id,
        "schema": "Sanction",
        "properties": _props(
            entity=d.entity,
            authority=d.authority,
            authorityId=d.ent_num,
            program=d.program,
            programId=d.program,
            listingDate=d.date,
            summary=f"{d.list}: {d.listed_name}" + (f"; {d.remarks}" if d.remarks else ""),
            description=d.note,
        ),
    }


__all__ = [
    "VERSION_KINDS",
    "VersionKind",
    "case_entity",
    "case_from_entities",
    "designation_entity",
    "event_entity",
    "request_entity",
    "request_from_entities",
    "stage_entity",
    "stage_id",
    "version_entities",
    "version_from_entities",
    "version_id",
]
