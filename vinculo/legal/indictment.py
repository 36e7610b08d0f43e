"""Criminal cases, their charging documents, and superseding versions.

A case (a U.S. district court docket, or a Mexican *causa penal*) holds the
ordered versions of its charging document: the original indictment, each
superseding indictment, and the counts as submitted at trial. A version is
never edited; a new version is appended, so the history is never lost.

Counts are matched across versions by ``derived_from`` (the numbers of the
counts of the previous version that a count continues, e.g. after
renumbering) or, when that is not given, by equal number. From that,
`diff_versions` reports what changed and `count_lineage` maps each count of
the first version to the counts it became in the last.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from vinculo.exc import Conflict, InvalidData
from vinculo.i18n import N_
from vinculo.legal.state import Country

VersionKind = Literal["original", "superseding", "trial", "complaint", "information"]
VERSION_KINDS: tuple[VersionKind, ...] = (
    "original",
    "superseding",
    "trial",
    "complaint",
    "information",
)


@dataclass(frozen=True)
class Court:
    """A U.S. district court (``district`` e.g. ``E.D.N.Y.``) or a Mexican court."""

    country: Country
    name: str
    district: str | None = None

    @property
    def label(self) -> str:
        return self.district or self.name


@dataclass(frozen=True)
class Count:
    number: str
    description: str
    statutes: tuple[str, ...] = ()
    defendants: tuple[str, ...] = ()
    #: Numbers of the counts of the previous version this one continues;
    #: None means "the count with the same number", () means "new".
    derived_from: tuple[str, ...] | None = None
    note: str | None = None


@dataclass(frozen=True)
class IndictmentVersion:
    label: str
    kind: VersionKind
    filed: str | None  # ISO date prefix; None when not public
    counts: tuple[Count, ...] = ()
    defendants: tuple[str, ...] = ()
    sealed: bool = False
    unsealed: str | None = None
    #: Number of counts the document has, when only some are listed here.
    count_total: int | None = None
    sources: tuple[str, ...] = field(default=(), compare=False)
    note: str | None = None

    @property
    def total(self) -> int:
        return self.count_total if self.count_total is not None else len(self.counts)

    @property
    def fully_listed(self) -> bool:
        """Whether every count of the document is listed (unknown when none are)."""
        if self.count_total is None:
            return bool(self.counts)
        return self.count_total == len(self.counts)

    def count(self, number: str) -> Count | None:
        return next((c for c in self.counts if c.number == number), None)


@dataclass(frozen=True)
class CountChange:
    old: str
    new: str
    fields: tuple[str, ...]  # which of number, statutes, description, defendants changed


@dataclass(frozen=True)
class VersionDiff:
    old: str
    new: str
    added_defendants: tuple[str, ...]
    removed_defendants: tuple[str, ...]
    added_counts: tuple[str, ...]
    dropped_counts: tuple[str, ...]
    changed_counts: tuple[CountChange, ...]
    mapping: dict[str, tuple[str, ...]]  # old count number -> new numbers
    #: New counts whose origin cannot be told because the old version is only
    #: partly listed, and old counts absent from a partly listed new version.
    unknown_origin: tuple[str, ...] = ()
    not_listed: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        return not (
            self.added_defendants
            or self.removed_defendants
            or self.added_counts
            or self.dropped_counts
            or self.changed_counts
            or self.unknown_origin
            or self.not_listed
        )


@dataclass(frozen=True)
class CriminalCase:
    id: str
    court: Court
    case_number: str
    versions: tuple[IndictmentVersion, ...]
    title: str | None = None

    def __post_init__(self) -> None:
        if not self.versions:
            raise InvalidData.at(
                N_("case {id} needs at least one version"), field="versions", id=self.id
            )
        labels = [v.label for v in self.versions]
        if len(set(labels)) != len(labels):
            raise InvalidData.at(
                N_("case {id}: version labels repeat"), field="versions", id=self.id
            )
        for v in self.versions:
            _check_counts(self.id, v)

    @property
    def original(self) -> IndictmentVersion:
        return self.versions[0]

    @property
    def current(self) -> IndictmentVersion:
        return self.versions[-1]

    @property
    def defendants(self) -> tuple[str, ...]:
        """Everyone ever charged in the case, in order of first appearance."""
        seen: dict[str, None] = {}
        for v in self.versions:
            for d in (*v.defendants, *(x for c in v.counts for x in c.defendants)):
                seen.setdefault(d, None)
        return tuple(seen)

    def version(self, label: str) -> IndictmentVersion:
        for v in self.versions:
            if v.label == label:
                return v
        raise InvalidData.at(
            N_("case {id} has no version {label!r}"), field="version", id=self.id, label=label
        )

    def supersede(self, version: IndictmentVersion) -> CriminalCase:
        """A new case value with ``version`` appended; earlier versions stay as they were."""
        if any(v.label == version.label for v in self.versions):
            raise Conflict(
                N_("case {id} already has a version {label!r}"), id=self.id, label=version.label
            )
        last = self.current.filed
        k = min(len(version.filed or ""), len(last or ""))
        if version.filed and last and version.filed[:k] < last[:k]:
            raise InvalidData.at(
                N_("version {label!r} filed {filed} before the current version ({last})"),
                field="filed",
                label=version.label,
                filed=version.filed,
                last=last,
            )
        if version.kind == "original":
            raise InvalidData.at(N_("only the first version can be the original"), field="kind")
        return replace(self, versions=(*self.versions, version))

    def diffs(self) -> list[VersionDiff]:
        return [diff_versions(a, b) for a, b in zip(self.versions, self.versions[1:], strict=False)]


def _check_counts(case_id: str, version: IndictmentVersion) -> None:
    numbers = [c.number for c in version.counts]
    if len(set(numbers)) != len(numbers):
        raise InvalidData.at(
            N_("case {case_id}, version {label!r}: count numbers repeat"),
            field="counts",
            case_id=case_id,
            label=version.label,
        )
    if version.count_total is not None and version.count_total < len(version.counts):
        raise InvalidData.at(
            N_(
                "case {case_id}, version {label!r}: count_total {count_total} is less than the "
                "{n_counts} counts listed"
            ),
            field="count_total",
            case_id=case_id,
            label=version.label,
            count_total=version.count_total,
            n_counts=len(version.counts),
        )


def _origins(count: Count, old: IndictmentVersion) -> tuple[str, ...]:
    if count.derived_from is not None:
        return count.derived_from
    return (count.number,) if old.count(count.number) is not None else ()


def diff_versions(old: IndictmentVersion, new: IndictmentVersion) -> VersionDiff:
    """What changed from ``old`` to the next version ``new``."""
    mapping: dict[str, list[str]] = {c.number: [] for c in old.counts}
    added: list[str] = []
    unknown: list[str] = []
    changed: list[CountChange] = []
    old_partial = not old.fully_listed
    for count in new.counts:
        origins = [o for o in _origins(count, old) if o in mapping]
        if not origins:
            if old_partial and count.derived_from is None:
                unknown.append(count.number)
            else:
                added.append(count.number)
            continue
        for origin in origins:
            mapping[origin].append(count.number)
            before = old.count(origin)
            assert before is not None
            fields = [
                name
                for name, a, b in (
                    ("number", before.number, count.number),
                    ("statutes", before.statutes, count.statutes),
                    ("description", before.description, count.description),
                    ("defendants", before.defendants, count.defendants),
                )
                if a != b
            ]
            if fields:
                changed.append(CountChange(origin, count.number, tuple(fields)))
    old_defs = set(old.defendants)
    new_defs = set(new.defendants)
    unmapped = tuple(n for n, targets in mapping.items() if not targets)
    new_partial = not new.fully_listed
    return VersionDiff(
        old=old.label,
        new=new.label,
        added_defendants=tuple(d for d in new.defendants if d not in old_defs),
        removed_defendants=tuple(d for d in old.defendants if d not in new_defs),
        added_counts=tuple(added),
        dropped_counts=() if new_partial else unmapped,
        changed_counts=tuple(changed),
        mapping={n: tuple(t) for n, t in mapping.items()},
        unknown_origin=tuple(unknown),
        not_listed=unmapped if new_partial else (),
    )


def count_lineage(
    case: CriminalCase, start: str | None = None, end: str | None = None
) -> dict[str, tuple[str, ...]]:
    """Each count of version ``start`` (default: first) -> its counts in ``end`` (default: last).

    An empty tuple means the count was dropped on the way.
    """
    labels = [v.label for v in case.versions]
    i = labels.index(case.version(start).label) if start else 0
    j = labels.index(case.version(end).label) if end else len(labels) - 1
    if j < i:
        raise InvalidData.at(N_("the end version comes before the start version"), field="end")
    lineage: dict[str, tuple[str, ...]] = {c.number: (c.number,) for c in case.versions[i].counts}
    for old, new in zip(case.versions[i:j], case.versions[i + 1 : j + 1], strict=True):
        step = diff_versions(old, new).mapping
        lineage = {
            origin: tuple(n for cur in current for n in step.get(cur, ()))
            for origin, current in lineage.items()
        }
    return lineage
