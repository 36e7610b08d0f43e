"""Normalize identifiers into match keys, so that two spellings of one value meet.

Deconfliction matches identifiers by equality of their normalized form: a
phone written ``(55) 1234-5678`` in Mexico City and ``+52 55 1234 5678`` in
El Paso must give the same key. Each normalizer returns ``None`` for a value
that is not a valid identifier of its kind (bad check digit, unparsable
number), so that garbage never produces a spurious conflict.

`normalize_identifier` is the one entry point. CURP, RFC, passport, phone and
plate go through the names package (`vinculo.names.identifiers`), so that
matching and deconfliction agree on what "the same CURP" means; the kinds it
does not cover (VIN, CLABE, IBAN, U.S. accounts, e-mail, IP, IMEI, addresses)
are normalized here, with their check digits.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from anyascii import anyascii
from rigour.addresses import normalize_address
from stdnum import iban as std_iban
from stdnum.exceptions import ValidationError
from stdnum.us import rtn as std_rtn

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.names import identifiers as ids


class IdKind(StrEnum):
    """The kinds of identifier a target can carry; the value prefixes its match key."""

    PHONE = "phone"
    EMAIL = "email"
    PLATE = "plate"
    VIN = "vin"
    CLABE = "clabe"
    IBAN = "iban"
    US_ACCOUNT = "usacct"
    CURP = "curp"
    RFC = "rfc"
    PASSPORT = "passport"
    ID_NUMBER = "idnum"
    IP = "ip"
    ADDRESS = "address"
    IMEI = "imei"


_ALNUM = re.compile(r"[^A-Z0-9]")


def _compact(value: str) -> str:
    return _ALNUM.sub("", anyascii(value).upper())


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(value: str) -> str | None:
    """Lower-cased address; Gmail-style dots and +tags are kept (providers differ)."""
    text = value.strip().lower().removeprefix("mailto:")
    if not _EMAIL.match(text):
        return None
    local, _, domain = text.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return f"{local}@{domain}"


_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 / 49 CFR 565 check character (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def normalize_vin(value: str, *, strict_check: bool = True) -> str | None:
    """17 characters, no I/O/Q; the check digit binds for North American VINs.

    North American VINs (first character 1-5) always carry the check digit;
    elsewhere it is optional, so it is only enforced there.
    """
    vin = _compact(value)
    if len(vin) != 17 or any(c not in _VIN_VALUES for c in vin):
        return None
    if strict_check and vin[0] in "12345" and vin[8] != vin_check_digit(vin):
        return None
    return vin


def clabe_check_digit(digits17: str) -> str:
    """The Banxico CLABE control digit: weights 3, 7, 1 modulo 10."""
    total = sum((int(d) * (3, 7, 1)[i % 3]) % 10 for i, d in enumerate(digits17))
    return str((10 - total % 10) % 10)


def normalize_clabe(value: str) -> str | None:
    digits = re.sub(r"[\s-]", "", value)
    if len(digits) != 18 or not digits.isdigit():
        return None
    if clabe_check_digit(digits[:17]) != digits[17]:
        return None
    return digits


def normalize_iban(value: str) -> str | None:
    try:
        return str(std_iban.compact(std_iban.validate(value)))
    except ValidationError:
        return None


def normalize_us_account(account: str, routing: str) -> str | None:
    """``ROUTING:ACCOUNT``; the ABA routing number must pass its 3-7-1 checksum."""
    rtn = re.sub(r"\D", "", routing)
    acct = _compact(account).lstrip("0")
    if not std_rtn.is_valid(rtn) or not acct or len(acct) > 17:
        return None
    return f"{rtn}:{acct}"


def normalize_id_number(value: str, country: str | None = None) -> str | None:
    """A national id of unknown kind: compact, with its country when known."""
    number = _compact(value)
    if len(number) < 5:
        return None
    return f"{_compact(country)}:{number}" if country else number


def normalize_ip(value: str) -> str | None:
    """Canonical text; IPv4-mapped IPv6 addresses fold to IPv4."""
    try:
        addr = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return str(addr.ipv4_mapped)
    return str(addr)


def normalize_imei(value: str) -> str | None:
    """The 14-digit body (TAC + serial): the Luhn digit and software version vary."""
    digits = re.sub(r"\D", "", value)
    return digits[:14] if len(digits) in (14, 15, 16) else None


def normalize_address_text(value: str) -> str | None:
    """rigour's address normalization (case, accents, punctuation, keyword forms)."""
    text = normalize_address(value)
    if not text or len(text.replace(" ", "")) < 8:
        return None
    return " ".join(anyascii(text).split())


_MX_OLD_MOBILE = re.compile(r"^\+?521(\d{10})$")


def normalize_phone(value: str, country: str | None = None) -> str | None:
    """E.164, by the names package (national numbers default to its region, MX).

    Mexican mobiles are still written with the "1" dropped in 2019
    (``+52 1 667 ...``); that form is folded into today's before parsing.
    """
    old = _MX_OLD_MOBILE.match(re.sub(r"[\s().-]", "", value))
    if old:
        value = "+52" + old.group(1)
    ident = ids.normalize_phone(value, country.upper()) if country else ids.normalize_phone(value)
    return None if ident is None else ident.value


def normalize_plate(value: str, country: str | None, state: str | None = None) -> str | None:
    """``MX-SL:VKT123A``, by the names package: a plate is unique only per issuer."""
    ident = ids.normalize_plate(value, country, state)
    return None if ident is None else ident.value


def normalize_passport(value: str, country: str | None) -> str | None:
    """``MX:G12345678``: passport numbers are unique only within the issuing state."""
    ident = ids.normalize_passport(value, country)
    if ident is None:
        return None
    return f"{ident.country}:{ident.value}" if ident.country else ident.value


def normalize_curp(value: str) -> str | None:
    info = ids.decode_curp(value)
    return None if info is None else info.curp


def normalize_rfc(value: str) -> str | None:
    return _compact(value) if ids.validate_rfc(value) else None


_Normalizer = Callable[..., str | None]

_ROUTES: dict[IdKind, _Normalizer] = {
    IdKind.PHONE: normalize_phone,
    IdKind.EMAIL: normalize_email,
    IdKind.PLATE: normalize_plate,
    IdKind.VIN: normalize_vin,
    IdKind.CLABE: normalize_clabe,
    IdKind.IBAN: normalize_iban,
    IdKind.US_ACCOUNT: normalize_us_account,
    IdKind.CURP: normalize_curp,
    IdKind.RFC: normalize_rfc,
    IdKind.PASSPORT: normalize_passport,
    IdKind.ID_NUMBER: normalize_id_number,
    IdKind.IP: normalize_ip,
    IdKind.IMEI: normalize_imei,
    IdKind.ADDRESS: normalize_address_text,
}


def normalize_identifier(kind: IdKind | str, value: str, **context: Any) -> str | None:
    """The normalized value of ``value`` as an identifier of ``kind``, or None if invalid.

    ``context`` carries what some kinds need: ``country`` (phone, plate,
    passport, id number), ``state`` (plate), ``routing`` (U.S. account).
    """
    try:
        kind = IdKind(kind)
    except ValueError:
        raise InvalidData(N_("unknown identifier kind {kind!r}"), kind=kind) from None
    func = _ROUTES[kind]
    if kind is IdKind.US_ACCOUNT:
        return func(value, context.get("routing") or "")
    if kind in (IdKind.PHONE, IdKind.PASSPORT, IdKind.ID_NUMBER):
        return func(value, context.get("country"))
    if kind is IdKind.PLATE:
        return func(value, context.get("country"), context.get("state"))
    return func(value)


def identifier_key(kind: IdKind | str, value: str, **context: Any) -> str | None:
    """``kind:normalized``: the text that is equal for equal identifiers (and is hashed)."""
    norm = normalize_identifier(kind, value, **context)
    return None if norm is None else f"{IdKind(kind).value}:{norm}"
