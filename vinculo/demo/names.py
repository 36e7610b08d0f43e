"""Name material for the demo: Mexican and U.S. given names, surnames and nicknames.

The lists live in data/names.yaml. They are common names (roughly in INEGI/RENAPO
frequency order) so that the generated population collides the way real
populations do: many "José Luis Hernández" who are different people. Nicknames
carry the English rendering a U.S. report would use ("El Flaco" -> "Skinny").
"""

from __future__ import annotations

from pathlib import Path
from random import Random
from typing import NamedTuple

import yaml

from vinculo.demo.util import pick

_DATA = yaml.safe_load((Path(__file__).parent / "data" / "names.yaml").read_text("utf-8"))
MALE_GIVEN: tuple[str, ...] = tuple(_DATA["male_given"])
FEMALE_GIVEN: tuple[str, ...] = tuple(_DATA["female_given"])
MALE_COMPOUND: tuple[str, ...] = tuple(_DATA["male_compound"])
FEMALE_COMPOUND: tuple[str, ...] = tuple(_DATA["female_compound"])
SURNAMES: tuple[str, ...] = tuple(_DATA["surnames"])
ANGLO_MALE: tuple[str, ...] = tuple(_DATA["anglo_male"])
ANGLO_FEMALE: tuple[str, ...] = tuple(_DATA["anglo_female"])
ANGLO_SURNAMES: tuple[str, ...] = tuple(_DATA["anglo_surnames"])
#: Given name -> hypocorisms in everyday Mexican use (José -> Pepe, Jesús -> Chuy).
HYPOCORISMS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["hypocorisms"].items()}
#: Spanish given names and the English form U.S. records sometimes use instead.
ENGLISH_GIVEN: dict[str, str] = dict(_DATA["english_given"])


class Nickname(NamedTuple):
    """An apodo with the English rendering used in U.S. reports."""

    es: str
    en: str


#: (masculine, feminine or "", English)
_NICKNAMES: tuple[tuple[str, str, str], ...] = tuple((m, f, e) for m, f, e in _DATA["nicknames"])


def pick_nickname(rng: Random, gender: str, given: tuple[str, ...]) -> Nickname:
    """An apodo; a fifth are built from the hypocorism ("El Chuy", "Mayito Flaco")."""
    first = given[0]
    roll = rng.random()
    if roll < 0.2 and first in HYPOCORISMS and gender == "male":
        hypo = pick(rng, HYPOCORISMS[first])
        if rng.random() < 0.3:
            return Nickname(f"{hypo} Flaco", f"Skinny {hypo}")
        return Nickname(f"El {hypo}", hypo)
    while True:
        masc, fem, english = pick(rng, _NICKNAMES)
        if gender == "male":
            return Nickname(masc, english)
        if fem:
            return Nickname(fem, english)


def pick_mexican_given(rng: Random, gender: str) -> tuple[str, ...]:
    """Given names as a tuple: ("José", "Luis") for compound names."""
    if gender == "male":
        if rng.random() < 0.35:
            return tuple(pick(rng, MALE_COMPOUND).split(" ", 1))
        return (pick(rng, MALE_GIVEN),)
    if rng.random() < 0.4:
        return tuple(pick(rng, FEMALE_COMPOUND).split(" ", 1))
    return (pick(rng, FEMALE_GIVEN),)


def pick_surname(rng: Random) -> str:
    """Frequency-skewed: the first names of the list come up far more often."""
    return SURNAMES[int(len(SURNAMES) * rng.random() ** 1.8)]


def pick_anglo(rng: Random, gender: str) -> tuple[tuple[str, ...], str]:
    given = pick(rng, ANGLO_MALE if gender == "male" else ANGLO_FEMALE)
    return (given,), pick(rng, ANGLO_SURNAMES)
