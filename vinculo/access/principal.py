"""Who is asking: every read and write is done on behalf of a principal."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    EXTRADITION_OFFICER = "extradition_officer"
    AGENCY_ADMIN = "agency_admin"
    AUDITOR = "auditor"
    SYSTEM_ADMIN = "system_admin"


@dataclass(frozen=True)
class Principal:
    """A user of an agency of a country, or the local system principal.

    The system principal (``is_system``) is what a CLI command acts as when
    run on the server without ``--as``: it sees everything and is audited as
    ``system``.
    """

    username: str
    agency: str | None
    country: str | None
    roles: frozenset[Role] = field(default_factory=frozenset)
    user_id: int | None = None
    agency_id: int | None = None
    is_system: bool = False
    locale: str = "en"

    @classmethod
    def system(cls) -> Principal:
        return cls(
            username="system", agency=None, country=None, roles=frozenset(Role), is_system=True
        )

    def has(self, role: Role) -> bool:
        return self.is_system or role in self.roles

    @property
    def recipients(self) -> frozenset[str]:
        """The releasability tokens that name this principal."""
        out = {f"user:{self.username}"}
        if self.agency:
            out.add(f"agency:{self.agency}")
        if self.country:
            out.add(f"country:{self.country}")
        return frozenset(out)
