"""Network REST API: the chart, measures, disruption curves, targets and exports.

Every route builds the network the caller may see (``vinculo.services.network``), within the
scope given by the query (``org``, ``entity`` + ``hops``, ``dataset``, ``type``, ``since``,
``until``, ``min_grading``). ``POST /api/network/disrupt/edgelist`` runs a simulation on an
uploaded edge list or matrix, like ``vinculo network disrupt`` does on a file.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from vinculo.exc import InvalidData
from vinculo.graph import disrupt as disruption
from vinculo.graph import load
from vinculo.i18n import N_
from vinculo.services import network as service
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller, require_caller

router = APIRouter(prefix="/api/network", tags=["network"])

MEDIA = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cytoscape": "application/json",
}


async def reader(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("read")
    return caller


Reader = Annotated[Caller, Depends(reader)]


def scope_of(
    org: str | None = None,
    entity: str | None = None,
    hops: int = 2,
    dataset: str | None = None,
    type: Annotated[list[str] | None, Query()] = None,
    since: date | None = None,
    until: date | None = None,
    min_grading: str | None = None,
) -> service.Scope:
    return service.Scope(
        org=org,
        entity=entity,
        hops=hops,
        dataset=dataset,
        types=tuple(type or ()),
        start=since,
        end=until,
        min_grading=min_grading,
    )


ScopeQuery = Annotated[service.Scope, Depends(scope_of)]


def options_of(
    strategy: str = "betweenness",
    mode: str = "sequential",
    steps: int = Query(20, ge=1, le=1000),
    block_size: int = Query(5, ge=1, le=1000),
    weighted: bool = False,
    distance: str = "inverse",
    sample: int = Query(0, ge=0),
    seed: int = 0,
    runs: int = Query(30, ge=1, le=500),
    recovery: str | None = None,
    recovery_p: float = Query(0.5, ge=0, le=1),
) -> disruption.Options:
    if distance not in ("inverse", "raw"):
        raise InvalidData.at(
            N_("unknown distance {distance!r}"), field="distance", distance=distance
        )
    if recovery not in (None, "", "triadic", "broker"):
        raise InvalidData.at(
            N_("unknown recovery model {recovery!r}"), field="recovery", recovery=recovery
        )
    return disruption.Options(
        strategy=strategy,  # type: ignore[arg-type]  # checked by Options.check
        mode=mode,  # type: ignore[arg-type]
        steps=steps,
        block_size=block_size,
        weighted=weighted,
        distance=distance,  # type: ignore[arg-type]
        sample=sample,
        seed=seed,
        runs=runs,
        recovery=disruption.Recovery(recovery, recovery_p) if recovery else None,  # type: ignore[arg-type]
    )


OptionsQuery = Annotated[disruption.Options, Depends(options_of)]


@router.get("/graph")
def graph(request: Request, caller: Reader, scope: ScopeQuery) -> dict[str, Any]:
    """Cytoscape.js elements, each node with degree, betweenness, PageRank and community."""
    view = service.build(store_of(request), caller.principal, scope, remote=client_ip(request))
    return {"scope": scope.describe(), **service.chart(view)}


@router.get("/metrics")
def metrics(
    request: Request, caller: Reader, scope: ScopeQuery, weighted: bool = False, sample: int = 0
) -> dict[str, Any]:
    view = service.build(store_of(request), caller.principal, scope, remote=client_ip(request))
    return service.measure(view, weighted=weighted, sample=sample)


@router.get("/disrupt")
def disrupt(
    request: Request, caller: Reader, scope: ScopeQuery, options: OptionsQuery
) -> dict[str, Any]:
    view = service.build(store_of(request), caller.principal, scope, remote=client_ip(request))
    return service.simulate(view, options)


@router.get("/targets")
def targets(
    request: Request,
    caller: Reader,
    scope: ScopeQuery,
    limit: int = Query(10, ge=1, le=200),
    weighted: bool = False,
) -> dict[str, Any]:
    view = service.build(store_of(request), caller.principal, scope, remote=client_ip(request))
    return {"targets": service.rank(view, limit=limit, weighted=weighted)}


@router.get("/export")
def export(
    request: Request, caller: Reader, scope: ScopeQuery, format: str = "graphml"
) -> Response:
    if format not in MEDIA:
        raise InvalidData.at(N_("unknown export format {format!r}"), field="format", format=format)
    view = service.build(
        store_of(request), caller.principal, scope, remote=client_ip(request), action="export"
    )
    text = service.export_text(view, format)  # type: ignore[arg-type]
    suffix = "json" if format == "cytoscape" else format
    headers = {"Content-Disposition": f'attachment; filename="network.{suffix}"'}
    return Response(text, media_type=MEDIA[format], headers=headers)


class EdgeList(BaseModel):
    text: str = Field(min_length=1, max_length=20_000_000)
    format: str = "auto"


@router.post("/disrupt/edgelist")
def disrupt_edgelist(body: EdgeList, caller: Reader, options: OptionsQuery) -> dict[str, Any]:
    """Disruption on an uploaded edge list or adjacency matrix (no stored facts are read)."""
    if body.format not in ("auto", "edgelist", "matrix"):
        raise InvalidData.at(N_("unknown format {format!r}"), field="format", format=body.format)
    graph = load.parse_network(body.text, name="upload", fmt=body.format)  # type: ignore[arg-type]
    return disruption.disrupt(graph, options).to_dict()
