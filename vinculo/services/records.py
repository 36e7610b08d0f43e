"""Criminal-intelligence records rules (28 CFR Part 23 style): review or purge.

Intelligence on a person may be kept only while it is reviewed and still meets
the rules for keeping it: each agency's holdings on an entity come due for
review ``review_years`` (default five) after they were first seen or last
reviewed. A due holding is either marked reviewed (which sets the next due
date) or purged by an administrator of the owning agency. A purge deletes the
statements and keeps a record of what was purged, by whom and why, never the
purged content itself; it is audited as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vinculo.access.principal import Principal, Role
from vinculo.exc import InvalidData, NotFound, PermissionDenied
from vinculo.i18n import N_
from vinculo.model.entity import Entity
from vinculo.services import audit
from vinculo.store import Store, reader
from vinculo.store import records as records_store
from vinculo.store.records import Holding, Purge
from vinculo.store.store import utcnow

REVIEWER_ROLES = (Role.ANALYST, Role.SUPERVISOR, Role.AGENCY_ADMIN)
MAX_REASON = 2000


@dataclass(frozen=True)
class DueItem:
    """A holding due for review, with the entity as the principal sees it."""

    holding: Holding
    entity: Entity | None  # None when nothing of it is visible any more (all retracted)
    agency: str

    @property
    def caption(self) -> str:
        return self.entity.caption if self.entity is not None else self.holding.entity_id


def review_years(store: Store) -> int:
    return store.settings.int("review_years")


def _agency_of(store: Store, principal: Principal, agency: str | None) -> tuple[int, str]:
    """The agency whose holdings are meant: one's own, or any for the system principal."""
    if principal.is_system:
        if not agency:
            raise InvalidData(N_("name the owning agency (--agency) when acting as the system"))
        found = store.agency(agency)
        return found.id, found.code
    if agency and agency.upper() != principal.agency:
        raise PermissionDenied(N_("you may only act on your own agency's records"))
    if principal.agency_id is None or principal.agency is None:
        raise PermissionDenied(N_("you may only act on your own agency's records"))
    return principal.agency_id, principal.agency


def due(
    store: Store,
    principal: Principal,
    *,
    as_of: date | None = None,
    agency: str | None = None,
    limit: int = 500,
    remote: str | None = None,
) -> list[DueItem]:
    """The agency's entities not reviewed within the review period, oldest first."""
    if not any(principal.has(r) for r in REVIEWER_ROLES):
        raise PermissionDenied(N_("only analysts, supervisors and administrators review records"))
    agency_id, code = _agency_of(store, principal, agency)
    day = as_of or utcnow().date()
    holdings = records_store.due_holdings(store, agency_id, day, review_years(store), limit)
    seen = {e.id: e for e in reader.get_entities(store, principal, [h.entity_id for h in holdings])}
    items = [DueItem(h, seen.get(h.entity_id), code) for h in holdings]
    audit.record(
        store,
        principal,
        "records.due",
        target=code,
        entity_ids=[i.holding.entity_id for i in items],
        detail={"as_of": day.isoformat(), "due": len(items)},
        remote=remote,
    )
    return items


def _owned_count(store: Store, principal: Principal, entity_id: str, agency: str | None) -> int:
    agency_id, _code = _agency_of(store, principal, agency)
    n = records_store.agency_statement_count(store, agency_id, entity_id)
    if n == 0:
        raise NotFound(N_("your agency holds nothing on this entity"))
    return n


def mark_reviewed(
    store: Store,
    principal: Principal,
    entity_id: str,
    *,
    agency: str | None = None,
    note: str = "",
    remote: str | None = None,
) -> date:
    """Record that the entity was reviewed and still meets the rules; returns the next due date."""
    if not any(principal.has(r) for r in REVIEWER_ROLES):
        raise PermissionDenied(N_("only analysts, supervisors and administrators review records"))
    _owned_count(store, principal, entity_id, agency)
    next_due = records_store.add_years(utcnow().date(), review_years(store))
    records_store.mark_reviewed(store, entity_id, principal.username, next_due)
    audit.record(
        store,
        principal,
        "records.review",
        target=entity_id,
        entity_ids=[entity_id],
        detail={"next_due": next_due.isoformat(), "note": note[:MAX_REASON]},
        remote=remote,
    )
    return next_due


def purge(
    store: Store,
    principal: Principal,
    entity_id: str,
    reason: str,
    *,
    agency: str | None = None,
    remote: str | None = None,
) -> Purge:
    """Delete the owning agency's statements of an entity (agency administrators only)."""
    if not principal.has(Role.AGENCY_ADMIN):
        raise PermissionDenied(N_("only an administrator of the owning agency purges records"))
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidData(N_("a purge needs a reason"))
    if len(reason) > MAX_REASON:
        raise InvalidData(N_("the reason is too long"))
    _owned_count(store, principal, entity_id, agency)
    _agency_id, code = _agency_of(store, principal, agency)
    done = records_store.purge(store, _agency_id, entity_id, principal.username, reason)
    audit.record(
        store,
        principal,
        "records.purge",
        target=entity_id,
        entity_ids=[entity_id],
        detail={"agency": code, "statements": done.statements, "reason": reason},
        remote=remote,
    )
    return done


def purges(store: Store, principal: Principal, limit: int = 200) -> list[Purge]:
    """Purges done by one's agency (all of them for the system principal)."""
    if principal.is_system or principal.has(Role.SYSTEM_ADMIN):
        return records_store.purges(store, None, limit)
    if not (principal.has(Role.AGENCY_ADMIN) or principal.has(Role.AUDITOR)):
        raise PermissionDenied(N_("only administrators and auditors read the purge record"))
    users = [u.username for u in store.users(principal.agency)] if principal.agency else []
    return records_store.purges(store, users, limit)
