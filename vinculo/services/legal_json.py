"""The JSON shapes of legal objects, shared by the CLI, the pages' .json twins and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from vinculo.legal.deadline import Deadline
from vinculo.legal.indictment import IndictmentVersion, VersionDiff
from vinculo.legal.request import ExtraditionRequest
from vinculo.legal.timeline import TimelineEvent
from vinculo.model.entity import Entity
from vinculo.services.legal_cases import CasePage


def request_json(r: ExtraditionRequest) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "person": r.person,
        "requesting": r.requesting,
        "requested": r.requested,
        "state": r.state.value,
        "closed": r.closed,
        "cases": list(r.cases),
        "diplomatic_notes": list(r.diplomatic_notes),
        "history": [
            {
                "state": t.state.value,
                "on": t.on.isoformat() if t.on else None,
                "by": t.by,
                "document": t.document,
                "note": t.note,
                "previous": t.previous.value if t.previous else None,
            }
            for t in r.history
        ],
    }


def deadline_json(d: Deadline, as_of: date | None = None) -> dict[str, Any]:
    data: dict[str, Any] = d.record()
    data["start"] = d.start.isoformat()
    data["action"] = d.rule.action
    data["sources"] = list(d.rule.sources)
    data["on_expiry"] = d.rule.on_expiry.value if d.rule.on_expiry else None
    if as_of is not None:
        data["days_left"] = d.days_left(as_of)
    return data


def version_json(v: IndictmentVersion) -> dict[str, Any]:
    return {
        "label": v.label,
        "kind": v.kind,
        "filed": v.filed,
        "sealed": v.sealed,
        "unsealed": v.unsealed,
        "count_total": v.total,
        "defendants": list(v.defendants),
        "note": v.note,
        "sources": list(v.sources),
        "counts": [
            {
                "number": c.number,
                "description": c.description,
                "statutes": list(c.statutes),
                "defendants": list(c.defendants),
                "derived_from": list(c.derived_from) if c.derived_from is not None else None,
            }
            for c in v.counts
        ],
    }


def diff_json(d: VersionDiff) -> dict[str, Any]:
    return {
        "old": d.old,
        "new": d.new,
        "added_defendants": list(d.added_defendants),
        "removed_defendants": list(d.removed_defendants),
        "added_counts": list(d.added_counts),
        "dropped_counts": list(d.dropped_counts),
        "unknown_origin": list(d.unknown_origin),
        "not_listed": list(d.not_listed),
        "changed_counts": [
            {"old": c.old, "new": c.new, "fields": list(c.fields)} for c in d.changed_counts
        ],
        "mapping": {k: list(v) for k, v in d.mapping.items()},
    }


def summary_json(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "schema": e.schema, "caption": e.caption}


def case_json(page: CasePage) -> dict[str, Any]:
    c = page.case
    return {
        "id": c.id,
        "title": c.title,
        "court": {"country": c.court.country, "name": c.court.name, "district": c.court.district},
        "case_number": c.case_number,
        "versions": [version_json(v) for v in c.versions],
        "diffs": [diff_json(d) for d in page.diffs],
        "defendants": [summary_json(e) for e in page.defendants],
        "designations": [
            {**summary_json(e), "properties": e.properties} for e in page.designations
        ],
        "extradition_requests": [summary_json(e) for e in page.requests],
    }


def event_json(e: TimelineEvent) -> dict[str, Any]:
    return {
        "date": e.date,
        "kind": e.kind.value,
        "label": e.label,
        "place": e.place,
        "ref": e.ref,
        "subjects": list(e.subjects),
    }
