"""Screening over the API: ``GET /api/screen?q=...`` and ``POST /api/match-pairs``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from vinculo.services import screening
from vinculo.web.api.core import reader
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/screen")
def api_screen(
    request: Request,
    caller: Annotated[Caller, Depends(reader)],
    q: Annotated[str, Query(min_length=1, max_length=200)],
    birth_date: Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}(-\d{2}){0,2}$")] = None,
    schema: Annotated[str, Query(max_length=32)] = "Person",
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
) -> dict[str, Any]:
    """Who is this? Ranked candidates with scores and explanations, among what you may see."""
    query = screening.parse_query({"name": q, "birth_date": birth_date, "schema": schema})
    [hits] = screening.screen(
        store_of(request),
        caller.principal,
        [query],
        top=top,
        min_score=min_score,
        remote=client_ip(request),
    )
    return {"query": query["properties"], "results": [h.to_dict() for h in hits]}


class PairsIn(BaseModel):
    pairs: list[dict[str, Any]]


@router.post("/match-pairs")
def api_match_pairs(body: PairsIn, caller: Annotated[Caller, Depends(reader)]) -> dict[str, Any]:
    """Score caller-supplied pairs ``{"id","a","b"}`` of FtM entities (nothing stored is read)."""
    lines = [json.dumps(p) for p in body.pairs[:10_000]]
    return {"results": list(screening.match_pairs(lines, source="body"))}
