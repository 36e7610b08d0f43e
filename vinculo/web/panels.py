"""Panels that capabilities add to the entity page, without editing its template.

A provider gets the request, the principal and the entity (as that principal
sees it) and returns a `Panel` (a template under ``templates/panels/`` and its
context) or None. Providers read only through services, so markings hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from vinculo.access.principal import Principal
from vinculo.model.entity import Entity


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # what the JSON twin carries
    key: str = ""


PanelProvider = Callable[[Request, Principal, Entity], Panel | None]

ENTITY_PANELS: list[PanelProvider] = []


def add_entity_panel(provider: PanelProvider) -> PanelProvider:
    if provider not in ENTITY_PANELS:
        ENTITY_PANELS.append(provider)
    return provider


def entity_panels(request: Request, principal: Principal, entity: Entity) -> list[Panel]:
    return [p for p in (provider(request, principal, entity) for provider in ENTITY_PANELS) if p]
