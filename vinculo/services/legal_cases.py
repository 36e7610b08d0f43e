"""Criminal cases with superseding versions, designations and timelines.

A case is an FtM ``CourtCase``; each version of its charging document an
``Indictment`` entity with ``IndictmentCount`` entities, each written with
its own marking: a sealed indictment is marked for its owner (and whoever it
is released to) while the case may be visible more widely. Unsealing writes
the version again, under the wider marking, in a separate dataset; nothing is
overwritten. Every read goes through the principal-aware reader.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace

from vinculo.access.principal import Principal
from vinculo.exc import Conflict, NotFound
from vinculo.i18n import N_
from vinculo.legal import entities as legal_entities
from vinculo.legal.example import LegalHistory
from vinculo.legal.indictment import CriminalCase, IndictmentVersion, VersionDiff
from vinculo.legal.timeline import EventKind, TimelineEvent, build_timeline, request_events
from vinculo.model.entity import Entity
from vinculo.model.marking import Marking
from vinculo.model.statement import SCHEMA_PROP
from vinculo.services import audit
from vinculo.services.legal import Owner, load_request, require_officer, write_entities
from vinculo.store import Store, reader

CASE_SCHEMATA = ("CourtCase", "Indictment", "IndictmentCount")


def _version_rows(
    case_id: str, seq: int, version: IndictmentVersion, suffix: str = ""
) -> list[dict[str, object]]:
    rows = legal_entities.version_entities(case_id, seq, version)
    if suffix:  # a unique id, so a version nobody else can see never collides
        old = legal_entities.version_id(case_id, seq)
        new = f"{old}-{suffix}"
        for row in rows:
            row["id"] = str(row["id"]).replace(old, new, 1)
            props = row["properties"]
            assert isinstance(props, dict)
            if "indictment" in props:
                props["indictment"] = [new]
    return rows


def record_case(
    store: Store,
    principal: Principal,
    case: CriminalCase,
    owner: Owner,
    *,
    sealed_marking: Marking | None = None,
    record: str | None = None,
    remote: str | None = None,
) -> CriminalCase:
    """Write a case and its versions; sealed versions get ``sealed_marking`` when given."""
    require_officer(principal)
    src = record or f"legal:{case.id}"
    write_entities(store, owner, [(legal_entities.case_entity(case), src)])
    for seq, version in enumerate(case.versions, start=1):
        mark = sealed_marking if version.sealed and sealed_marking else owner.marking
        rows = _version_rows(case.id, seq, version)
        write_entities(store, replace(owner, marking=mark), [(r, src) for r in rows])
    audit.record(
        store,
        principal,
        "legal.case",
        target=case.id,
        entity_ids=list(case.defendants),
        detail={"versions": len(case.versions)},
        remote=remote,
    )
    return case


def _case_parts(
    store: Store, principal: Principal, case_id: str
) -> tuple[Entity, list[Entity], dict[str, list[Entity]]]:
    case = reader.get_entity(store, principal, case_id)
    if case.schema != "CourtCase":
        raise NotFound(N_("no criminal case {case_id!r}"), case_id=case_id)
    ids = reader.referencing_ids(store, principal, case_id, limit=10_000)
    versions = [e for e in reader.get_entities(store, principal, ids) if e.schema == "Indictment"]
    counts: dict[str, list[Entity]] = {}
    for v in versions:
        cids = reader.referencing_ids(store, principal, v.id, limit=10_000)
        counts[v.id] = [
            e for e in reader.get_entities(store, principal, cids) if e.schema == "IndictmentCount"
        ]
    return case, versions, counts


def load_case(store: Store, principal: Principal, case_id: str) -> tuple[CriminalCase, Entity]:
    case, versions, counts = _case_parts(store, principal, case_id)
    if not versions:
        raise NotFound(N_("no criminal case {case_id!r}"), case_id=case_id)
    return legal_entities.case_from_entities(case, versions, counts), case


def supersede(
    store: Store,
    principal: Principal,
    case_id: str,
    version: IndictmentVersion,
    owner: Owner,
    *,
    remote: str | None = None,
) -> CriminalCase:
    """Append a superseding version (validated against the versions the principal sees)."""
    require_officer(principal)
    case, _entity = load_case(store, principal, case_id)
    updated = case.supersede(version)
    rows = _version_rows(case_id, len(updated.versions), version, uuid.uuid4().hex[:6])
    write_entities(store, owner, [(r, f"legal:{case_id}") for r in rows])
    audit.record(
        store,
        principal,
        "legal.supersede",
        target=case_id,
        entity_ids=list(version.defendants),
        detail={"version": version.label},
        remote=remote,
    )
    return updated


def unseal(
    store: Store,
    principal: Principal,
    version_entity_id: str,
    *,
    on: str,
    marking: Marking,
    remote: str | None = None,
) -> int:
    """Release a sealed version under ``marking``; returns the statements written."""
    require_officer(principal)
    version = reader.get_entity(store, principal, version_entity_id)
    if version.schema != "Indictment":
        raise NotFound(
            N_("no indictment version {version_entity_id!r}"), version_entity_id=version_entity_id
        )
    if version.get("unsealedDate") and any(
        s.marking == marking for s in version.statements if s.prop == "unsealedDate"
    ):
        raise Conflict(
            N_("version {version_entity_id} is already released under {marking}"),
            version_entity_id=version_entity_id,
            marking=marking,
        )
    head = next(s for s in version.statements if s.prop == SCHEMA_PROP)
    owner = Owner(head.agency, marking, f"{head.dataset}_unsealed")
    ids = reader.referencing_ids(store, principal, version.id, limit=10_000)
    rows: list[tuple[dict[str, object], str]] = []
    for e in [version, *reader.get_entities(store, principal, ids)]:
        if e.schema not in ("Indictment", "IndictmentCount"):
            continue
        props = {k: v for k, v in e.properties.items() if k != SCHEMA_PROP}
        if e.id == version.id:
            props["unsealedDate"] = [on]
        rows.append(({"id": e.id, "schema": e.schema, "properties": props}, f"unsealed:{on}"))
    written = write_entities(store, owner, rows)
    audit.record(
        store,
        principal,
        "legal.unseal",
        target=version_entity_id,
        detail={"on": on, "marking": str(marking)},
        remote=remote,
    )
    return written


@dataclass
class CasePage:
    case: CriminalCase
    entity: Entity
    diffs: list[VersionDiff]
    defendants: list[Entity]
    designations: list[Entity]
    requests: list[Entity]


def designations_of(store: Store, principal: Principal, entity_ids: Iterable[str]) -> list[Entity]:
    """Sanctions (e.g. the imported OFAC list) naming any of the entities."""
    out: dict[str, Entity] = {}
    for eid in entity_ids:
        ids = reader.referencing_ids(store, principal, eid)
        for e in reader.get_entities(store, principal, ids):
            if e.schema == "Sanction":
                out[e.id] = e
    return list(out.values())


def get_case(
    store: Store, principal: Principal, case_id: str, *, remote: str | None = None
) -> CasePage:
    case, entity = load_case(store, principal, case_id)
    defendants = reader.get_entities(store, principal, list(case.defendants))
    requests = [
        e
        for e in reader.get_entities(
            store, principal, reader.referencing_ids(store, principal, case_id)
        )
        if e.schema == "ExtraditionRequest"
    ]
    audit.record(
        store,
        principal,
        "legal.view",
        target=case_id,
        entity_ids=[case_id, *case.defendants],
        remote=remote,
    )
    return CasePage(
        case,
        entity,
        case.diffs(),
        defendants,
        designations_of(store, principal, case.defendants),
        requests,
    )


def list_cases(store: Store, principal: Principal) -> list[tuple[CriminalCase, Entity]]:
    parts: dict[str, list[Entity]] = {"CourtCase": [], "Indictment": [], "IndictmentCount": []}
    for e in reader.iter_entities(store, principal, schemata=CASE_SCHEMATA):
        parts.setdefault(e.schema, []).append(e)
    counts: dict[str, list[Entity]] = {}
    for c in parts["IndictmentCount"]:
        for vid in c.get("indictment"):
            counts.setdefault(vid, []).append(c)
    versions: dict[str, list[Entity]] = {}
    for v in parts["Indictment"]:
        for cid in v.get("case"):
            versions.setdefault(cid, []).append(v)
    return [
        (legal_entities.case_from_entities(c, versions[c.id], counts), c)
        for c in parts["CourtCase"]
        if versions.get(c.id)
    ]


def _first(e: Entity, prop: str) -> str | None:
    values = e.get(prop)
    return values[0] if values else None


def _event_of(e: Entity) -> TimelineEvent | None:
    def first(prop: str) -> str | None:
        return _first(e, prop)

    if e.schema == "Event":
        kind = first("keywords") or "other"
        return TimelineEvent(
            date=first("date") or first("startDate"),
            kind=EventKind(kind) if kind in EventKind.__members__.values() else EventKind.OTHER,
            label=first("name") or e.caption,
            subjects=tuple(e.get("involved")),
            place=first("location"),
            ref=e.id,
        )
    if e.schema == "Sanction":
        return TimelineEvent(
            date=first("listingDate") or first("startDate"),
            kind=EventKind.DESIGNATION,
            label=" ".join(
                x for x in (first("authority"), first("program"), first("authorityId")) if x
            ),
            subjects=tuple(e.get("entity")),
            ref=e.id,
        )
    return None


def timeline(
    store: Store, principal: Principal, entity_id: str, *, remote: str | None = None
) -> tuple[Entity, list[TimelineEvent], list[TimelineEvent]]:
    """Dated facts about a person, or an organization and its members."""
    subject = reader.get_entity(store, principal, entity_id)
    subjects = {entity_id}
    pointing = reader.get_entities(
        store, principal, reader.referencing_ids(store, principal, entity_id)
    )
    if subject.schema in ("Organization", "Company", "LegalEntity"):
        members = [m for e in pointing if e.schema == "Membership" for m in e.get("member")]
        subjects.update(members)
        for member in members:
            pointing += reader.get_entities(
                store, principal, reader.referencing_ids(store, principal, member)
            )
    events: list[TimelineEvent] = []
    cases: dict[str, CriminalCase] = {}
    requests = []
    for e in {x.id: x for x in pointing}.values():
        event = _event_of(e)
        if event is not None:
            events.append(event)
        elif e.schema in ("Indictment", "IndictmentCount"):
            case_ids = e.get("case") or [
                c
                for v in reader.get_entities(store, principal, e.get("indictment"))
                for c in v.get("case")
            ]
            for cid in case_ids:
                if cid not in cases:
                    try:
                        cases[cid] = load_case(store, principal, cid)[0]
                    except NotFound:
                        continue
        elif e.schema == "ExtraditionRequest":
            requests.append(load_request(store, principal, e.id)[0])
    dated, undated = build_timeline(
        subjects, events=events, cases=cases.values(), requests=requests
    )
    audit.record(
        store, principal, "legal.timeline", target=entity_id, entity_ids=[entity_id], remote=remote
    )
    return subject, dated, undated


PUBLIC_AGENCY = ("PUBLIC", "US", "Public record (sourced worked examples)")


def ensure_agency(store: Store, principal: Principal, code: str) -> None:
    """Create the owner of public-record facts when missing (system principal only)."""
    if store.get_agency(code) is not None:
        return
    if not principal.is_system or code != PUBLIC_AGENCY[0]:
        raise NotFound(N_("no agency {code!r}"), code=code)
    store.add_agency(*PUBLIC_AGENCY)


def import_history(store: Store, principal: Principal, history: LegalHistory, agency: str) -> int:
    """Write a sourced legal history (e.g. the Guzmán Loera worked example) as statements."""
    owner = Owner(agency, Marking.parse(history.marking), history.dataset)

    def rec(sources: Iterable[str]) -> str:
        return f"{history.dataset}:{','.join(sources)}"

    rows: list[tuple[dict[str, object], str]] = []
    for ent in history.entities:
        props = {k: list(v) for k, v in ent.properties.items()}
        rows.append(({"id": ent.id, "schema": ent.schema, "properties": props}, rec(ent.sources)))
    for case in history.cases:
        rows.append((legal_entities.case_entity(case), rec([])))
        for seq, version in enumerate(case.versions, start=1):
            urls = tuple(history.sources[s].url or s for s in version.sources)
            rows += [
                (r, rec(version.sources))
                for r in _version_rows(case.id, seq, replace(version, sources=urls))
            ]
    for req in history.requests:
        rows.append((legal_entities.request_entity(req), rec(req.sources)))
        for n, step in enumerate(req.history, start=1):
            sid = legal_entities.stage_id(req.id, n)
            rows.append((legal_entities.stage_entity(req.id, n, step, sid), rec(req.sources)))
    for i, event in enumerate(history.events, start=1):
        urls = tuple(history.sources[s].url or s for s in event.sources)
        rows.append(
            (
                legal_entities.event_entity(
                    replace(event, sources=urls), f"{history.dataset}-event-{i:03d}"
                ),
                rec(event.sources),
            )
        )
    for d in history.designations:
        rows.append((legal_entities.designation_entity(d), rec(d.sources)))
    return write_entities(store, owner, rows)


__all__ = [
    "CasePage",
    "designations_of",
    "get_case",
    "import_history",
    "list_cases",
    "load_case",
    "record_case",
    "request_events",
    "supersede",
    "timeline",
    "unseal",
]
