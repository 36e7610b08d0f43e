"""Reading facts as a principal: search, entity pages, exports, statistics.

Every function here reads through `vinculo.store.reader` (the principal-aware
query layer) and writes an audit record of what was seen.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from vinculo.access.principal import Principal
from vinculo.i18n import N_
from vinculo.model.entity import Entity
from vinculo.services import audit
from vinculo.services.hits import Hit, Line, lines
from vinculo.store import Store, reader


@dataclass
class EntityPage:
    entity: Entity
    referenced: list[Line]  # entities its entity-typed properties point to
    referencing: list[Line]  # relationships and things that point at it


def search(
    store: Store,
    principal: Principal,
    text: str,
    *,
    limit: int = 50,
    schemata: Sequence[str] | None = None,
    remote: str | None = None,
) -> list[Hit]:
    """Visible entities whose names match ``text``, best first (by screening).

    Screening (``vinculo.services.screening``) tolerates accents, spelling,
    nicknames and word order; the audit record is the foundation's.
    """
    from vinculo.services.screening import search_entities

    found = search_entities(store, principal, text, limit=limit, schemata=schemata)
    audit.record(
        store,
        principal,
        "search",
        target=text,
        entity_ids=[e.id for e in found],
        detail={"query": text, "results": len(found)},
        remote=remote,
    )
    return found


def show(
    store: Store, principal: Principal, entity_id: str, remote: str | None = None
) -> EntityPage:
    try:
        entity, out_ids, in_ids = reader.entity_page(store, principal, entity_id)
        links = {line.id: line for line in lines(store, principal, sorted({*out_ids, *in_ids}))}
        page = EntityPage(
            entity,
            [links[i] for i in out_ids if i in links],
            [links[i] for i in in_ids if i in links],
        )
    except Exception:
        audit.record(
            store, principal, "entity.view", target=entity_id, outcome="not_found", remote=remote
        )
        raise
    audit.record(
        store, principal, "entity.view", target=entity_id, entity_ids=[entity_id], remote=remote
    )
    return page


def stats(store: Store, principal: Principal) -> dict[str, Any]:
    return reader.stats(store, principal)


EXPORT_FORMATS = ("ftm", "csv")


def export(
    store: Store,
    principal: Principal,
    fmt: str = "ftm",
    *,
    schemata: Sequence[str] | None = None,
    datasets: Sequence[str] | None = None,
    remote: str | None = None,
) -> Iterator[str]:
    """Lines of FtM JSON, or CSV statements with provenance, of what the principal may see."""
    count = 0
    if fmt == "csv":
        header = [
            "entity_id",
            "schema",
            "prop",
            "value",
            "dataset",
            "agency",
            "marking",
            "grading",
            "source_record",
            "collected",
            "first_seen",
            "retracted",
        ]
        yield _csv_line(header)
    for entity in reader.iter_entities(store, principal, schemata=schemata, datasets=datasets):
        count += 1
        if fmt == "ftm":
            yield json.dumps(entity.to_ftm(), ensure_ascii=False, sort_keys=True) + "\n"
        else:
            for s in entity.statements:
                yield _csv_line(
                    [
                        s.entity_id,
                        s.schema,
                        s.prop,
                        s.value,
                        s.dataset,
                        s.agency,
                        str(s.marking),
                        str(s.grading),
                        s.source_record or "",
                        s.collected.isoformat() if s.collected else "",
                        s.first_seen.isoformat() if s.first_seen else "",
                        "1" if s.retracted else "0",
                    ]
                )
    audit.record(
        store,
        principal,
        "export",
        detail={
            "format": fmt,
            "entities": count,
            "schemata": list(schemata or []),
            "datasets": list(datasets or []),
        },
        remote=remote,
    )


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def retract(
    store: Store, principal: Principal, statement_id: str, reason: str, remote: str | None = None
) -> None:
    """Retract a statement of one's own agency; it stays, flagged, with who and why."""
    from vinculo.exc import InvalidData
    from vinculo.store.retract import retract as store_retract

    if not reason.strip():
        raise InvalidData(N_("a retraction needs a reason"))
    stmt = store_retract(store, principal, statement_id, reason.strip())
    audit.record(
        store,
        principal,
        "statement.retract",
        target=statement_id,
        entity_ids=[stmt.entity_id],
        detail={"reason": reason.strip()},
        remote=remote,
    )


def export_lines(
    store: Store,
    principal: Principal,
    fmt: str = "ftm",
    *,
    unresolved: bool = False,
    schemata: Sequence[str] | None = None,
    datasets: Sequence[str] | None = None,
    remote: str | None = None,
) -> Iterator[str]:
    """The export every adapter offers: canonical FtM entities with their referents, or, when
    asked (``unresolved``, a filter, or CSV), the source entities as imported."""
    if fmt == "ftm" and not unresolved and not schemata and not datasets:
        from vinculo.services.resolution import export_canonical

        return export_canonical(store, principal, remote=remote)
    return export(store, principal, fmt, schemata=schemata, datasets=datasets, remote=remote)
