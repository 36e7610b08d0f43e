"""Recording and reading the audit trail on behalf of a principal.

Reading is itself subject to the markings: an auditor reads the records of
their agency's users (a system administrator, everyone's), and "who viewed
this entity" across agencies for an entity they may see. Entity ids the reader
may not see are withheld from every record (`_redact`), and so are the target
and details of other agencies' records, except the entity the reader may see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from vinculo.access.principal import Principal, Role
from vinculo.exc import PermissionDenied
from vinculo.i18n import N_
from vinculo.store import Store, audit_append, reader
from vinculo.store import audit as audit_store
from vinculo.store.audit import AuditQuery, AuditRecord
from vinculo.store.store import utcnow

__all__ = [
    "VIEW_ACTIONS",
    "AuditQuery",
    "AuditRecord",
    "apply_retention",
    "checkpoint",
    "read",
    "record",
    "verify",
    "who_viewed",
]


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
    return audit_append.append(
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
    "records.due",
)


def _auditor_scope(principal: Principal) -> list[str] | None:
    """Which agencies' records the principal may read: None means all."""
    if principal.is_system or principal.has(Role.SYSTEM_ADMIN):
        return None
    if principal.has(Role.AUDITOR) or principal.has(Role.AGENCY_ADMIN):
        return [principal.agency] if principal.agency else []
    raise PermissionDenied(N_("only auditors and administrators read the audit trail"))


def _redact(
    store: Store, principal: Principal, records: Sequence[AuditRecord]
) -> list[AuditRecord]:
    """Withhold from ``records`` what the principal may not see (see the module docstring)."""
    if principal.is_system or not records:
        return list(records)
    ids = sorted(
        {i for r in records for i in r.entity_ids} | {r.target for r in records if r.target}
    )
    visible = {e.id for e in reader.get_entities(store, principal, ids)}
    # ids that name a stored entity the principal may not see (a target may be any text)
    hidden = {e.id for e in reader.get_entities(store, Principal.system(), ids)} - visible
    out: list[AuditRecord] = []
    for rec in records:
        own = principal.agency is not None and rec.agency == principal.agency
        kept_ids = tuple(i for i in rec.entity_ids if i in visible)
        target = rec.target
        if target is not None and (target in hidden or (not own and target not in visible)):
            target = None
        detail = rec.detail if own else {}
        if kept_ids == rec.entity_ids and target == rec.target and detail == rec.detail:
            out.append(rec)
            continue
        out.append(
            dataclasses.replace(
                rec, entity_ids=kept_ids, target=target, detail=detail, redacted=True
            )
        )
    return out


def _redacted_stream(
    store: Store, principal: Principal, records: Iterable[AuditRecord], batch: int = 500
) -> Iterator[AuditRecord]:
    chunk: list[AuditRecord] = []
    for rec in records:
        chunk.append(rec)
        if len(chunk) >= batch:
            yield from _redact(store, principal, chunk)
            chunk = []
    yield from _redact(store, principal, chunk)


def read(
    store: Store, principal: Principal, query: AuditQuery | None = None
) -> Iterator[AuditRecord]:
    """The records ``query`` selects, narrowed to the agencies the principal may audit."""
    query = query or AuditQuery()
    scope = _auditor_scope(principal)
    if scope is not None:
        asked = scope if query.agencies is None else [a for a in query.agencies if a in scope]
        query = dataclasses.replace(query, agencies=tuple(asked))
    return _redacted_stream(store, principal, audit_store.records(store, query))


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
    found = audit_store.records(
        store, AuditQuery(since=since, actions=VIEW_ACTIONS, entity_id=entity_id)
    )
    out = _redact(store, principal, list(found))
    record(
        store,
        principal,
        "audit.who_viewed",
        target=entity_id,
        detail={"since": since.isoformat() if since else None, "found": len(out)},
    )
    return out


def verify(
    store: Store, principal: Principal, checkpoints: Sequence[tuple[int, str]] = ()
) -> list[str]:
    """Problems in the hash chain (and against witnessed checkpoints); empty when intact."""
    _auditor_scope(principal)
    problems = audit_store.verify_chain(store, checkpoints)
    record(
        store,
        principal,
        "audit.verify",
        detail={"problems": len(problems), "checkpoints": [f"{s}:{h}" for s, h in checkpoints]},
        outcome="ok" if not problems else "failed",
    )
    return problems


def checkpoint(store: Store, principal: Principal) -> tuple[int, str]:
    """Record a checkpoint and return its ``(seq, hash)``: the witness to keep elsewhere.

    Kept outside the store, it lets `verify` notice that the newest records
    were deleted, which no link inside the chain can show.
    """
    _auditor_scope(principal)
    seq = record(store, principal, "audit.checkpoint")
    rec = audit_store.get(store, seq)
    assert rec is not None  # just written, and only retention deletes
    return rec.seq, rec.hash


def apply_retention(store: Store, principal: Principal) -> int:
    """Drop records older than ``audit_retention_days``; the removal is itself recorded."""
    if not principal.has(Role.SYSTEM_ADMIN):
        raise PermissionDenied(N_("only a system administrator applies the audit retention"))
    days = store.settings.int("audit_retention_days")
    removed, through = audit_store.prune(store, utcnow() - timedelta(days=days))
    record(
        store,
        principal,
        audit_store.RETENTION_ACTION,
        detail={"days": days, "removed": removed, "pruned_through": through},
    )
    return removed
