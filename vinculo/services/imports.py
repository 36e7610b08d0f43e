"""Importing sources into the store, as a principal, with an audit record either way."""

from __future__ import annotations

from pathlib import Path

from vinculo.access.principal import Principal, Role
from vinculo.exc import PermissionDenied, VinculoError
from vinculo.i18n import N_
from vinculo.ingest.base import ImportOptions, ImportSummary
from vinculo.ingest.importer import Progress, run_import
from vinculo.services import audit
from vinculo.store import Store


def import_source(
    store: Store,
    principal: Principal,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportSummary:
    if not principal.is_system:
        if principal.agency != options.agency.upper() and not principal.has(Role.SYSTEM_ADMIN):
            raise PermissionDenied(N_("a user imports only on behalf of their own agency"))
        if not (principal.has(Role.ANALYST) or principal.has(Role.AGENCY_ADMIN)):
            raise PermissionDenied(N_("importing needs the analyst or agency administrator role"))
    detail = {
        "format": options.format,
        "dataset": options.dataset,
        "agency": options.agency,
        "marking": str(options.marking),
        "grading": str(options.grading),
    }
    try:
        summary = run_import(store, principal.username, path, options, progress)
    except VinculoError as exc:
        audit.record(
            store,
            principal,
            "import",
            target=str(path),
            outcome="failed",
            detail={**detail, "error": exc.message},
        )
        raise
    audit.record(
        store, principal, "import", target=str(path), detail={**detail, **summary.as_dict()}
    )
    return summary
