"""Network pages: the link chart, the disruption curves and the ranked targets.

Each page has its ``.json`` twin; the chart's data travels in a JSON script block and the
Cytoscape.js code in ``static/network/chart.js`` (no inline script: the CSP forbids it). With
no scope in the query, the pages show the organization with the most visible members.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from vinculo.access.principal import Principal
from vinculo.graph import disrupt as disruption
from vinculo.graph import render as curves
from vinculo.graph.build import EDGE_TYPES
from vinculo.i18n import N_
from vinculo.services import network as service
from vinculo.web.api.network import scope_of
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import require_principal
from vinculo.web.nav import NavItem, add_nav
from vinculo.web.render import json_path, render

router = APIRouter(tags=["pages"])
add_nav(NavItem("/network", N_("Network")))

Auth = Annotated[Principal, Depends(require_principal)]
ScopeQuery = Annotated[service.Scope, Depends(scope_of)]
COMPARED = ("betweenness", "degree", "collective_influence", "random")
TYPE_NAMES = {
    "call": N_("call"),
    "meeting": N_("meeting"),
    "payment": N_("payment"),
    "membership": N_("membership"),
    "family": N_("family"),
    "associate": N_("associate"),
    "ownership": N_("ownership"),
    "co_defendant": N_("co-defendant"),
    "shared_phone": N_("shared phone"),
    "shared_vehicle": N_("shared vehicle"),
    "shared_address": N_("shared address"),
    "shared_account": N_("shared account"),
}


def _scoped(
    request: Request, principal: Principal, scope: service.Scope
) -> tuple[service.NetworkView, list[dict[str, Any]]]:
    """The view for ``scope`` and the organizations to choose from; with no scope at all, the
    organization with the most visible members."""
    store = store_of(request)
    orgs = service.organization_list(store, principal)
    if not (scope.org or scope.entity or scope.dataset) and orgs:
        scope = service.Scope(**{**scope.__dict__, "org": orgs[0]["id"]})
    return service.build(store, principal, scope, remote=client_ip(request)), orgs


def _query(scope: service.Scope) -> str:
    parts = [f"{k}={v}" for k, v in scope.describe().items() if v and k not in ("types", "hops")]
    parts += [f"type={t}" for t in scope.types]
    parts.append(f"hops={scope.hops}")
    return "&".join(parts)


@router.get("/network", name="network_page")
@router.get("/network.json", name="network_json")
def network_page(request: Request, principal: Auth, scope: ScopeQuery) -> Response:
    """The interactive link chart."""
    view, orgs = _scoped(request, principal, scope)
    chart = service.chart(view)
    data = {"scope": view.scope.describe(), **chart}
    context: dict[str, Any] = {
        "chart_json": json.dumps(chart, ensure_ascii=False).replace("</", "<\\/"),
        "scope": view.scope,
        "query": _query(view.scope),
        "nodes": view.graph.number_of_nodes(),
        "edges": view.graph.number_of_edges(),
        "orgs": orgs,
        "types": [(t, TYPE_NAMES[t]) for t in EDGE_TYPES],
        "json_url": json_path(request),
    }
    return render(request, "network/chart.html", context, data)


@router.get("/network/disrupt", name="network_disrupt")
@router.get("/network/disrupt.json", name="network_disrupt_json")
def disrupt_page(
    request: Request,
    principal: Auth,
    scope: ScopeQuery,
    mode: Literal["sequential", "block"] = "sequential",
    steps: int = Query(20, ge=1, le=500),
    block_size: int = Query(5, ge=1, le=100),
) -> Response:
    """Disruption curves of several strategies on the same network."""
    view, orgs = _scoped(request, principal, scope)
    empty = view.graph.number_of_nodes() == 0 or view.graph.number_of_edges() == 0
    results = (
        []
        if empty
        else [
            disruption.disrupt(
                view.graph,
                disruption.Options(
                    strategy=s,  # type: ignore[arg-type]
                    mode=mode,
                    steps=steps,
                    block_size=block_size,
                    runs=10,
                ),
            )
            for s in COMPARED
        ]
    )
    data = {"scope": view.scope.describe(), "results": [r.to_dict() for r in results]}
    context = {
        "svg": curves.to_svg(results) if results else "",
        "orgs": orgs,
        "results": results,
        "scope": view.scope,
        "query": _query(view.scope),
        "mode": mode,
        "steps": steps,
        "block_size": block_size,
        "json_url": json_path(request),
    }
    return render(request, "network/disrupt.html", context, data)


@router.get("/network/targets", name="network_targets")
@router.get("/network/targets.json", name="network_targets_json")
def targets_page(
    request: Request, principal: Auth, scope: ScopeQuery, limit: int = Query(10, ge=1, le=100)
) -> Response:
    """Ranked targets with reasons, what is known, and violence risk."""
    view, orgs = _scoped(request, principal, scope)
    ranked = service.rank(view, limit=limit)
    data = {"scope": view.scope.describe(), "targets": ranked}
    context = {
        "targets": ranked,
        "scope": view.scope,
        "query": _query(view.scope),
        "citations": service.citations(),
        "orgs": orgs,
        "json_url": json_path(request),
    }
    return render(request, "network/targets.html", context, data)
