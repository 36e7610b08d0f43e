"""How an agency writes a name, a date or a number: layouts, accents, typos, mix-ups.

Each function takes the agency's random stream, so that noise is as
reproducible as the world it distorts.
"""

from __future__ import annotations

from datetime import date
from random import Random

from anyascii import anyascii

from vinculo.demo.agencies import Agency
from vinculo.demo.names import ENGLISH_GIVEN, HYPOCORISMS
from vinculo.demo.truth import Person
from vinculo.demo.util import below, between, pick

#: Letters that Spanish speakers and U.S. clerks mix up, and keys next to each other.
_SWAPS = {
    "v": "b",
    "b": "v",
    "s": "z",
    "z": "s",
    "c": "s",
    "y": "ll",
    "ll": "y",
    "j": "h",
    "x": "j",
    "h": "",
    "qu": "k",
    "gu": "g",
    "ie": "ei",
    "rr": "r",
}
_KEYS = "qwertyuiopasdfghjklzxcvbnm"
_NEAR = {ch: _KEYS[max(0, i - 1)] + _KEYS[min(len(_KEYS) - 1, i + 1)] for i, ch in enumerate(_KEYS)}


_LATIN = str.maketrans("ÁÉÍÓÚÜÑáéíóúüñ", "AEIOUUNaeiouun")


def strip_accents(text: str) -> str:
    text = text.translate(_LATIN)
    return text if text.isascii() else anyascii(text)


def typo(rng: Random, word: str) -> str:
    """One plausible error: a phonetic swap, a dropped, doubled or mistyped letter."""
    if len(word) < 4:
        return word
    roll = rng.random()
    lower = word.lower()
    if roll < 0.4:
        for src, dst in rng.sample(list(_SWAPS.items()), len(_SWAPS)):
            pos = lower.find(src, 1)
            if pos > 0:
                repl = dst.upper() if word[pos].isupper() else dst
                return word[:pos] + repl + word[pos + len(src) :]
    pos = between(rng, 1, len(word) - 1)
    if roll < 0.6:
        return word[:pos] + word[pos + 1 :]
    if roll < 0.75:
        return word[:pos] + word[pos] + word[pos:]
    if roll < 0.9:
        return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    near = _NEAR.get(word[pos].lower())
    if not near:
        return word
    ch = pick(rng, near)
    return word[:pos] + (ch.upper() if word[pos].isupper() else ch) + word[pos + 1 :]


def _given(rng: Random, agency: Agency, given: tuple[str, ...]) -> tuple[str, ...]:
    """Compound given names get cut or abbreviated; U.S. clerks sometimes anglicise."""
    roll = rng.random()
    if len(given) > 1 and roll < 0.2:
        return given[:1]
    if len(given) > 1 and roll < 0.3:
        first = given[0]
        abbrev = "Ma." if first == "María" else f"{first[0]}."
        return (abbrev, *given[1:])
    if len(given) > 1 and roll < 0.36:
        return given[1:]
    if agency.lang == "en" and roll > 0.96 and given[0] in ENGLISH_GIVEN:
        return (ENGLISH_GIVEN[given[0]], *given[1:])
    return given


def render_name(rng: Random, agency: Agency, person: Person) -> dict[str, list[str]]:
    """The name properties of one record, in one of the agency's layouts."""
    styles, weights = zip(*agency.name_styles, strict=True)
    style = rng.choices(styles, weights)[0]
    given = list(_given(rng, agency, person.given))
    pat, mat = person.paternal, person.maternal
    if rng.random() < agency.typo:
        target = below(rng, 3)
        if target == 0:
            given[0] = typo(rng, given[0])
        elif target == 1 or not mat:
            pat = typo(rng, pat)
        else:
            mat = typo(rng, mat)
    first, middle = given[0], " ".join(given[1:])
    surnames = f"{pat} {mat}".strip()
    props: dict[str, list[str]]
    if style == "us_comma":
        last = surnames.upper()
        props = {"name": [f"{last}, {' '.join(given)}"], "firstName": [first], "lastName": [last]}
    elif style == "us_dropped":
        props = {"name": [f"{' '.join(given)} {pat}"], "firstName": [first], "lastName": [pat]}
    elif style == "us_maternal_last" and mat:
        props = {
            "name": [f"{' '.join(given)} {pat} {mat}"],
            "firstName": [first],
            "middleName": [f"{middle} {pat}".strip()],
            "lastName": [mat],
        }
        middle = ""
    elif style == "us_hyphen" and mat:
        last = f"{pat}-{mat}"
        props = {"name": [f"{' '.join(given)} {last}"], "firstName": [first], "lastName": [last]}
    elif style == "mx_registry":
        full = f"{surnames} {' '.join(given)}".upper()
        props = {
            "name": [full],
            "firstName": [" ".join(given).upper()],
            "lastName": [surnames.upper()],
        }
        middle = ""
    else:  # mx_full, and the U.S. layouts when there is no maternal surname
        props = {
            "name": [f"{' '.join(given)} {surnames}"],
            "firstName": [" ".join(given)],
            "lastName": [surnames],
        }
        middle = ""
    if middle:
        props["middleName"] = [middle]
    if rng.random() > agency.accents:
        props = {k: [strip_accents(v) for v in vs] for k, vs in props.items()}
    return props


def render_aliases(rng: Random, agency: Agency, person: Person) -> list[str]:
    """Apodos as the agency writes them: with or without article, or in English."""
    out: list[str] = []
    nick = person.nickname
    if nick is not None:
        if rng.random() < agency.translate_nickname:
            out.append(nick.en)
        else:
            text = nick.es
            if rng.random() < 0.35 and text.split(" ", 1)[0] in ("El", "La"):
                text = text.split(" ", 1)[1]
            if agency.lang == "en" or rng.random() < 0.3:
                text = text.upper()
            out.append(text if rng.random() < agency.accents + 0.2 else strip_accents(text))
    hypos = HYPOCORISMS.get(person.given[0])
    if hypos and rng.random() < 0.25:
        out.append(f"{pick(rng, hypos)} {person.paternal}")
    return out


def render_birth(rng: Random, agency: Agency, born: date) -> list[str]:
    """A birth date as held: exact, year only, day and month swapped, or just wrong."""
    roll = rng.random()
    if roll < agency.year_only:
        return [str(born.year)]
    roll -= agency.year_only
    if roll < agency.swap_day_month and born.day <= 12 and born.day != born.month:
        return [date(born.year, born.day, born.month).isoformat()]
    roll -= agency.swap_day_month
    if roll < agency.wrong_birth:
        wrong = born.replace(year=born.year + pick(rng, (-2, -1, 1, 2)), day=min(born.day, 28))
        values = [wrong.isoformat()]
        if rng.random() < 0.5:
            values.append(born.isoformat())  # both dates on file, as often happens
        return values
    return [born.isoformat()]


def mangle_number(rng: Random, text: str, rate: float) -> str:
    """A mistyped digit in a phone, plate or account number, now and then."""
    if rng.random() >= rate:
        return text
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) < 5:
        return text
    pos = pick(rng, digits[-6:])
    return text[:pos] + str((int(text[pos]) + between(rng, 1, 9 + 1)) % 10) + text[pos + 1 :]


def plate_variant(rng: Random, plate: str) -> str:
    """Plates read off a camera or a form lose their dashes or confuse O and 0."""
    roll = rng.random()
    if roll < 0.25:
        return plate.replace("-", "").replace(" ", "")
    if roll < 0.3:
        return plate.replace("0", "O", 1)
    return plate
