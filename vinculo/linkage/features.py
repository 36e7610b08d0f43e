"""Turn an FtM entity into the flat feature row the batch engines compare.

Batch engines compare columns, not entities. This module is where vinculo's
name knowledge becomes columns: ASCII-normalized name tokens, phonetic keys,
given-name symbols that identify hypocorisms (Pepe = José, Paco = Francisco),
Spanish surname parts (paternal, maternal), plus normalized dates, phones,
identifiers and addresses. Every column is a plain string, integer or list of
strings, so DuckDB and Spark hold them the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import phonenumbers

from vinculo.names import fold, fold_tokens, get_lexicon, identifier_key, phonetic_key
from vinculo.names import parse_person_name as _parse_person_name

#: Column name, and the type both engines store it as.
COLUMNS: dict[str, str] = {
    "unique_id": "string",
    "source_dataset": "string",
    "kind": "string",
    "is_new": "bool",
    "full_name": "string",
    "given": "string",
    "surname": "string",
    "surname2": "string",
    "name_tokens": "list",
    "given_syms": "list",
    "nicknames": "list",
    "phon_tokens": "list",
    "name_keys": "list",
    "birth_date": "string",
    "birth_year": "string",
    "phones": "list",
    "ids": "list",
    "address": "string",
    "address_tokens": "list",
    "postcode": "string",
    "countries": "list",
    "gender": "string",
}

# Particles of Spanish, Portuguese, Dutch and German surnames; not name evidence.
PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "da", "das", "do", "dos", "van", "von"}
)
#: Schema -> the kind it is compared within; schemata not listed (calls,
#: payments, memberships: relations between things) are not resolved.
KINDS: dict[str, str] = {
    "Person": "PER",
    "LegalEntity": "ORG",
    "Organization": "ORG",
    "Company": "ORG",
    "PublicBody": "ORG",
    "Address": "ADR",
    "Vehicle": "VEH",
    "BankAccount": "ACC",
    "Phone": "PHN",
}
#: Kinds whose names are evidence enough to block on sound-alike token pairs.
#: An address's tokens ("calle", the city) or a vehicle's make and model are
#: shared by thousands of different things: they meet on the exact text or an
#: identifier instead, and their token pairs would add millions of pairs.
NAMED_KINDS = frozenset({"PER", "ORG"})
ID_PROPS = (
    "idNumber",
    "passportNumber",
    "taxNumber",
    "socialSecurityNumber",
    "registrationNumber",
    "vinCode",
    "accountNumber",
    "iban",
    "imoNumber",
)
_POSTCODE = re.compile(r"\b(\d{4,5})\b")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def ascii_tokens(text: str) -> list[str]:
    """Folded tokens of a name, particles dropped."""
    return [t for t in fold_tokens(text) if t not in PARTICLES]


def kind_of(schema: str) -> str | None:
    """Entities are only compared within a kind; None for what is not resolved."""
    return KINDS.get(schema)


def _values(props: Mapping[str, Sequence[Any]], *names: str) -> list[str]:
    out: list[str] = []
    for name in names:
        for value in props.get(name, ()) or ():
            if isinstance(value, str) and value.strip():
                out.append(value.strip())
    return out


def phone_keys(values: Iterable[str], countries: Sequence[str]) -> list[str]:
    """E.164 numbers; a number without a country code is tried in MX then US."""
    out: set[str] = set()
    regions = [c.upper() for c in countries if len(c) == 2] + ["MX", "US"]
    for value in values:
        for region in regions:
            try:
                parsed = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(parsed):
                out.add(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
                break
        else:
            digits = re.sub(r"\D", "", value)
            if len(digits) >= 7:
                out.add(digits[-10:])
    return sorted(out)


def id_keys(values: Iterable[str]) -> list[str]:
    """Identifiers in canonical form, plus the stem a CURP and an RFC share.

    The first ten characters of a Mexican CURP and RFC are the same name
    letters and birth date, so ``stem:`` keys let the two documents meet.
    """
    keys: set[str] = set()
    for value in values:
        ident = identifier_key(value)
        if len(ident.value) < 4:
            continue
        keys.add(ident.value)
        if ident.kind in ("curp", "rfc"):
            keys.add(f"stem:{ident.value[:10]}")
    return sorted(keys)


def given_forms(tokens: Sequence[str]) -> list[str]:
    """Every given name the given-name tokens may stand for (Pepe: pepe, jose)."""
    lex = get_lexicon()
    return sorted({form for t in tokens for form in lex.given_canonicals(t)})


def nickname_keys(aliases: Iterable[str]) -> list[str]:
    """Aliases folded, articles dropped, with the group shared by translations.

    "EL CHAPO" and "Shorty" are one nickname group; a group key lets the
    engines compare nicknames across languages as a set intersection.
    """
    lex = get_lexicon()
    out: set[str] = set()
    for alias in aliases:
        tokens = [t for t in fold_tokens(alias) if t not in lex.articles]
        if not tokens:
            continue
        text = " ".join(tokens)
        group = lex.nickname_groups.get(text)
        out.add(f"g{group}" if group is not None else text)
    return sorted(out)


def person_parts(
    names: Sequence[str], first: Sequence[str], last: Sequence[str]
) -> tuple[list[str], str, str]:
    """Given-name tokens, paternal and maternal surname, from the best source.

    Structured properties (firstName, lastName) win; otherwise the first name
    is parsed by `vinculo.names`, which knows "LUNA GASTELUM, Mario" from
    "Mario Luna Gastelum" and keeps particles with their surname.
    """
    if first or last:
        text = f"{' '.join(last[:2])}, {first[0] if first else ''}".strip(", ")
    elif names:
        text = names[0]
    else:
        return [], "", ""
    parsed = _parse_person_name(text)
    given = [t for g in parsed.given for t in g.split()]
    if first and not given:
        given = fold_tokens(first[0])
    return given, _squash(parsed.paternal), _squash(parsed.maternal)


def _squash(part: str | None) -> str:
    """A surname as one comparable token: particles out ("de los santos": santos)."""
    if not part:
        return ""
    tokens = [t for t in part.split() if t not in PARTICLES]
    return " ".join(tokens)


def _date_parts(values: Sequence[str]) -> tuple[str, str]:
    for value in values:
        match = _DATE.match(value.strip())
        if match:
            year, month, day = match.groups()
            if month and day:
                return f"{year}-{month}-{day}", year
            return "", year
    return "", ""


def entity_features(
    entity: Mapping[str, Any], source: str, *, is_new: bool = True
) -> dict[str, Any]:
    """The feature row of one FtM entity (``{"id", "schema", "properties"}``)."""
    props: Mapping[str, Sequence[Any]] = entity.get("properties") or {}
    schema = str(entity.get("schema") or "Thing")
    kind = kind_of(schema) or "OTHER"
    first = _values(props, "firstName", "secondName", "middleName")
    last = _values(props, "lastName", "fatherName", "motherName")
    full_names = _values(props, "name", "previousName", "full")
    if not full_names and (first or last):
        full_names = [" ".join(first[:1] + last[:2])]
    countries = [c.lower() for c in _values(props, "nationality", "country", "citizenship")]
    name_tokens: set[str] = set()
    phon: set[str] = set()
    keys: set[str] = set()
    primary_tokens: list[str] = []
    for index, name in enumerate(full_names):
        tokens = ascii_tokens(name)
        if index == 0:
            primary_tokens = tokens
        name_tokens.update(tokens)
        codes = sorted({phonetic_key(t) for t in tokens if len(t) > 1})
        phon.update(codes)
        if kind not in NAMED_KINDS:
            continue
        keys.update(f"{a}|{b}" for a, b in itertools.combinations(codes, 2))
        if len(codes) == 1 and kind != "PER":
            keys.add(codes[0])

    given_tokens: list[str] = []
    surname = surname2 = ""
    if kind == "PER":
        given_tokens, surname, surname2 = person_parts(full_names, first, last)
    given = given_tokens[0] if given_tokens else ""
    birth_date, birth_year = _date_parts(_values(props, "birthDate", "incorporationDate"))
    addresses = _values(props, "address", "full")
    address = fold(addresses[0]) if addresses else ""
    postcodes = _POSTCODE.findall(address) if address else []
    gender = (_values(props, "gender") or [""])[0].lower()[:1]
    row: dict[str, Any] = {
        "unique_id": str(entity["id"]),
        "source_dataset": source,
        "kind": kind,
        "is_new": is_new,
        "full_name": " ".join(sorted(primary_tokens)),
        "given": given,
        "surname": surname,
        "surname2": surname2,
        "name_tokens": sorted(name_tokens),
        "given_syms": given_forms(given_tokens),
        "nicknames": nickname_keys(_values(props, "alias", "weakAlias")) if kind == "PER" else [],
        "phon_tokens": sorted(phon),
        "name_keys": sorted(keys),
        "birth_date": birth_date,
        "birth_year": birth_year,
        "phones": phone_keys(_values(props, "phone", "number"), countries),
        "ids": id_keys(_values(props, *ID_PROPS)),
        "address": address,
        "address_tokens": sorted(set(address.split())) if address else [],
        "postcode": postcodes[-1] if postcodes else "",
        "countries": sorted(set(countries)),
        "gender": gender if gender in ("m", "f") else "",
    }
    # Missing is NULL, never "" or []: the comparisons treat NULL as "no evidence".
    return {k: (v if v or isinstance(v, bool) else None) for k, v in row.items()}


def inline_addresses(entities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copy the text of referenced Address entities into ``address``.

    FtM persons point at Address entities (``addressEntity``); the batch
    engines compare one row per entity, so the address text travels with it.
    The entities are modified in place and returned as a list.
    """
    items = list(entities)
    full: dict[str, str] = {}
    for entity in items:
        if entity.get("schema") == "Address":
            text = _values(entity.get("properties") or {}, "full")
            if text:
                full[str(entity["id"])] = text[0]
    for entity in items:
        props = entity.get("properties") or {}
        refs = [full[r] for r in props.get("addressEntity", ()) if r in full]
        if refs and not props.get("address"):
            entity["properties"] = {**props, "address": refs}
    return items
