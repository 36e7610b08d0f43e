"""Identity resolution over the API: the review queue, pairs, judgements, undo, xref."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from vinculo.services import resolution
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller, require_caller

router = APIRouter(prefix="/api", tags=["api"])


async def reader(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("read")
    return caller


async def writer(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("write")
    return caller


@router.get("/review")
def api_queue(
    request: Request,
    caller: Annotated[Caller, Depends(reader)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Candidate pairs waiting for a judgement, among the entities you may see."""
    items = resolution.queue(store_of(request), caller.principal, limit=limit)
    return {"results": [resolution.candidate_dict(c) for c in items]}


@router.get("/review/pair")
def api_pair(
    request: Request,
    caller: Annotated[Caller, Depends(reader)],
    left: Annotated[str, Query(min_length=1, max_length=255)],
    right: Annotated[str, Query(min_length=1, max_length=255)],
) -> dict[str, Any]:
    """Both entities, the score and its explanation, and the pair's judgements."""
    view = resolution.pair(
        store_of(request), caller.principal, left, right, remote=client_ip(request)
    )
    return view.as_dict()


class JudgeIn(BaseModel):
    left: str = Field(min_length=1, max_length=255)
    right: str = Field(min_length=1, max_length=255)
    judgement: str = Field(pattern="^(same|different|unsure)$")
    reason: str | None = Field(default=None, max_length=2000)


@router.post("/review/judge")
def api_judge(
    request: Request, body: JudgeIn, caller: Annotated[Caller, Depends(writer)]
) -> dict[str, Any]:
    edge = resolution.judge(
        store_of(request),
        caller.principal,
        body.left,
        body.right,
        body.judgement,
        reason=body.reason,
        remote=client_ip(request),
    )
    return resolution.edge_dict(edge)


class UndoIn(BaseModel):
    edge_id: int
    reason: str | None = Field(default=None, max_length=2000)


@router.post("/review/undo")
def api_undo(
    request: Request, body: UndoIn, caller: Annotated[Caller, Depends(writer)]
) -> dict[str, Any]:
    edge = resolution.undo(
        store_of(request),
        caller.principal,
        body.edge_id,
        reason=body.reason,
        remote=client_ip(request),
    )
    return resolution.edge_dict(edge)


@router.get("/entities/{entity_id}/merged")
def api_merged(
    request: Request, entity_id: str, caller: Annotated[Caller, Depends(reader)]
) -> dict[str, Any]:
    """The canonical entity you see for this entity, with its referents and judgements."""
    store = store_of(request)
    return {
        "entity": resolution.merged(store, caller.principal, entity_id),
        "judgements": [
            resolution.edge_dict(e)
            for e in resolution.judgements_of(store, caller.principal, entity_id)
        ],
    }


@router.post("/xref")
def api_xref(request: Request, caller: Annotated[Caller, Depends(writer)]) -> dict[str, Any]:
    """Run xref (administrators): link the sure pairs, queue the others."""
    caller.require_scope("admin")
    result = resolution.run_xref(store_of(request), caller.principal, remote=client_ip(request))
    return dict(result.__dict__)
