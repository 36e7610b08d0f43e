"""Search and entity pages (each with a .json twin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from vinculo.access.principal import Principal
from vinculo.model.entity import Entity
from vinculo.model.statement import Statement
from vinculo.services import entities as entity_service
from vinculo.services.hits import Hit, Line
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import require_principal
from vinculo.web.panels import entity_panels
from vinculo.web.render import json_path, render

router = APIRouter(tags=["pages"])


def statement_json(s: Statement) -> dict[str, Any]:
    return {
        "id": s.id,
        "prop": s.prop,
        "value": s.value,
        "prop_type": s.prop_type,
        "dataset": s.dataset,
        "agency": s.agency,
        "source_record": s.source_record,
        "marking": {"tlp": s.marking.tlp.value, "releasable_to": sorted(s.marking.releasable_to)},
        "grading": {"reliability": s.grading.reliability, "credibility": s.grading.credibility},
        "collected": s.collected.isoformat() if s.collected else None,
        "first_seen": s.first_seen.isoformat() if s.first_seen else None,
        "retracted": s.retracted,
        "original_value": s.original_value,
    }


def entity_summary(e: Line) -> dict[str, Any]:
    return {"id": e.id, "schema": e.schema, "caption": e.caption, "agencies": e.agencies}


def entity_json(e: Entity) -> dict[str, Any]:
    data = e.to_ftm()
    data["caption"] = e.caption
    data["agencies"] = e.agencies
    data["statements"] = [statement_json(s) for s in e.statements if s.prop != "id"]
    return data


@router.get("/search", name="search_page")
@router.get("/search.json", name="search_json")
def search_page(
    request: Request,
    principal: Annotated[Principal, Depends(require_principal)],
    q: Annotated[str, Query(max_length=200)] = "",
    schema: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Search names, identifiers, phones and e-mails of what you may see."""
    results: list[Hit] = []
    if q.strip():
        results = entity_service.search(
            store_of(request),
            principal,
            q,
            limit=limit,
            schemata=[schema] if schema else None,
            remote=client_ip(request),
        )
    data = {"query": q, "results": [entity_summary(e) for e in results]}
    return render(
        request, "search.html", {"q": q, "results": results, "json_url": json_path(request)}, data
    )


@router.get("/entity/{entity_id}", name="entity_page")
@router.get("/entity/{entity_id}.json", name="entity_json")  # registered first: it must win
def entity_page(
    request: Request, entity_id: str, principal: Annotated[Principal, Depends(require_principal)]
) -> Response:
    """One entity: every visible statement with its source, agency, grading and marking."""
    page = entity_service.show(store_of(request), principal, entity_id, remote=client_ip(request))
    data = entity_json(page.entity)
    data["referenced"] = [entity_summary(e) for e in page.referenced]
    data["referencing"] = [entity_summary(e) for e in page.referencing]
    panels = entity_panels(request, principal, page.entity)
    data.update({p.key: p.data for p in panels if p.key and p.data})
    statements = sorted(
        (s for s in page.entity.statements if s.prop != "id"),
        key=lambda s: (s.prop, s.value, s.agency),
    )
    return render(
        request,
        "entity.html",
        {
            "entity": page.entity,
            "statements": statements,
            "referenced": page.referenced,
            "referencing": page.referencing,
            "json_url": f"/entity/{entity_id}.json",
            "panels": panels,
        },
        data,
    )
