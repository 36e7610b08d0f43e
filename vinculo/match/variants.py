"""How another agency writes a listed person: a seeded simulator of clerks.

Positive training and evaluation pairs need the spellings real records show:
natural word order, dropped maternal surname or second given name,
hypocorisms, anglicised given names, accents added, Spanish phonetic
respellings, keyboard typos, the U.S. "MATERNAL, Given P." form, hyphenated
surnames, and partial or missing birth dates. Every change is drawn from a
seeded ``random.Random`` so a pair set can be rebuilt exactly.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from vinculo.names import get_lexicon, parse_person_name

__all__ = ["ACCENTS", "respell", "variant_entity", "variant_name"]

ACCENTS = {
    "jose": "José", "maria": "María", "jesus": "Jesús", "joaquin": "Joaquín", "ivan": "Iván",
    "ramon": "Ramón", "angel": "Ángel", "raul": "Raúl", "ruben": "Rubén", "martin": "Martín",
    "hernandez": "Hernández", "lopez": "López", "perez": "Pérez", "gonzalez": "González",
    "martinez": "Martínez", "rodriguez": "Rodríguez", "sanchez": "Sánchez", "ramirez": "Ramírez",
    "gomez": "Gómez", "diaz": "Díaz", "vazquez": "Vázquez", "jimenez": "Jiménez",
    "fernandez": "Fernández", "gutierrez": "Gutiérrez", "alvarez": "Álvarez", "garcia": "García",
    "guzman": "Guzmán", "nunez": "Núñez", "munoz": "Muñoz", "pena": "Peña", "ibanez": "Ibáñez",
    "beltran": "Beltrán", "leon": "León", "cardenas": "Cárdenas", "felix": "Félix",
    "hector": "Héctor", "oscar": "Óscar", "cesar": "César", "german": "Germán",
    "tomas": "Tomás", "andres": "Andrés", "nicolas": "Nicolás", "sebastian": "Sebastián",
    "julian": "Julián", "adrian": "Adrián", "efrain": "Efraín", "avila": "Ávila",
    "mendez": "Méndez", "marquez": "Márquez", "dominguez": "Domínguez", "chavez": "Chávez",
}  # fmt: skip

_RESPELL: tuple[tuple[str, str], ...] = (
    (r"v", "b"), (r"b", "v"), (r"z", "s"), (r"s$", "z"), (r"ll", "y"), (r"y", "ll"),
    (r"j(?=[ei])", "g"), (r"g(?=[ei])", "j"), (r"x", "j"), (r"^h", ""), (r"^(?=[aeiou])", "h"),
    (r"qu(?=[ei])", "k"), (r"c(?=[ei])", "s"), (r"ez$", "es"), (r"es$", "ez"),
)  # fmt: skip
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def respell(word: str, rng: random.Random) -> str:
    """One Spanish phonetic respelling of a lowercase word (or the word unchanged)."""
    rules = [(p, r) for p, r in _RESPELL if re.search(p, word)]
    if not rules:
        return word
    pattern, repl = rng.choice(rules)
    return re.sub(pattern, repl, word, count=1)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("delete", "swap", "replace", "insert"))
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "replace":
        return word[:i] + rng.choice(_KEYS) + word[i + 1 :]
    return word[:i] + rng.choice(_KEYS) + word[i:]


def _hypocorism(given: str, rng: random.Random) -> str:
    lex = get_lexicon()
    options = sorted(
        alias
        for alias, forms in lex.given_forms.items()
        if given in forms and alias != given and " " not in alias
    )
    return rng.choice(options) if options else given


def variant_name(name: str, rng: random.Random, changes: int | None = None) -> str:
    """A plausible rewrite of ``name`` by another agency (1 to 3 changes)."""
    parsed = parse_person_name(name)
    given = [g for g in parsed.given]
    pat, mat = parsed.paternal, parsed.maternal
    if not given and not pat:
        return name
    edits: list[Callable[[], None]] = []
    form = {"style": "natural"}

    def drop_maternal() -> None:
        nonlocal mat
        mat = None

    def drop_second() -> None:
        del given[1:]

    def hypo() -> None:
        given[0] = _hypocorism(given[0], rng)

    def phonetic() -> None:
        words = [*given, *(s for s in (pat, mat) if s)]
        target = rng.choice(words)
        _replace(target, respell(target, rng))

    def typo() -> None:
        words = [*given, *(s for s in (pat, mat) if s)]
        target = rng.choice(words)
        _replace(target, _typo(target, rng))

    def _replace(old: str, new: str) -> None:
        nonlocal pat, mat
        if old in given:
            given[given.index(old)] = new
        elif old == pat:
            pat = new
        elif old == mat:
            mat = new

    def style(kind: str) -> Callable[[], None]:
        def apply() -> None:
            form["style"] = kind

        return apply

    if mat:
        edits.append(drop_maternal)
    if len(given) > 1:
        edits.append(drop_second)
    if given:
        edits.append(hypo)
    edits += [phonetic, typo, style("comma"), style("upper"), style("accents")]
    if pat and mat:
        edits += [style("us"), style("hyphen")]
    count = changes if changes is not None else rng.choice((1, 1, 2, 2, 3))
    for edit in rng.sample(edits, min(count, len(edits))):
        edit()
    return _render(given, pat, mat, form["style"], rng)


def _render(
    given: list[str], pat: str | None, mat: str | None, style: str, rng: random.Random
) -> str:
    def cap(word: str) -> str:
        if style == "accents" and word in ACCENTS:
            return ACCENTS[word]
        return " ".join(
            w if w in ("de", "del", "la", "y") else w.capitalize() for w in word.split()
        )

    g = " ".join(cap(w) for w in given)
    surnames = [s for s in (pat, mat) if s]
    if style == "comma":
        return f"{' '.join(s.upper() for s in surnames)}, {g}".strip(", ")
    if style == "us" and pat and mat and given:
        return f"{mat.upper()}, {g} {pat[0].upper()}."
    if style == "hyphen" and len(surnames) == 2:
        return f"{g} {cap(surnames[0])}-{cap(surnames[1])}".strip()
    if style == "upper":
        return f"{g} {' '.join(s.upper() for s in surnames)}".strip()
    return f"{g} {' '.join(cap(s) for s in surnames)}".strip()


def _dates(dates: list[str], rng: random.Random) -> list[str]:
    if not dates:
        return []
    value = dates[0]
    roll = rng.random()
    if roll < 0.3:
        return []
    if roll < 0.5:
        return [value[:4]]
    return [value]


def variant_entity(
    entity: dict[str, Any], rng: random.Random, entity_id: str, name: str | None = None
) -> dict[str, Any]:
    """Another agency's record of ``entity``: a rewritten name and a partial set of facts."""
    props = entity["properties"]
    source = name or props["name"][0]
    out: dict[str, list[str]] = {"name": [variant_name(source, rng) if name is None else name]}
    dates = _dates(list(props.get("birthDate", [])), rng)
    if dates:
        out["birthDate"] = dates
    if props.get("nationality") and rng.random() < 0.5:
        out["nationality"] = list(props["nationality"][:1])
    for prop in ("passportNumber", "idNumber", "taxNumber"):
        if props.get(prop) and rng.random() < 0.15:
            out[prop] = [props[prop][0]]
    if props.get("gender") and rng.random() < 0.5:
        out["gender"] = list(props["gender"])
    if props.get("weakAlias") and rng.random() < 0.3:
        out["weakAlias"] = [rng.choice(props["weakAlias"])]
    return {"id": entity_id, "schema": entity["schema"], "properties": out}
