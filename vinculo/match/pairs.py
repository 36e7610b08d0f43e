"""Labelled pairs built from the OFAC list, split into a training and a reported set.

Positives: a listed person against (a) a real OFAC alias of that person that
shares a word with the listed name, or (b) the person as another agency
might write them (:mod:`vinculo.match.variants`). Negatives: different listed
people, above all relatives sharing both surnames (siblings, cousins), then
people sharing the paternal surname or a given name and surname, and
namesakes one generation apart (father and son). Families never straddle
the split: the split key is the surname part of the listed name, so the
reported set holds no relative of anyone trained on.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vinculo.match.ofac import SdnEntry
from vinculo.match.variants import variant_entity
from vinculo.names import fold

__all__ = ["LabelledPair", "build_org_pairs", "build_pairs", "family_key", "split_of"]


@dataclass(frozen=True)
class LabelledPair:
    a: dict[str, Any]
    b: dict[str, Any]
    label: int
    kind: str


def family_key(entry: SdnEntry) -> str:
    """The folded surname part of an OFAC name ("GUZMAN LOERA, Joaquin" -> "guzman loera")."""
    return fold(entry.name.partition(",")[0])


def split_of(entry: SdnEntry) -> str:
    """ "train" or "test", fixed by a hash of the family key (never by chance)."""
    digest = hashlib.sha256(family_key(entry).encode()).digest()
    return "train" if digest[0] % 2 == 0 else "test"


def _shares_word(alias: str, name: str) -> bool:
    return bool(set(fold(alias).split()) & set(fold(name).split()))


class _Ids:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.n = 0

    def __call__(self, tag: str) -> str:
        # Unique per record: peers such as nomenklatura cache analysis by id.
        self.n += 1
        return f"{self.prefix}-{tag}-{self.n}"


def _shifted(entity: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A namesake one generation younger: same name, birth year 18-35 years later."""
    props = {k: list(v) for k, v in entity["properties"].items()}
    dates = props.get("birthDate") or []
    if not dates:
        return entity
    year = int(dates[0][:4]) + rng.randint(18, 35)
    props["birthDate"] = [f"{year}{dates[0][4:]}"]
    for key in ("passportNumber", "idNumber", "taxNumber", "weakAlias"):
        props.pop(key, None)
    return {**entity, "properties": props}


def _person_pairs(people: list[SdnEntry], rng: random.Random, ids: _Ids) -> Iterator[LabelledPair]:
    families: dict[str, list[SdnEntry]] = defaultdict(list)
    by_paternal: dict[str, list[SdnEntry]] = defaultdict(list)
    by_token: dict[str, list[SdnEntry]] = defaultdict(list)
    nick_holders: dict[str, list[SdnEntry]] = defaultdict(list)
    for entry in people:
        for nick in entry.properties.get("weakAlias", []):
            nick_holders[fold(nick)].append(entry)
        key = family_key(entry)
        families[key].append(entry)
        if key:
            by_paternal[key.split()[0]].append(entry)
        for token in set(fold(entry.name).split()):
            by_token[token].append(entry)
    for entry in people:
        listed = entry.entity(ids("list"))
        real = [a for a in entry.aliases if _shares_word(a, entry.name)]
        if real:
            alias = rng.choice(real)
            left = entry.entity(ids("list"))
            left["properties"]["alias"] = [a for a in entry.aliases if a != alias]
            if not left["properties"]["alias"]:
                del left["properties"]["alias"]
            right = variant_entity(listed, rng, ids("alias"), name=alias)
            yield LabelledPair(left, right, 1, "real_alias")
        for _ in range(2):
            yield LabelledPair(
                entry.entity(ids("list")), variant_entity(listed, rng, ids("var")), 1, "variant"
            )
        relatives = [r for r in families[family_key(entry)] if r is not entry]
        paternal = [
            r
            for r in by_paternal[family_key(entry).split()[0] if family_key(entry) else ""]
            if r is not entry and r not in relatives
        ]
        tokens = {t for t in fold(entry.name).split()}
        sharing = {id(r): r for t in tokens for r in by_token[t] if r is not entry}
        groups = (
            ("sibling", relatives, 2),
            ("paternal", paternal, 1),
            ("shared_word", list(sharing.values()), 2),
        )
        for kind, others, count in groups:
            for other in rng.sample(others, min(count, len(others))):
                other_listed = other.entity(ids("other"))
                right = variant_entity(other_listed, rng, ids(kind))
                born = entry.properties.get("birthDate")
                if kind == "shared_word" and born and rng.random() < 0.3:
                    # a different person who happens to be born the same year
                    right["properties"]["birthDate"] = [born[0][:4]]
                yield LabelledPair(entry.entity(ids("list")), right, 0, kind)
        nicks = entry.properties.get("weakAlias", [])
        if nicks and rng.random() < 0.5:
            nick = rng.choice(nicks)
            left = entry.entity(ids("list"))
            left["properties"]["weakAlias"] = [n for n in nicks if n != nick] or [nick]
            right = variant_entity(listed, rng, ids("nick"), name=nick.title())
            right["properties"].pop("weakAlias", None)
            yield LabelledPair(left, right, 1, "nickname_only")
            holders = [o for o in nick_holders[fold(nick)] if o is not entry]
            # other nicknamed people: a nickname alone must not match any nicknamed stranger
            nicknamed = [o for o in people if o.properties.get("weakAlias")]
            strangers = [o for o in rng.sample(nicknamed, min(3, len(nicknamed))) if o is not entry]
            for other in holders[:2] + strangers:
                kind = "same_nickname_other_person" if other in holders else "nickname_other"
                copy = {**right, "id": ids("nick")}  # unique ids: peers cache by id
                yield LabelledPair(other.entity(ids("list")), copy, 0, kind)
        if entry.properties.get("birthDate") and rng.random() < 0.25:
            son = _shifted(variant_entity(listed, rng, ids("son"), name=None), rng)
            if son["properties"].get("birthDate"):
                yield LabelledPair(entry.entity(ids("list")), son, 0, "namesake_generation")


def build_pairs(entries: list[SdnEntry], split: str, seed: int) -> list[LabelledPair]:
    """Labelled person pairs of one split ("train" or "test"), rebuilt exactly from a seed."""
    rng = random.Random(f"{split}-{seed}")
    people = [e for e in entries if e.is_person and split_of(e) == split]
    return list(_person_pairs(people, rng, _Ids(split)))


_ORG_FORMS = ("S.A. de C.V.", "SA DE CV", "S. de R.L. de C.V.", "LLC", "Inc.", "S.A.", "")


def _org_variant(name: str, rng: random.Random) -> str:
    words = fold(name).split()
    roll = rng.random()
    if roll < 0.3 and len(words) > 1:
        i = rng.randrange(len(words))
        if len(words[i]) > 4:
            j = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:j] + words[i][j + 1 :]
    elif roll < 0.6:
        words.append(fold(rng.choice(_ORG_FORMS)))
    text = " ".join(w for w in words if w)
    return text.upper() if rng.random() < 0.5 else text.title()


def build_org_pairs(entries: list[SdnEntry], split: str, seed: int) -> list[LabelledPair]:
    """Labelled organization pairs: aliases and respellings vs other listed organizations."""
    rng = random.Random(f"org-{split}-{seed}")
    ids = _Ids(f"org-{split}")
    orgs = [e for e in entries if not e.is_person and e.sdn_type == "" and split_of(e) == split]
    by_token: dict[str, list[SdnEntry]] = defaultdict(list)
    for entry in orgs:
        for token in set(fold(entry.name).split()):
            if len(token) > 3:
                by_token[token].append(entry)
    pairs: list[LabelledPair] = []
    for entry in orgs:
        listed = entry.entity(ids("list"))
        names = [a for a in entry.aliases if _shares_word(a, entry.name)] or [entry.name]
        variant = _org_variant(rng.choice(names), rng)
        right = {"id": ids("var"), "schema": "Organization", "properties": {"name": [variant]}}
        pairs.append(LabelledPair(listed, right, 1, "org_variant"))
        tokens = {t for t in fold(entry.name).split() if len(t) > 3}
        others = {id(o): o for t in tokens for o in by_token[t] if o is not entry}
        for other in rng.sample(list(others.values()), min(2, len(others))):
            name = _org_variant(other.name, rng)
            other_right = {
                "id": ids("other"),
                "schema": "Organization",
                "properties": {"name": [name]},
            }
            pairs.append(LabelledPair(entry.entity(ids("list")), other_right, 0, "org_other"))
    return pairs
