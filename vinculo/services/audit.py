"""Recording and reading the audit trail on behalf of a principal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from vinculo.access.principal import Principal, Role
from vinculo.exc import PermissionDenied
from vinculo.i18n import N_
from vinculo.store import Store, reader
from vinculo.store import audit as audit_store
from vinculo.store.audit import AuditRecord
from vinculo.store.store import utcnow


def record(
    store: Store,
    principal: Principal,
    action: str,
    *,
    target: str | None = None,
    entity_ids: Sequence[str] = (),
    detail: dict[str, Any] | None = None,
    remote: str | None = None,
    outcome: str = "ok",
) -> int:
    return audit_store.append(
        store,
        username=principal.username,
        agency=principal.agency,
        action=action,
        target=target,
        entity_ids=entity_ids,
        detail=detail,
        remote=remote,
        outcome=outcome,
    )


VIEW_ACTIONS = (
    "entity.view",
    "graph.view",
    "export",
    "search",
    "screen",
    "review.view",
    "report",
    "timeline.view",
)


def _auditor_scope(principal: Principal) -> list[str] | None:
    """Which agencies' records the principal may read: None means all."""
    if principal.is_system or principal.has(Role.SYSTEM_ADMIN):
        return None
    if principal.has(Role.AUDITOR) or principal.has(Role.AGENCY_ADMIN):
        return [principal.agency] if principal.agency else []
    raise PermissionDenied(N_("only auditors and administrators read the audit trail"))


def read(
    store: Store,
    principal: Principal,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    actions: Sequence[str] = (),
    username: str | None = None,
    entity_id: str | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> Iterator[AuditRecord]:
    scope = _auditor_scope(principal)
    return audit_store.records(
        store,
        since=since,
        until=until,
        actions=actions,
        username=username,
        agencies=scope,
        entity_id=entity_id,
        limit=limit,
        newest_first=newest_first,
    )


def who_viewed(
    store: Store, principal: Principal, entity_id: str, since: datetime | None = None
) -> list[AuditRecord]:
    """Views of an entity by anyone, for an auditor who may see the entity itself.

    An auditor's general reading is limited to their agency's users; for an
    entity the auditor may see, the question "who looked at it" is answered
    across agencies, since a leak can come from any of them.
    """
    _auditor_scope(principal)
    reader.get_entity(store, principal, entity_id)  # NotFound unless visible
    out = list(audit_store.records(store, since=since, actions=VIEW_ACTIONS, entity_id=entity_id))
    record(
        store,
        principal,
        "audit.who_viewed",
        target=entity_id,
        detail={"since": since.isoformat() if since else None, "found": len(out)},
    )
    return out


def verify(store: Store, principal: Principal) -> list[str]:
    _auditor_scope(principal)
    problems = audit_store.verify_chain(store)
    record(
        store,
        principal,
        "audit.verify",
        detail={"problems": len(problems)},
        outcome="ok" if not problems else "failed",
    )
    return problems


def apply_retention(store: Store, principal: Principal) -> int:
    if not principal.has(Role.SYSTEM_ADMIN):
        raise PermissionDenied("only a system administrator applies the audit retention")
    days = store.settings.int("audit_retention_days")
    removed = audit_store.prune(store, utcnow() - timedelta(days=days))
    record(store, principal, "audit.retention", detail={"days": days, "removed": removed})
    return removed
