"""Retractions: a statement is never changed or deleted; a retraction is recorded beside it."""

from __future__ import annotations

from sqlalchemy import update

from vinculo.access.principal import Principal
from vinculo.exc import Conflict, PermissionDenied
from vinculo.i18n import N_
from vinculo.model.statement import Statement
from vinculo.store.reader import get_statement
from vinculo.store.store import Store, utcnow
from vinculo.store.tables import retraction, statement


def retract(store: Store, principal: Principal, statement_id: str, reason: str) -> Statement:
    """Flag a statement retracted (who, when, why); only its owning agency may."""
    with store.begin() as conn:
        stmt = get_statement(conn, principal, statement_id)
        if not principal.is_system and stmt.agency != principal.agency:
            raise PermissionDenied(N_("only the owning agency retracts its statements"))
        if stmt.retracted:
            raise Conflict(
                N_("statement {statement_id} is retracted already"), statement_id=statement_id
            )
        conn.execute(
            retraction.insert().values(
                statement_id=statement_id,
                username=principal.username,
                reason=reason,
                created_at=utcnow(),
            )
        )
        conn.execute(update(statement).where(statement.c.id == statement_id).values(retracted=True))
    return stmt
