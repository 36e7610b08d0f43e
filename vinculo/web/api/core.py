"""The REST API of the foundation: who am I, search, entities, statistics, export, tokens."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from vinculo.services import access
from vinculo.services import entities as entity_service
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller, require_caller
from vinculo.web.views.entities import entity_json, entity_summary

router = APIRouter(prefix="/api", tags=["api"])


async def reader(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("read")
    return caller


class Me(BaseModel):
    username: str
    agency: str | None
    country: str | None
    roles: list[str]
    locale: str


@router.get("/me")
def me(caller: Annotated[Caller, Depends(reader)]) -> Me:
    p = caller.principal
    return Me(
        username=p.username,
        agency=p.agency,
        country=p.country,
        roles=sorted(p.roles),
        locale=p.locale,
    )


@router.get("/search")
def api_search(
    request: Request,
    caller: Annotated[Caller, Depends(reader)],
    q: Annotated[str, Query(min_length=1, max_length=200)],
    schema: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    results = entity_service.search(
        store_of(request),
        caller.principal,
        q,
        limit=limit,
        schemata=[schema] if schema else None,
        remote=client_ip(request),
    )
    return {"query": q, "results": [entity_summary(e) for e in results]}


@router.get("/entities/{entity_id}")
def api_entity(
    request: Request, entity_id: str, caller: Annotated[Caller, Depends(reader)]
) -> dict[str, Any]:
    page = entity_service.show(
        store_of(request), caller.principal, entity_id, remote=client_ip(request)
    )
    data = entity_json(page.entity)
    data["referenced"] = [entity_summary(e) for e in page.referenced]
    data["referencing"] = [entity_summary(e) for e in page.referencing]
    return data


@router.get("/stats")
def api_stats(request: Request, caller: Annotated[Caller, Depends(reader)]) -> dict[str, Any]:
    return entity_service.stats(store_of(request), caller.principal)


@router.get("/export")
def api_export(
    request: Request,
    caller: Annotated[Caller, Depends(reader)],
    format: Literal["ftm", "csv"] = "ftm",
    unresolved: bool = False,
    schema: Annotated[list[str] | None, Query()] = None,
    dataset: Annotated[list[str] | None, Query()] = None,
) -> StreamingResponse:
    lines = entity_service.export_lines(
        store_of(request),
        caller.principal,
        format,
        unresolved=unresolved,
        schemata=schema,
        datasets=dataset,
        remote=client_ip(request),
    )
    media = "application/x-ndjson" if format == "ftm" else "text/csv"
    return StreamingResponse(lines, media_type=media)


class TokenRequest(BaseModel):
    label: str = Field(min_length=1, max_length=100)
    scopes: list[Literal["read", "write", "admin"]] = ["read"]
    days: int | None = Field(default=90, ge=1, le=3650)


class TokenCreated(BaseModel):
    token: str


@router.post("/tokens", status_code=201)
def api_create_token(
    request: Request, body: TokenRequest, caller: Annotated[Caller, Depends(require_caller)]
) -> TokenCreated:
    caller.require_scope("admin")
    token = access.create_token(
        store_of(request), caller.principal, body.label, tuple(body.scopes), body.days
    )
    return TokenCreated(token=token)


@router.get("/tokens")
def api_list_tokens(
    request: Request, caller: Annotated[Caller, Depends(reader)]
) -> list[dict[str, Any]]:
    if caller.principal.user_id is None:
        return []
    return store_of(request).tokens(caller.principal.user_id)


@router.delete("/tokens/{token_id}", status_code=204)
def api_revoke_token(
    request: Request, token_id: int, caller: Annotated[Caller, Depends(require_caller)]
) -> None:
    caller.require_scope("admin")
    access.revoke_token(store_of(request), caller.principal, token_id)
