"""``compare(a, b)``: how likely two entities are the same, and why.

The score is the fitted model's probability; the explanation lists every
feature that fired with its weight and contribution to the log-odds, plus the
name parts that were matched and how ("chuy ~ jesus: hypocorism"), so an
analyst can see that a birth-date conflict, not the names, pulled a score down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from vinculo.i18n import N_
from vinculo.match.analysis import EntityAnalysis, analyze
from vinculo.match.features import PairFeatures, org_features, person_features
from vinculo.match.model import LinearModel, MatcherModel, get_model

__all__ = ["FEATURE_TEXT", "Contribution", "MatchResult", "compare", "compare_analyses"]

FEATURE_TEXT: dict[str, str] = {
    "given_first": N_("first given names agree"),
    "given_conflict": N_("given names differ"),
    "given_extra_conflict": N_("second given names differ"),
    "given_missing": N_("given names missing on one side"),
    "paternal_match": N_("paternal surnames agree"),
    "surname_cross": N_("a surname agrees in another position (paternal/maternal swapped)"),
    "maternal_match": N_("maternal surnames agree"),
    "maternal_conflict": N_("maternal surnames differ"),
    "maternal_missing": N_("maternal surname missing on one side"),
    "surname_conflict": N_("no surname agrees"),
    "initial_support": N_("an initial stands for a name on the other side"),
    "tokens_sim": N_("overall similarity of name words"),
    "name_exact": N_("the same name words"),
    "single_token": N_("a one-word name"),
    "nickname_match": N_("same nickname (or its translation)"),
    "nickname_conflict": N_("different nicknames"),
    "dob_exact": N_("same birth date"),
    "dob_year": N_("same birth year (one date is partial)"),
    "dob_near": N_("birth dates differ by a likely typo"),
    "dob_conflict": N_("birth dates differ"),
    "id_match": N_("a shared identifier"),
    "id_conflict": N_("different CURP/RFC"),
    "country_match": N_("a shared nationality or country"),
    "country_conflict": N_("no shared nationality or country"),
    "gender_conflict": N_("different gender"),
    "org_sort": N_("organization names agree (word order ignored)"),
    "org_set": N_("one organization name contains the other"),
    "org_exact": N_("the same organization name"),
    "org_phonetic": N_("organization names sound alike"),
    "legal_form_conflict": N_("different legal forms"),
}

_PERSON_LIKE = frozenset({"Person"})
_ORG_LIKE = frozenset({"Organization", "Company", "PublicBody"})


class _HasToDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


Entity = Mapping[str, Any] | _HasToDict


@dataclass(frozen=True, slots=True)
class Contribution:
    """One fired feature: its value, its weight, and value x weight in log-odds."""

    feature: str
    value: float
    weight: float
    text: str

    @property
    def contribution(self) -> float:
        return self.value * self.weight

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "value": round(self.value, 3),
            "weight": round(self.weight, 3),
            "contribution": round(self.contribution, 3),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class MatchResult:
    score: float
    features: tuple[Contribution, ...] = ()
    names: tuple[str, str] | None = None
    parts: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def explanation(self) -> dict[str, Any]:
        """Readable account of the score (JSON-ready)."""
        ranked = sorted(self.features, key=lambda c: -abs(c.contribution))
        return {
            "names": list(self.names) if self.names else None,
            "parts": list(self.parts),
            "features": [c.to_dict() for c in ranked],
            "notes": list(self.notes),
        }

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 4), "explanation": self.explanation}


def _as_dict(entity: Entity) -> Mapping[str, Any]:
    if isinstance(entity, Mapping):
        return entity
    return entity.to_dict()


def _incompatible(a: str, b: str) -> bool:
    return (a in _PERSON_LIKE and b in _ORG_LIKE) or (b in _PERSON_LIKE and a in _ORG_LIKE)


def _result(model: LinearModel, pair: PairFeatures, explain: bool) -> MatchResult:
    score = model.score(pair.values)
    if not explain:
        return MatchResult(score)
    weights = dict(zip(model.features, model.weights, strict=True))
    fired = tuple(
        Contribution(name, value, weights[name], FEATURE_TEXT.get(name, name))
        for name, value in zip(pair.names, pair.values, strict=True)
        if value
    )
    names = None
    if pair.name_a is not None and pair.name_b is not None:
        names = (pair.name_a.text, pair.name_b.text)
    parts = tuple(f"{role}: {x} ~ {y} ({kind})" for role, x, y, kind, _ in pair.matches)
    return MatchResult(score, fired, names, parts)


def compare_analyses(
    a: EntityAnalysis, b: EntityAnalysis, *, explain: bool = True, model: MatcherModel | None = None
) -> MatchResult:
    """Score two analysed entities (the screening index calls this directly)."""
    model = model or get_model()
    if _incompatible(a.schema, b.schema):
        note = f"a {a.schema} cannot be the same as a {b.schema}"
        return MatchResult(0.0, notes=(note,))
    if not a.names and not b.names and not (a.nicknames & b.nicknames):
        return MatchResult(0.0, notes=("no names to compare",))
    if a.is_person or b.is_person:
        return _result(model.person, person_features(a, b), explain)
    return _result(model.org, org_features(a, b), explain)


def compare(a: Entity, b: Entity, *, explain: bool = True) -> MatchResult:
    """Score two FtM entity dicts (or objects with ``to_dict()``) in [0, 1], with reasons."""
    return compare_analyses(analyze(_as_dict(a)), analyze(_as_dict(b)), explain=explain)
