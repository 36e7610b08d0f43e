"""The navigation bar: each capability adds its page here, with the role it needs."""

from __future__ import annotations

from dataclasses import dataclass

from vinculo.access.principal import Principal, Role
from vinculo.i18n import N_, gettext


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # message id, translated at render time
    roles: frozenset[Role] = frozenset()  # empty: every logged-in user

    @property
    def title(self) -> str:
        return gettext(self.label)


NAV: list[NavItem] = [
    NavItem("/search", N_("Search")),
    NavItem("/admin", N_("Administration"), frozenset({Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN})),
    NavItem("/audit", N_("Audit"), frozenset({Role.AUDITOR, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN})),
]


def add_nav(item: NavItem, before: str | None = "/admin") -> None:
    """Register a page in the navigation (before the administrative pages by default)."""
    if any(i.path == item.path for i in NAV):
        return
    index = next((n for n, i in enumerate(NAV) if i.path == before), len(NAV))
    NAV.insert(index, item)


def visible_nav(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    return [i for i in NAV if not i.roles or any(principal.has(r) for r in i.roles)]
