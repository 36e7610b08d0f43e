"""Validation and normalization of the identifiers agencies exchange.

An identifier that matches is the strongest evidence two records are one
person; two different values of the same kind (two CURPs) are strong evidence
they are not. That only holds for values in one canonical form, so every
identifier goes through here: CURP (with its check digit and the name,
birth date, sex and state it encodes), RFC, passports, phone numbers (E.164,
via phonenumbers) and vehicle plates (with country and state). Deconfliction
reuses these functions to compare targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import phonenumbers

from vinculo.names.normalize import fold

__all__ = [
    "CURP_STATES",
    "CurpInfo",
    "Identifier",
    "curp_check_digit",
    "curp_name_letters",
    "decode_curp",
    "identifier_key",
    "normalize_passport",
    "normalize_phone",
    "normalize_plate",
    "rfc_check_digit",
    "validate_curp",
    "validate_rfc",
]

CURP_STATES: dict[str, str] = {
    "AS": "Aguascalientes", "BC": "Baja California", "BS": "Baja California Sur",
    "CC": "Campeche", "CL": "Coahuila", "CM": "Colima", "CS": "Chiapas", "CH": "Chihuahua",
    "DF": "Ciudad de México", "DG": "Durango", "GT": "Guanajuato", "GR": "Guerrero",
    "HG": "Hidalgo", "JC": "Jalisco", "MC": "Estado de México", "MN": "Michoacán",
    "MS": "Morelos", "NT": "Nayarit", "NL": "Nuevo León", "OC": "Oaxaca", "PL": "Puebla",
    "QT": "Querétaro", "QR": "Quintana Roo", "SP": "San Luis Potosí", "SL": "Sinaloa",
    "SR": "Sonora", "TC": "Tabasco", "TS": "Tamaulipas", "TL": "Tlaxcala", "VZ": "Veracruz",
    "YN": "Yucatán", "ZS": "Zacatecas", "NE": "Nacido en el extranjero",
}  # fmt: skip

_CURP = re.compile(
    r"^([A-Z][AEIOUX][A-Z]{2})(\d{2})(\d{2})(\d{2})([HMX])([A-Z]{2})([B-DF-HJ-NP-TV-Z]{3})"
    r"([A-Z0-9])(\d)$"
)
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_RFC = re.compile(r"^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z0-9]{2})([0-9A])$")
_RFC_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"


@dataclass(frozen=True, slots=True)
class CurpInfo:
    """What a valid CURP encodes about its holder."""

    curp: str
    name_letters: str  # first four letters: paternal, its first inner vowel, maternal, given
    birth_date: date
    sex: str  # "H" hombre, "M" mujer, "X" no binario
    state: str  # two-letter code of CURP_STATES
    consonants: str


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier in canonical form: kind, value, and where it was issued."""

    kind: str  # curp, rfc, passport, phone, plate, other
    value: str
    country: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.country or ''}:{self.value}"


def _compact(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value).upper()


def curp_check_digit(first17: str) -> str:
    """The 18th character of a CURP, computed from the first 17 (RENAPO algorithm)."""
    total = sum(_CURP_ALPHABET.index(c) * (18 - i) for i, c in enumerate(first17))
    return str((10 - total % 10) % 10)


def _century(homoclave: str, yy: int) -> int:
    # RENAPO uses a digit for births up to 1999 and a letter from 2000 on.
    return 1900 + yy if homoclave.isdigit() else 2000 + yy


def decode_curp(value: str) -> CurpInfo | None:
    """Decode a CURP; None if its form, date, state or check digit is wrong."""
    curp = _compact(value)
    m = _CURP.match(curp)
    if m is None or m.group(6) not in CURP_STATES:
        return None
    if curp_check_digit(curp[:17]) != curp[17]:
        return None
    try:
        born = date(_century(m.group(8), int(m.group(2))), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None
    return CurpInfo(curp, m.group(1), born, m.group(5), m.group(6), m.group(7))


def validate_curp(value: str) -> bool:
    return decode_curp(value) is not None


_COMPOUND_FIRST = {"jose", "j", "maria", "ma", "m", "mari"}
_SKIP_PARTICLES = {"de", "del", "la", "las", "los", "y", "mc", "mac", "van", "von", "da", "di"}


def _core(name: str) -> str:
    words = [w for w in fold(name).split() if w not in _SKIP_PARTICLES]
    return words[0].upper() if words else ""


def curp_name_letters(paternal: str | None, maternal: str | None, given: list[str]) -> str:
    """The four letters a CURP derives from a name (RENAPO rules, no bad-word filter).

    Paternal initial and its first inner vowel, maternal initial (X if none),
    and the initial of the first given name, skipping José/María when another
    given name follows.
    """
    pat = _core(paternal or "") or "X"
    mat = _core(maternal or "") or "X"
    names = [_core(g) for g in given if _core(g)]
    if len(names) > 1 and names[0].lower() in _COMPOUND_FIRST:
        names = names[1:]
    first = names[0] if names else "X"
    vowel = next((c for c in pat[1:] if c in "AEIOU"), "X")
    return f"{pat[0]}{vowel}{mat[0]}{first[0]}".replace("Ñ", "X")


def rfc_check_digit(first12: str) -> str:
    """The last character of an RFC from the first 11 or 12 (SAT algorithm)."""
    padded = first12.rjust(12)
    total = sum(_RFC_ALPHABET.index(c) * (13 - i) for i, c in enumerate(padded))
    remainder = total % 11
    if remainder == 0:
        return "0"
    digit = 11 - remainder
    return "A" if digit == 10 else str(digit)


def validate_rfc(value: str) -> bool:
    """An RFC of a person (13 chars) or company (12 chars) with a valid date and check digit."""
    rfc = _compact(value)
    m = _RFC.match(rfc)
    if m is None:
        return False
    try:
        date(2000 + int(m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return False
    return rfc_check_digit(rfc[:-1]) == rfc[-1]


_PASSPORT_FORMS: dict[str, re.Pattern[str]] = {
    "MX": re.compile(r"^([A-Z]\d{8}|\d{10}|[A-Z]{2}\d{7})$"),
    "US": re.compile(r"^([A-Z]?\d{8}|\d{9})$"),
}
_PASSPORT_ANY = re.compile(r"^[A-Z0-9]{5,12}$")


def normalize_passport(value: str, country: str | None = None) -> Identifier | None:
    """Canonical passport number, checked against the country's form when known."""
    number = _compact(value)
    pattern = _PASSPORT_FORMS.get((country or "").upper(), _PASSPORT_ANY)
    if not pattern.match(number):
        return None
    return Identifier("passport", number, (country or "").upper() or None)


@lru_cache(maxsize=65536)
def normalize_phone(value: str, region: str | None = "MX") -> Identifier | None:
    """E.164 form of a phone number; numbers without a country code default to ``region``.

    Cached: parsing with phonenumbers costs about 100 µs, and the same number
    recurs in many agencies' records of one person (a search analyses them all).
    """
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Identifier("phone", e164, phonenumbers.region_code_for_number(number))


_PLATE_FORMS: dict[str, tuple[re.Pattern[str], ...]] = {
    # SCT NOM-001-SCT-2-2016: private cars AAA-000-A; older federal/state series.
    "MX": (
        re.compile(r"^[A-Z]{3}\d{3}[A-Z]$"),
        re.compile(r"^[A-Z]{3}\d{4}$"),
        re.compile(r"^[A-Z]{3}\d{2}\d{2}$"),
        re.compile(r"^[A-Z]\d{2}[A-Z]{2,3}$"),
        re.compile(r"^\d{2}[A-Z]\d{3}$"),
        re.compile(r"^[A-Z]{2}\d{4,5}[A-Z]?$"),
    ),
    "US": (re.compile(r"^[A-Z0-9]{2,8}$"),),
}


def normalize_plate(
    value: str, country: str | None = None, state: str | None = None
) -> Identifier | None:
    """Canonical vehicle plate: alphanumerics only, scoped by country and state.

    A plate is only unique within its issuing state, so the country/state
    prefix is part of the canonical value ("MX-SL:VKT123A").
    """
    plate = _compact(value)
    code = (country or "").upper()
    patterns = _PLATE_FORMS.get(code, (re.compile(r"^[A-Z0-9]{2,10}$"),))
    if not any(p.match(plate) for p in patterns):
        return None
    scope = "-".join(x for x in (code, (state or "").upper()) if x)
    return Identifier("plate", f"{scope}:{plate}" if scope else plate, code or None)


def identifier_key(value: str, kind: str | None = None) -> Identifier:
    """Classify and canonicalize a raw identifier value (CURP/RFC detected by form)."""
    compact = _compact(value)
    if kind in (None, "curp", "id") and decode_curp(compact):
        return Identifier("curp", compact, "MX")
    if kind in (None, "rfc", "tax", "id") and validate_rfc(compact):
        return Identifier("rfc", compact, "MX")
    if kind == "phone":
        phone = normalize_phone(value)
        if phone is not None:
            return phone
    if kind == "passport":
        return Identifier("passport", compact)
    return Identifier(kind or "other", compact)
