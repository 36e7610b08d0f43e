"""Identifiers with real structure: CURP, RFC, CLABE, ABA routing numbers, passports.

The name-derived parts follow RENAPO's and SAT's published rules (particles
dropped, "José"/"María" skipped in compound given names, inconvenient words
masked) and the check digits come from python-stdnum, so a matcher can use
them as strong identifiers exactly as it would with real records.
"""

from __future__ import annotations

import itertools
from datetime import date
from random import Random

from anyascii import anyascii
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

from vinculo.demo.util import below, between, pick

_PARTICLES = frozenset(
    [
        "DA",
        "DAS",
        "DE",
        "DEL",
        "DER",
        "DI",
        "DIE",
        "DD",
        "EL",
        "LA",
        "LOS",
        "LAS",
        "LE",
        "LES",
        "MAC",
        "MC",
        "VAN",
        "VON",
        "Y",
    ]
)
_SKIPPED_GIVEN = frozenset({"JOSE", "J", "MARIA", "MA", "M"})
_VOWELS = "AEIOU"
_CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


_SPANISH = str.maketrans("ÁÉÍÓÚÜáéíóúüñ", "AEIOUUaeiouuÑ")


def _plain(text: str) -> str:
    """Upper case, accents removed; Ñ kept as a marker (it becomes X in the codes)."""
    text = text.translate(_SPANISH)
    if not text.isascii():
        text = "".join(ch if ch == "Ñ" else anyascii(ch) for ch in text)
    return text.upper()


def _significant(text: str) -> str:
    words = [w for w in _plain(text).replace(".", " ").split() if w not in _PARTICLES]
    return words[0] if words else "X"


def _given_word(given: tuple[str, ...]) -> str:
    words = [w for w in _plain(" ".join(given)).replace(".", " ").split() if w not in _PARTICLES]
    if len(words) > 1 and words[0] in _SKIPPED_GIVEN:
        return words[1]
    return words[0] if words else "X"


def _first_inner(word: str, alphabet: str) -> str:
    for ch in word[1:]:
        if ch in alphabet:
            return ch
    return "X"


def _letter(word: str) -> str:
    ch = word[0] if word else "X"
    return "X" if ch == "Ñ" or ch not in _LETTERS else ch


def name_key(paternal: str, maternal: str | None, given: tuple[str, ...]) -> str:
    """The four letters shared by CURP and RFC (inconvenient words masked)."""
    pat = _significant(paternal)
    mat = _significant(maternal) if maternal else "X"
    giv = _given_word(given)
    key = _letter(pat) + _first_inner(pat, _VOWELS) + _letter(mat) + _letter(giv)
    if key in stdnum_curp._name_blacklist or key in stdnum_rfc._name_blacklist:
        key = key[0] + "X" + key[2:]
    return key


def curp(
    paternal: str,
    maternal: str | None,
    given: tuple[str, ...],
    born: date,
    gender: str,
    state_code: str,
    rng: Random,
) -> str:
    """A CURP with a valid check digit; the differentiator is drawn as RENAPO assigns it."""
    pat = _significant(paternal)
    mat = _significant(maternal) if maternal else "X"
    giv = _given_word(given)
    inner = "".join(_first_inner(w, _CONSONANTS) for w in (pat, mat, giv)).replace("Ñ", "X")
    diff = str(below(rng, 10)) if born.year < 2000 else pick(rng, _LETTERS)
    body = (
        name_key(paternal, maternal, given)
        + born.strftime("%y%m%d")
        + ("H" if gender == "male" else "M")
        + state_code
        + inner
        + diff
    )
    return body + stdnum_curp.calc_check_digit(body)


_HOMOCLAVE = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
_HOMO_CODES: dict[str, str] = (
    {" ": "00", "&": "10", "Ñ": "40"}
    | {ch: f"0{ch}" for ch in "0123456789"}
    | {chr(ord("A") + i): str(11 + i) for i in range(9)}
    | {chr(ord("J") + i): str(21 + i) for i in range(9)}
    | {chr(ord("S") + i): str(32 + i) for i in range(8)}
)


def _homoclave(full_name: str) -> str:
    """SAT's homoclave: a digit string from the name, summed pairwise, base 34."""
    text = "0" + "".join(_HOMO_CODES.get(ch, "") for ch in _plain(full_name))
    digits = [ord(ch) - 48 for ch in text]
    total = sum((10 * a + b) * b for a, b in itertools.pairwise(digits))
    value = total % 1000
    return _HOMOCLAVE[value // 34] + _HOMOCLAVE[value % 34]


def rfc_person(paternal: str, maternal: str | None, given: tuple[str, ...], born: date) -> str:
    """The 13-character RFC of a natural person, with homoclave and check digit."""
    full = f"{paternal} {maternal or ''} {' '.join(given)}".replace("  ", " ")
    body = name_key(paternal, maternal, given) + born.strftime("%y%m%d") + _homoclave(full)
    return body + stdnum_rfc.calc_check_digit(body)


def rfc_company(name: str, founded: date) -> str:
    """The 12-character RFC of a legal person: initials of the name, date, homoclave."""
    words = [
        w
        for w in _plain(name).replace(",", " ").replace(".", " ").split()
        if w not in _PARTICLES and w not in {"SA", "CV", "S", "A", "C", "V", "R", "L"}
    ]
    initials = "".join(w[0] for w in words[:3] if w[0] in _LETTERS).ljust(3, "X")[:3]
    body = initials + founded.strftime("%y%m%d") + _homoclave(name)
    return body + stdnum_rfc.calc_check_digit(body)


def clabe_check(body: str) -> str:
    """The CLABE check digit of the first 17 digits (weights 3, 7, 1, modulo 10)."""
    total = sum(int(d) * (3, 7, 1)[i % 3] % 10 for i, d in enumerate(body))
    return str((10 - total % 10) % 10)


def clabe(rng: Random, bank_code: str) -> str:
    """An 18-digit CLABE: bank, branch plaza, account, check digit."""
    body = bank_code + f"{below(rng, 1000):03d}" + f"{below(rng, 10**11):011d}"
    return body + clabe_check(body)


def aba_routing(rng: Random) -> str:
    """A nine-digit ABA routing number with its 3-7-1 checksum."""
    body = f"{pick(rng, (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)):02d}" + "".join(
        str(below(rng, 10)) for _ in range(6)
    )
    total = sum(int(d) * (3, 7, 1)[i % 3] for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def mx_passport(rng: Random) -> str:
    return pick(rng, "GN") + f"{below(rng, 10**8):08d}"


def us_passport(rng: Random) -> str:
    if rng.random() < 0.5:
        return f"{between(rng, 5 * 10**8, 10**9)}"
    return pick(rng, "ACEF") + f"{below(rng, 10**8):08d}"


def ine_key(key4: str, born: date, gender: str, state_num: int, rng: Random) -> str:
    """The 18-character INE elector key (clave de elector)."""
    consonants = "".join(pick(rng, _CONSONANTS) for _ in range(2))
    return (
        (key4[:2] + key4[2:4] + consonants)[:6]
        + born.strftime("%y%m%d")
        + f"{state_num:02d}"
        + ("H" if gender == "male" else "M")
        + f"{below(rng, 1000):03d}"
    )


def ein(rng: Random) -> str:
    return f"{pick(rng, (20, 26, 27, 45, 46, 47, 81, 82, 83, 84, 85, 86, 87, 88)):02d}-" + (
        f"{below(rng, 10**7):07d}"
    )
