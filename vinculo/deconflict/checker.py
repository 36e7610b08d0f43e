"""Find the conflicts of a new target or event against a registry.

Rules, applied whatever the registry:
- only other agencies' registrations that have not expired take part
  (the registry enforces both);
- identifiers match by equal key (score 1.0); coordinates by distance;
- persons are blocked, prefiltered by name and scored; a conflict needs a
  score at or above the threshold (plain: matcher score; blind: Dice of CLKs);
- plain and blind registrations never meet, and blind tokens meet only tokens
  of the same key id (the key id is part of every token);
- events meet when their discs come within ``buffer_m`` and their windows
  within ``buffer`` of each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from vinculo.deconflict.blind_clk import blind_score
from vinculo.deconflict.geo import (
    discs_meet,
    haversine_m,
    point_probe_keys,
    probe_keys,
    windows_meet,
)
from vinculo.deconflict.model import (
    Event,
    MatchKind,
    PersonFeatures,
    Target,
    TargetSpec,
)
from vinculo.deconflict.person import Scorer, date_agreement, default_scorer, name_similarities
from vinculo.deconflict.registry import Registry, person_blocks
from vinculo.exc import InvalidData
from vinculo.i18n import N_


@dataclass(frozen=True)
class CheckSettings:
    """Thresholds and bounds of conflict detection (all configurable)."""

    person_threshold: float = 0.80
    blind_threshold: float = 0.20
    #: Name prefilter before the (slower) matcher runs; a cheap lower bound.
    prefilter: float = 0.55
    rerank_top: int = 10
    max_block: int = 5_000
    max_candidates: int = 200
    point_match_m: float = 60.0
    buffer_m: float = 250.0
    buffer: timedelta = timedelta(hours=2)
    max_radius_m: float = 100_000.0
    max_window: timedelta = timedelta(days=92)
    accepted_key_ids: frozenset[str] | None = None


@dataclass(frozen=True)
class Hit:
    """One existing registration a new one conflicts with."""

    match: MatchKind
    score: float
    other: Target | Event


@dataclass
class Checker:
    registry: Registry
    settings: CheckSettings = field(default_factory=CheckSettings)
    scorer: Scorer = field(default_factory=default_scorer)

    def check_target(self, spec: TargetSpec, agency: str, today: date) -> list[Hit]:
        """Conflicts of a target not yet registered, best first, one per other target."""
        accepted = self.settings.accepted_key_ids
        if spec.blind and accepted is not None and spec.key_id not in accepted:
            raise InvalidData.at(
                N_("key id {key_id!r} is not accepted now"), field="key_id", key_id=spec.key_id
            )
        best: dict[str, Hit] = {}

        def keep(hit: Hit) -> None:
            other_id = hit.other.id
            if other_id not in best or hit.score > best[other_id].score:
                best[other_id] = hit

        for other in self.registry.targets_by_keys(spec.keys, agency, today):
            keep(Hit(MatchKind.IDENTIFIER, 1.0, other))
        self._check_point(spec, agency, today, keep)
        for other, score in self._person_hits(spec, agency, today):
            keep(Hit(MatchKind.PERSON, score, other))
        return sorted(best.values(), key=lambda h: (-h.score, h.other.id))

    def _check_point(
        self, spec: TargetSpec, agency: str, today: date, keep: Callable[[Hit], None]
    ) -> None:
        if spec.probes:  # blind: neighbouring cells, no distance to verify
            for other in self.registry.targets_by_keys(spec.probes, agency, today):
                keep(Hit(MatchKind.IDENTIFIER, 0.75, other))
        if spec.point is None:
            return
        limit = self.settings.point_match_m
        for other in self.registry.targets_by_keys(point_probe_keys(*spec.point), agency, today):
            if other.spec.point is None:
                continue
            dist = haversine_m(*spec.point, *other.spec.point)
            if dist <= limit:
                keep(Hit(MatchKind.IDENTIFIER, 1.0 - 0.5 * dist / limit, other))

    def _person_hits(
        self, spec: TargetSpec, agency: str, today: date
    ) -> list[tuple[Target, float]]:
        blocks = person_blocks(spec)
        if not blocks:
            return []
        s = self.settings
        found = self.registry.person_candidates(
            blocks, agency, today, s.max_block, s.max_candidates
        )
        if spec.blind_person is not None:
            hits = []
            for other in found:
                theirs = other.spec.blind_person
                if theirs is None or other.spec.key_id != spec.key_id:
                    continue
                score = blind_score(spec.blind_person, theirs)
                if score >= s.blind_threshold:
                    hits.append((other, score))
            return hits
        person = spec.person
        assert person is not None  # person_blocks returned plain blocks
        return self._score_plain(person, [o for o in found if o.spec.person is not None])

    def _score_plain(
        self, person: PersonFeatures, found: list[Target]
    ) -> list[tuple[Target, float]]:
        """Cheap name prefilter, then the matcher on the best few.

        The few are ranked by `fallback_score` (name similarity, vectorised,
        adjusted by birth-date agreement), not by name alone: among thousands
        of Abel Rodríguez the one born the same day must reach the matcher.
        """
        s = self.settings
        others = [o.spec.person for o in found if o.spec.person is not None]
        sims = name_similarities(person.norm, [o.norm for o in others])
        pre = []
        for order, (sim, other) in enumerate(zip(sims, others, strict=True)):
            if sim >= s.prefilter:
                mult, bonus = date_agreement(person.birth_dates, other.birth_dates)
                pre.append((-(sim * mult + bonus), order))
        pre.sort()
        hits = []
        for _, order in pre[: s.rerank_top]:
            other_target = found[order]
            assert other_target.spec.person is not None
            score = self.scorer(person, other_target.spec.person)
            if score >= s.person_threshold:
                hits.append((other_target, score))
        return hits

    def check_event(self, event: Event, today: date) -> list[Hit]:
        """Operations of other agencies whose place and time meet this one."""
        s = self.settings
        if event.radius_m > s.max_radius_m:
            raise InvalidData.at(
                N_("radius above {max_radius_m:.0f} m; split the operation"),
                field="radius_m",
                max_radius_m=s.max_radius_m,
            )
        if event.end - event.start > s.max_window:
            raise InvalidData.at(
                N_("window longer than {days} days; split it"), field="end", days=s.max_window.days
            )
        keys = probe_keys(
            event.lat, event.lon, event.radius_m, event.start, event.end,
            buffer_m=s.buffer_m, buffer=s.buffer,
        )  # fmt: skip
        hits = []
        for other in self.registry.events_by_keys(keys, event.registration.agency, today):
            if other.id == event.id:
                continue
            near = discs_meet(
                event.lat,
                event.lon,
                event.radius_m,
                other.lat,
                other.lon,
                other.radius_m,
                s.buffer_m,
            )
            if not near or not windows_meet(
                event.start, event.end, other.start, other.end, s.buffer
            ):
                continue
            strict = discs_meet(
                event.lat, event.lon, event.radius_m, other.lat, other.lon, other.radius_m, 0.0
            ) and windows_meet(event.start, event.end, other.start, other.end, timedelta(0))
            hits.append(Hit(MatchKind.OVERLAP, 1.0 if strict else 0.75, other))
        return sorted(hits, key=lambda h: (-h.score, h.other.id))
