"""The entity page's panels from the capabilities: identity, proceedings, network."""

from __future__ import annotations

from fastapi import APIRouter, Request

from vinculo.access.principal import Principal
from vinculo.model.entity import Entity
from vinculo.services import resolution
from vinculo.web.app_state import store_of
from vinculo.web.panels import Panel, add_entity_panel

router = APIRouter(include_in_schema=False)  # panels only; no routes of their own

PEOPLE_AND_GROUPS = {"Person", "Organization", "Company", "LegalEntity", "PublicBody"}


@add_entity_panel
def identity_panel(request: Request, principal: Principal, entity: Entity) -> Panel | None:
    """The canonical entity this record belongs to, and the analysts' judgements on it."""
    store = store_of(request)
    merged = resolution.merged(store, principal, entity.id)
    edges = resolution.judgements_of(store, principal, entity.id)
    judgements = [resolution.edge_dict(e) for e in edges]
    referents = [r for r in merged.get("referents", []) if r != entity.id]
    if not referents and not judgements:
        return None
    return Panel(
        "panels/identity.html",
        {"merged": merged, "referents": referents, "judgements": judgements},
        {"merged": merged, "judgements": judgements},
        key="identity",
    )


@add_entity_panel
def links_panel(request: Request, principal: Principal, entity: Entity) -> Panel | None:
    """Where else to look: the network around it, its legal timeline."""
    if entity.schema not in PEOPLE_AND_GROUPS:
        return None
    return Panel("panels/links.html", {"entity_id": entity.id}, key="links")
