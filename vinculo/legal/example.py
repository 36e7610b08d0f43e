"""Loading a legal history data file (the Guzmán Loera worked example).

The file (``data/guzman_loera.yaml``) holds sources, entities, criminal
cases with their versions, extradition requests with their stages, dated
events and sanctions designations. Every reference is checked: a fact that
names an unknown source, entity or case is refused with its line, so the
file stays a trustworthy, sourced record. Phase 2 turns the result into
statements (`vinculo.legal` services).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from vinculo.exc import Conflict, InvalidData, Message
from vinculo.i18n import N_
from vinculo.legal.dates import parse_date, parse_partial
from vinculo.legal.indictment import VERSION_KINDS, Count, Court, CriminalCase, IndictmentVersion
from vinculo.legal.request import ExtraditionRequest, open_request
from vinculo.legal.state import parse_country, parse_state
from vinculo.legal.timeline import EventKind, TimelineEvent
from vinculo.legal.yamlfile import Reader, load, strip

GUZMAN_FILE = Path(__file__).parent / "data" / "guzman_loera.yaml"
RECORDED_BY = "public record"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None


@dataclass(frozen=True)
class EntityRecord:
    id: str
    schema: str
    properties: dict[str, tuple[str, ...]]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Designation:
    id: str
    entity: str
    authority: str
    list: str
    program: str
    ent_num: int | None
    listed_name: str
    remarks: str | None
    date: str | None
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class LegalHistory:
    dataset: str
    marking: str
    sources: dict[str, Source]
    entities: tuple[EntityRecord, ...]
    cases: tuple[CriminalCase, ...]
    requests: tuple[ExtraditionRequest, ...]
    events: tuple[TimelineEvent, ...]
    designations: tuple[Designation, ...]


class _Refs:
    """Checks references; ``open_refs`` accepts any (the store checks them instead)."""

    def __init__(self, sources: dict[str, Source], open_refs: bool = False) -> None:
        self.sources = sources
        self.open = open_refs
        self.entities: set[str] = set()
        self.cases: set[str] = set()

    def srcs(self, item: Reader, key: str = "sources") -> tuple[str, ...]:
        found = item.texts(key)
        for ref in found:
            if ref not in self.sources and not self.open:
                raise item.error(N_("unknown source {ref!r}"), key, ref=ref)
        return found

    def ents(self, item: Reader, key: str) -> tuple[str, ...]:
        found = item.texts(key)
        for ref in found:
            if ref not in self.entities and not self.open:
                raise item.error(N_("unknown entity {ref!r}"), key, ref=ref)
        return found


def _located(item: Reader, func: Any, *args: Any, **kw: Any) -> Any:
    """Call ``func``; re-raise its refusal as InvalidData with the item's file and line.

    A `Conflict` (an impossible stage sequence) is bad data in a file.
    """
    try:
        return func(*args, **kw)
    except (InvalidData, Conflict) as err:
        field = err.errors[0].field if err.errors else None
        raise item.error(err.errors[0].text if err.errors else err.text, field) from None


def _count(item: Reader, refs: _Refs) -> Count:
    derived = item.texts("derived_from") if "derived_from" in item.data else None
    return Count(
        number=item.text("number"),
        description=item.text("description"),
        statutes=item.texts("statutes"),
        defendants=refs.ents(item, "defendants"),
        derived_from=derived,
        note=item.opt_text("note"),
    )


def _version(item: Reader, refs: _Refs) -> IndictmentVersion:
    kind = item.text("kind")
    if kind not in VERSION_KINDS:
        raise item.error(
            N_("kind must be one of {kinds}"),
            "kind",
            kinds=", ".join(VERSION_KINDS),
        )
    filed = item.get("filed")
    unsealed = item.get("unsealed")
    return IndictmentVersion(
        label=item.text("label"),
        kind=kind,
        filed=_located(item, parse_partial, filed, field="filed") if filed else None,
        counts=tuple(_count(c, refs) for c in item.mappings("counts")),
        defendants=refs.ents(item, "defendants"),
        sealed=item.flag("sealed"),
        unsealed=_located(item, parse_partial, unsealed, field="unsealed") if unsealed else None,
        count_total=item.integer("count_total") if item.has("count_total") else None,
        sources=refs.srcs(item),
        note=item.opt_text("note"),
    )


def _case(item: Reader, refs: _Refs) -> CriminalCase:
    court = Reader(item.get("court"), item.path, "court")
    case = _located(
        item,
        CriminalCase,
        id=item.text("id"),
        court=Court(
            country=_located(court, parse_country, court.text("country")),
            name=court.text("name"),
            district=court.opt_text("district"),
        ),
        case_number=item.opt_text("case_number") or "",
        versions=tuple(_version(v, refs) for v in item.mappings("versions")),
        title=item.opt_text("title"),
    )
    assert isinstance(case, CriminalCase)
    return case


def _request(item: Reader, refs: _Refs) -> ExtraditionRequest:
    steps = item.mappings("history")
    if not steps:
        raise item.error(N_("a request needs at least its first stage"), "history")

    def when(step: Reader) -> date | None:
        raw = step.get("date")
        return _located(step, parse_date, raw, field="date") if raw else None

    for ref in item.texts("cases"):
        if ref not in refs.cases:
            raise item.error(N_("unknown case {ref!r}"), "cases", ref=ref)
    first = steps[0]
    request: ExtraditionRequest = _located(
        first,
        open_request,
        id=item.text("id"),
        person=refs.ents(item, "person")[0] if item.has("person") else "",
        requesting=_located(item, parse_country, item.text("requesting"), field="requesting"),
        requested=_located(item, parse_country, item.text("requested"), field="requested"),
        state=_located(first, parse_state, first.text("state")),
        on=when(first),
        by=RECORDED_BY,
        document=first.opt_text("document"),
        note=first.opt_text("note"),
        cases=item.texts("cases"),
        diplomatic_notes=item.texts("diplomatic_notes"),
        title=item.opt_text("title"),
    )
    sources = list(refs.srcs(first))
    for step in steps[1:]:
        sources.extend(refs.srcs(step))
        request = _located(
            step,
            request.advance,
            _located(step, parse_state, step.text("state")),
            on=when(step),
            by=RECORDED_BY,
            document=step.opt_text("document"),
            note=step.opt_text("note"),
        )
    return replace(request, sources=tuple(dict.fromkeys(sources)))


def _event(item: Reader, refs: _Refs) -> TimelineEvent:
    try:
        kind = EventKind(item.text("kind"))
    except ValueError:
        raise item.error(
            N_("kind must be one of {kinds}"),
            "kind",
            kinds=", ".join(k.value for k in EventKind),
        ) from None
    raw = item.get("date")
    return TimelineEvent(
        date=_located(item, parse_partial, raw, field="date") if raw else None,
        kind=kind,
        label=item.text("label"),
        subjects=refs.ents(item, "subjects"),
        place=item.opt_text("place"),
        sources=refs.srcs(item),
    )


def load_history(path: Path = GUZMAN_FILE) -> LegalHistory:
    root = Reader(load(path), path, Message.of(N_("legal history file")))
    sources = {}
    for s in root.mappings("sources"):
        sid = s.text("id")
        if sid in sources:
            raise s.error(N_("source {sid!r} defined twice"), "id", sid=sid)
        sources[sid] = Source(sid, s.text("title"), s.opt_text("url"))
    refs = _Refs(sources)
    entities = []
    for e in root.mappings("entities"):
        props = e.get("properties", {})
        if not isinstance(props, dict):
            raise e.error(N_("expected a mapping of property lists"), "properties")
        pr = Reader(props, path, "properties")
        record = EntityRecord(
            id=e.text("id"),
            schema=e.text("schema"),
            properties={k: pr.texts(k) for k in strip(props)},
            sources=refs.srcs(e),
        )
        refs.entities.add(record.id)
        entities.append(record)
    cases = []
    for c in root.mappings("cases"):
        case = _case(c, refs)
        refs.cases.add(case.id)
        cases.append(case)
    designations = [
        Designation(
            id=d.text("id"),
            entity=refs.ents(d, "entity")[0],
            authority=d.text("authority"),
            list=d.text("list"),
            program=d.text("program"),
            ent_num=d.integer("ent_num") if d.has("ent_num") else None,
            listed_name=d.text("listed_name"),
            remarks=d.opt_text("remarks"),
            date=_located(d, parse_partial, d.get("date"), field="date") if d.has("date") else None,
            sources=refs.srcs(d),
            note=d.opt_text("note"),
        )
        for d in root.mappings("designations")
    ]
    return LegalHistory(
        dataset=root.text("dataset"),
        marking=root.text("marking"),
        sources=sources,
        entities=tuple(entities),
        cases=tuple(cases),
        requests=tuple(_request(r, refs) for r in root.mappings("extraditions")),
        events=tuple(_event(e, refs) for e in root.mappings("events")),
        designations=tuple(designations),
    )


def read_cases(path: Path) -> list[CriminalCase]:
    """Cases from a YAML file with a ``cases:`` list (the format of the worked example).

    Entity ids and sources are not checked here; the service checks that the
    defendants exist and are visible.
    """
    root = Reader(load(path), path, Message.of(N_("cases file")))
    refs = _Refs({}, open_refs=True)
    return [_case(c, refs) for c in root.mappings("cases")]


def read_version(path: Path) -> IndictmentVersion:
    """One version (``label``, ``kind``, ``filed``, ``counts``...) from a YAML mapping."""
    return _version(
        Reader(load(path), path, Message.of(N_("version file"))), _Refs({}, open_refs=True)
    )
