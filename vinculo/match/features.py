"""Pair features: what agrees and what conflicts between two analysed entities.

Features are the model's inputs and the analyst's explanation at once, so each
one has a plain meaning ("the maternal surnames differ", "birth years differ
by more than one"). Names are compared part by part, because in Mexican
families the parts carry different evidence: siblings share both surnames and
differ only in given names; a father and his namesake son differ only in
birth date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from vinculo.match.analysis import Date, EntityAnalysis, NameParts
from vinculo.match.tokens import MATCH_THRESHOLD, match_any, match_given, match_surname
from vinculo.names import get_lexicon

__all__ = [
    "ORG_FEATURES",
    "PERSON_FEATURES",
    "PairFeatures",
    "org_features",
    "person_features",
]

PERSON_NAME_FEATURES = (
    "given_first",
    "given_conflict",
    "given_extra_conflict",
    "given_missing",
    "paternal_match",
    "surname_cross",
    "maternal_match",
    "maternal_conflict",
    "maternal_missing",
    "surname_conflict",
    "initial_support",
    "tokens_sim",
    "name_exact",
    "single_token",
)
ENTITY_FEATURES = (
    "nickname_match",
    "nickname_conflict",
    "dob_exact",
    "dob_year",
    "dob_near",
    "dob_conflict",
    "id_match",
    "id_conflict",
    "country_match",
    "country_conflict",
    "gender_conflict",
)
PERSON_FEATURES = PERSON_NAME_FEATURES + ENTITY_FEATURES
ORG_NAME_FEATURES = ("org_sort", "org_set", "org_exact", "org_phonetic", "legal_form_conflict")
ORG_FEATURES = ORG_NAME_FEATURES + ENTITY_FEATURES

Match = tuple[str, str, str, str, float]  # role, token a, token b, kind, similarity


@dataclass(slots=True)
class PairFeatures:
    """Feature values for one pair, with the name pair and token matches behind them."""

    names: tuple[str, ...]
    values: list[float]
    name_a: NameParts | None
    name_b: NameParts | None
    matches: list[Match]


def _best_given(ga: Sequence[str], gb: Sequence[str]) -> tuple[float, list[Match], int, int]:
    """Greedy alignment of given names: (first-name similarity, matches, unmatched a, b)."""
    scored = []
    for i, a in enumerate(ga):
        for j, b in enumerate(gb):
            sim, kind = match_given(a, b)
            if sim >= MATCH_THRESHOLD:
                scored.append((sim - 0.01 * (i + j), sim, i, j, kind))
    scored.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    matches: list[Match] = []
    first = 0.0
    for _, sim, i, j, kind in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matches.append(("given", ga[i], gb[j], kind, sim))
        if i == 0 or j == 0:
            first = max(first, sim)
    return first, matches, len(ga) - len(used_a), len(gb) - len(used_b)


def _compound_given(a: NameParts, b: NameParts) -> Match | None:
    """One side's single hypocorism standing for the other's compound name (Chema = José María)."""
    lex = get_lexicon()
    for one, two in ((a, b), (b, a)):
        if len(one.given) == 1 and len(two.given) >= 2:
            compound = " ".join(two.given[:2])
            if compound in lex.given_canonicals(one.given[0]):
                return ("given", one.given[0], compound, "hypocorism", 0.95)
    return None


def _surnames(a: NameParts, b: NameParts, values: dict[str, float], matches: list[Match]) -> None:
    pa, ma, pb, mb = a.paternal, a.maternal, b.paternal, b.maternal
    if pa and pb:
        sim, kind = match_surname(pa, pb)
        if sim >= MATCH_THRESHOLD:
            values["paternal_match"] = sim
            matches.append(("paternal", pa, pb, kind, sim))
    if ma and mb:
        sim, kind = match_surname(ma, mb)
        if sim >= MATCH_THRESHOLD:
            values["maternal_match"] = sim
            matches.append(("maternal", ma, mb, kind, sim))
    if "paternal_match" not in values:
        # Roles swapped or unknown: "LOERA, Joaquin G." files the maternal surname last.
        cross: Match | None = None
        for x, y in ((pa, mb), (ma, pb)):
            if x and y:
                sim, kind = match_surname(x, y)
                if sim >= MATCH_THRESHOLD and (cross is None or sim > cross[4]):
                    cross = ("surname", x, y, kind, sim)
        if cross is not None:
            values["surname_cross"] = cross[4]
            matches.append(cross)
    surname_hit = any(k in values for k in ("paternal_match", "surname_cross", "maternal_match"))
    if (pa or ma) and (pb or mb) and not surname_hit:
        values["surname_conflict"] = 1.0
    if ma and mb and "maternal_match" not in values and "surname_cross" not in values:
        values["maternal_conflict"] = 1.0
    if bool(ma) != bool(mb) and "paternal_match" in values:
        values["maternal_missing"] = 1.0


def _token_sim(a: Sequence[str], b: Sequence[str]) -> float:
    """Role-agnostic agreement: mean best similarity of every token on both sides."""
    if not a or not b:
        return 0.0
    grid = [[match_any(x, y) for y in b] for x in a]
    total = sum(max(row) for row in grid)
    total += sum(max(grid[i][j] for i in range(len(a))) for j in range(len(b)))
    return total / (len(a) + len(b))


def _name_pair(a: NameParts, b: NameParts) -> tuple[dict[str, float], list[Match]]:
    values: dict[str, float] = {}
    matches: list[Match] = []
    compound = _compound_given(a, b)
    if a.given and b.given:
        if compound is not None:
            values["given_first"] = compound[4]
            matches.append(compound)
        else:
            first, given_matches, left_a, left_b = _best_given(a.given, b.given)
            matches.extend(given_matches)
            if given_matches:
                values["given_first"] = first
                if left_a and left_b:
                    values["given_extra_conflict"] = 1.0
            else:
                values["given_conflict"] = 1.0
    elif a.given or b.given:
        values["given_missing"] = 1.0
    _surnames(a, b, values, matches)
    matched_a = {m[1] for m in matches}
    matched_b = {m[2] for m in matches}
    support = 0
    for initials, others in ((a.initials, b.tokens), (b.initials, a.tokens)):
        for letter in initials:
            if any(t[0] == letter and t not in matched_a | matched_b for t in others):
                support += 1
    if support:
        values["initial_support"] = min(support, 2) / 2
    values["tokens_sim"] = _token_sim(a.tokens, b.tokens)
    if a.tokens and sorted(a.tokens) == sorted(b.tokens):
        values["name_exact"] = 1.0
    if min(len(a.tokens), len(b.tokens)) <= 1:
        values["single_token"] = 1.0
    return values, matches


def _rank(values: dict[str, float]) -> float:
    """Fixed preference used to pick the best pair of names (same at training and scoring)."""
    return (
        2 * values.get("tokens_sim", 0.0)
        + values.get("given_first", 0.0)
        + values.get("paternal_match", 0.0)
        + values.get("maternal_match", 0.0)
        + 0.5 * values.get("surname_cross", 0.0)
        - values.get("given_conflict", 0.0)
        - values.get("surname_conflict", 0.0)
        - 0.5 * values.get("maternal_conflict", 0.0)
    )


def _date_features(da: Sequence[Date], db: Sequence[Date], values: dict[str, float]) -> None:
    if not da or not db:
        return
    best = "conflict"
    for ya, ma, xa in da:
        for yb, mb, xb in db:
            if ya == yb and ma and mb and xa and xb:
                if ma == mb and xa == xb:
                    values["dob_exact"] = 1.0
                    return
                best = "near"
            elif ya == yb:
                best = "year" if best != "near" else best
            elif abs(ya - yb) == 1 and best == "conflict":
                best = "near" if (ma, xa) == (mb, xb) and ma else "conflict"
    values[f"dob_{best}"] = 1.0


def _entity_features(a: EntityAnalysis, b: EntityAnalysis, values: dict[str, float]) -> None:
    if a.nicknames & b.nicknames:
        values["nickname_match"] = 1.0
    elif a.nicknames and b.nicknames:
        values["nickname_conflict"] = 1.0
    _date_features(a.birth_dates, b.birth_dates, values)
    if a.identifiers & b.identifiers:
        values["id_match"] = 1.0
    elif a.strong_ids and b.strong_ids:
        kinds = {k for k, _ in a.strong_ids} & {k for k, _ in b.strong_ids}
        if kinds and not (a.strong_ids & b.strong_ids):
            values["id_conflict"] = 1.0
    if a.countries and b.countries:
        key = "country_match" if a.countries & b.countries else "country_conflict"
        values[key] = 1.0
    if a.gender and b.gender and a.gender != b.gender:
        values["gender_conflict"] = 1.0


def _candidate_names(a: EntityAnalysis, b: EntityAnalysis) -> list[tuple[NameParts, NameParts]]:
    """Name pairs worth comparing: those sharing a sound, or all of them if none does."""
    pairs = [(na, nb) for na in a.names for nb in b.names]
    if len(pairs) <= 2:
        return pairs
    sharing = [(na, nb) for na, nb in pairs if na.phonetic & nb.phonetic]
    return sharing or pairs


def person_features(a: EntityAnalysis, b: EntityAnalysis) -> PairFeatures:
    """Features of two persons, from their best-agreeing pair of names."""
    best: tuple[float, dict[str, float], list[Match], NameParts | None, NameParts | None] = (
        float("-inf"),
        {},
        [],
        None,
        None,
    )
    for na, nb in _candidate_names(a, b):
        values, matches = _name_pair(na, nb)
        rank = _rank(values)
        if rank > best[0]:
            best = (rank, values, matches, na, nb)
    _, values, matches, name_a, name_b = best
    values = dict(values)
    _entity_features(a, b, values)
    vector = [values.get(f, 0.0) for f in PERSON_FEATURES]
    return PairFeatures(PERSON_FEATURES, vector, name_a, name_b, matches)


def org_features(a: EntityAnalysis, b: EntityAnalysis) -> PairFeatures:
    """Features of two organizations (or other non-person entities)."""
    best: tuple[float, dict[str, float], NameParts | None, NameParts | None] = (
        -1.0,
        {},
        None,
        None,
    )
    for na in a.names:
        for nb in b.names:
            values = {
                "org_sort": fuzz.token_sort_ratio(na.text, nb.text) / 100,
                "org_set": fuzz.token_set_ratio(na.text, nb.text) / 100,
            }
            if na.text == nb.text:
                values["org_exact"] = 1.0
            if na.phonetic and nb.phonetic:
                union = na.phonetic | nb.phonetic
                values["org_phonetic"] = len(na.phonetic & nb.phonetic) / len(union)
            if na.maternal and nb.maternal and na.maternal != nb.maternal:
                values["legal_form_conflict"] = 1.0
            rank = values["org_sort"] + values["org_set"] + values.get("org_exact", 0.0)
            if rank > best[0]:
                best = (rank, values, na, nb)
    _, values, name_a, name_b = best
    values = dict(values)
    _entity_features(a, b, values)
    vector = [values.get(f, 0.0) for f in ORG_FEATURES]
    return PairFeatures(ORG_FEATURES, vector, name_a, name_b, [])
