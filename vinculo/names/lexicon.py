"""The curated word lists behind name matching, loaded from ``data/``.

The lists are data, not code, so a linguist can correct them without
touching Python: each YAML file documents its sources in its header. Files are
read once from the installed package (no network, no user files) and folded
with :func:`vinculo.names.normalize.fold` so lookups work on folded tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from vinculo.names.normalize import fold

__all__ = ["Lexicon", "get_lexicon"]


def _load(name: str) -> dict[str, Any]:
    text = resources.files("vinculo.names").joinpath("data", name).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


def _folded(words: list[Any]) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in words if fold(str(w)))


@dataclass(frozen=True)
class Lexicon:
    """Folded lookup tables built from the data files."""

    # hypocorism or given name -> the given names it may stand for (itself included)
    given_forms: dict[str, frozenset[str]]
    # nickname -> group id shared by its translations
    nickname_groups: dict[str, int]
    articles: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    honorifics: frozenset[str]
    alias_markers: tuple[str, ...]
    given_names: frozenset[str]
    surname_given: frozenset[str]
    # folded spelling (tuple of tokens) -> comparison code, longest spellings first
    legal_forms: tuple[tuple[tuple[str, ...], str], ...]
    # given name or hypocorism -> one representative of everything it may stand for
    given_clusters: dict[str, str]

    def given_canonicals(self, token: str) -> frozenset[str]:
        """Given names a (possibly hypocoristic) token may stand for."""
        forms = self.given_forms.get(token)
        return forms if forms is not None else frozenset((token,))

    def is_given_name(self, token: str) -> bool:
        return token in self.given_names or token in self.given_forms


def _given_forms(hypo: dict[str, Any], trans: dict[str, Any]) -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}

    def link(alias: str, canonical: str) -> None:
        forms.setdefault(alias, {alias}).add(canonical)
        forms.setdefault(canonical, {canonical})

    for canonical, aliases in hypo["hypocorisms"].items():
        key = fold(str(canonical))
        for alias in aliases:
            link(fold(str(alias)), key)
    # Translation groups make every member stand for the whole group.
    for group in trans["groups"]:
        members = [fold(str(m)) for m in group]
        for member in members:
            for other in members:
                link(member, other)
    return {k: frozenset(v) for k, v in forms.items()}


def _clusters(forms: dict[str, frozenset[str]]) -> dict[str, str]:
    """Union-find over "may stand for": Beto joins Alberto, Roberto and Humberto in one cluster.

    Blocking needs one key per name that every variant shares; the clusters
    are coarse on purpose (the matcher, not the index, tells Alberto from Roberto).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for name, linked in forms.items():
        for other in linked:
            union(name, other)
        if " " in name:
            # a compound (José María) blocks with its first word, as "Chema" must meet "José M."
            union(name, name.split()[0])
    return {name: find(name) for name in forms}


@cache
def get_lexicon() -> Lexicon:
    """The lexicon of the installed data files (built once per process)."""
    hypo = _load("hypocorisms.yml")
    trans = _load("given_translations.yml")
    nick = _load("nicknames.yml")
    parts = _load("name_parts.yml")
    legal = _load("legal_forms.yml")
    nickname_groups: dict[str, int] = {}
    for number, group in enumerate(nick["groups"]):
        for word in group:
            nickname_groups.setdefault(fold(str(word)), number)
    spellings: list[tuple[tuple[str, ...], str]] = []
    for code, variants in legal["forms"].items():
        for variant in [code, *variants]:
            spellings.append((tuple(fold(str(variant)).split()), str(code)))
    spellings.sort(key=lambda item: -len(item[0]))
    given_forms = _given_forms(hypo, trans)
    return Lexicon(
        given_forms=given_forms,
        given_clusters=_clusters(given_forms),
        nickname_groups=nickname_groups,
        articles=_folded(nick["articles"]),
        particles=_folded(parts["particles"]),
        suffixes=_folded(parts["suffixes"]),
        honorifics=_folded(parts["honorifics"]),
        alias_markers=tuple(sorted(_folded(parts["alias_markers"]), key=len, reverse=True)),
        given_names=_folded(parts["given_names"]),
        surname_given=_folded(parts["surname_given"]),
        legal_forms=tuple(dict.fromkeys(spellings)),
    )
