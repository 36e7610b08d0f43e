"""Read targets from FtM entities: one entity, one target, with all its match keys.

Every value of a property typed ``phone``, ``email``, ``ip`` or ``iban`` in the
FtM model becomes an identifier key whatever the schema, so a Person with a
phone number meets a Phone entity with the same number. Identifier-typed
properties are read by name (``idNumber`` may hold a CURP, an RFC or another
national id; each is tried with its check digit).

FtM has no VIN, plate-issuing state or U.S. routing number; vinculo reads
``Vehicle.vinCode``, ``Vehicle.registrationState`` and
``BankAccount.routingNumber`` as extension properties (to be declared in the
model by the foundation), and recognizes a VIN or a CLABE by its check digit
where agencies put it into ``registrationNumber`` or ``accountNumber``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from vinculo.deconflict.geo import point_key
from vinculo.deconflict.identifiers import IdKind, identifier_key
from vinculo.deconflict.model import TargetKind, TargetSpec
from vinculo.deconflict.person import person_features
from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.model.schema import get_schema

#: Extension properties read beyond FtM's model, per schema.
EXTENSION_PROPS = {
    "Vehicle": {"vinCode", "registrationState"},
    "BankAccount": {"routingNumber"},
}

_SCHEMA_KINDS = {
    "Person": TargetKind.PERSON,
    "Phone": TargetKind.PHONE,
    "Email": TargetKind.EMAIL,
    "UserAccount": TargetKind.EMAIL,
    "Vehicle": TargetKind.VEHICLE,
    "Address": TargetKind.ADDRESS,
    "BankAccount": TargetKind.BANK_ACCOUNT,
    "Identification": TargetKind.DOCUMENT,
    "Passport": TargetKind.DOCUMENT,
    "Organization": TargetKind.ORGANIZATION,
    "Company": TargetKind.ORGANIZATION,
    "LegalEntity": TargetKind.ORGANIZATION,
}
SUPPORTED_SCHEMATA = tuple(sorted(_SCHEMA_KINDS))

_TYPED = {"phone": IdKind.PHONE, "email": IdKind.EMAIL, "ip": IdKind.IP, "iban": IdKind.IBAN}


def _values(props: Mapping[str, list[str]], *names: str) -> list[str]:
    return [v for n in names for v in props.get(n, [])]


def _first_country(props: Mapping[str, list[str]]) -> str | None:
    for name in ("country", "nationality", "citizenship", "jurisdiction"):
        for value in props.get(name, []):
            return value
    return None


def _national_id_keys(values: Iterable[str], country: str | None) -> set[str]:
    """A national id of unknown kind: CURP if it validates, else RFC, else a plain id."""
    keys: set[str] = set()
    for value in values:
        key = (
            identifier_key(IdKind.CURP, value)
            or identifier_key(IdKind.RFC, value)
            or identifier_key(IdKind.ID_NUMBER, value, country=country)
        )
        if key:
            keys.add(key)
    return keys


def _kind_keys(props: Mapping[str, list[str]], schema: str) -> set[str]:
    """Keys that depend on the schema: documents, plates, VINs, accounts, addresses."""
    country = _first_country(props)
    keys: set[str] = set()

    def add(kind: IdKind, value: str, **context: Any) -> None:
        key = identifier_key(kind, value, **context)
        if key:
            keys.add(key)

    for value in _values(props, "passportNumber"):
        add(IdKind.PASSPORT, value, country=country)
    keys |= _national_id_keys(_values(props, "idNumber", "taxNumber", "personalNumber"), country)
    if schema == "Passport":
        for value in _values(props, "number"):
            add(IdKind.PASSPORT, value, country=country)
    elif schema == "Identification":
        keys |= _national_id_keys(_values(props, "number"), country)
    elif schema == "Vehicle":
        states: list[str | None] = [*_values(props, "registrationState")] or [None]
        for value in _values(props, "vinCode"):
            add(IdKind.VIN, value)
        for value in _values(props, "registrationNumber"):
            vin = identifier_key(IdKind.VIN, value)
            if vin:
                keys.add(vin)
                continue
            for state in states:
                add(IdKind.PLATE, value, country=country, state=state)
    elif schema == "BankAccount":
        routings = _values(props, "routingNumber")
        for value in _values(props, "accountNumber"):
            clabe = identifier_key(IdKind.CLABE, value)
            if clabe:
                keys.add(clabe)
            for routing in routings:
                add(IdKind.US_ACCOUNT, value, routing=routing)
    elif schema == "Phone":
        for value in _values(props, "imei"):
            add(IdKind.IMEI, value)
    elif schema == "Address":
        for value in _values(props, "full"):
            add(IdKind.ADDRESS, value)
    return keys


def _typed_keys(schema_name: str, props: Mapping[str, list[str]]) -> set[str]:
    """Keys from every phone-, email-, ip- and iban-typed property of the schema."""
    schema = get_schema(schema_name)
    country = _first_country(props)
    keys: set[str] = set()
    for name, values in props.items():
        prop = schema.get(name)
        if prop is None or prop.type.name not in _TYPED:
            continue
        for value in values:
            key = identifier_key(_TYPED[prop.type.name], value, country=country)
            if key:
                keys.add(key)
    return keys


def _point(props: Mapping[str, list[str]], where: str) -> tuple[float, float] | None:
    lats, lons = props.get("latitude", []), props.get("longitude", [])
    if not lats or not lons:
        return None
    try:
        lat, lon = float(lats[0]), float(lons[0])
    except ValueError:
        raise InvalidData.at(N_("latitude/longitude must be numbers"), file=where) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidData.at(
            N_("coordinates {lat}, {lon} out of range"), file=where, lat=lat, lon=lon
        )
    return lat, lon


def read_properties(data: Mapping[str, Any]) -> tuple[str, str, dict[str, list[str]]]:
    """(schema, id, properties) of an entity dict, every property checked against the model."""
    schema_name = data.get("schema")
    entity_id = data.get("id")
    if not isinstance(schema_name, str) or schema_name not in _SCHEMA_KINDS:
        supported = ", ".join(SUPPORTED_SCHEMATA)
        raise InvalidData.at(
            N_("schema {schema_name!r} is not a deconfliction target ({supported})"),
            field="schema",
            schema_name=schema_name,
            supported=supported,
        )
    if not isinstance(entity_id, str) or not entity_id:
        raise InvalidData.at(N_("entity has no id"), field="id")
    schema = get_schema(schema_name)
    raw = data.get("properties") or {}
    if not isinstance(raw, dict):
        raise InvalidData.at(N_("properties must be a mapping"), field="properties")
    props: dict[str, list[str]] = {}
    for name, values in raw.items():
        if schema.get(name) is None and name not in EXTENSION_PROPS.get(schema_name, ()):
            raise InvalidData.at(
                N_("unknown property of {schema_name}"), field=name, schema_name=schema_name
            )
        items = [values] if isinstance(values, str | int | float) else values
        if not isinstance(items, list):
            raise InvalidData.at(N_("property values must be a list"), field=name)
        props[name] = [str(v).strip() for v in items if str(v).strip()]
    return schema_name, entity_id, props


def target_from_entity(data: Mapping[str, Any]) -> TargetSpec:
    """The plain target of one FtM entity dict; raises when it has nothing to match on."""
    schema_name, entity_id, props = read_properties(data)
    kind = _SCHEMA_KINDS[schema_name]
    keys = _typed_keys(schema_name, props) | _kind_keys(props, schema_name)
    person = None
    if kind is TargetKind.PERSON:
        names = _values(props, "name", "alias", "weakAlias", "previousName")
        parts = [
            " ".join(_values(props, "firstName", "secondName", "middleName", "fatherName"))
            + " "
            + " ".join(_values(props, "lastName", "motherName"))
        ]
        person = person_features(
            names + [p for p in parts if p.strip()],
            _values(props, "birthDate"),
            _values(props, "nationality", "citizenship"),
            next(iter(props.get("gender", [])), None),
        )
    elif (
        kind is TargetKind.EMAIL
        and not any(k.startswith("email:") for k in keys)
        and any(k.startswith("ip:") for k in keys)
    ):
        kind = TargetKind.IP
    point = _point(props, entity_id) if kind is TargetKind.ADDRESS else None
    if point is not None:
        keys.add(point_key(*point))
    if not keys and person is None:
        raise InvalidData.at(
            N_("{schema_name} {entity_id} has no valid identifier to match on"),
            schema_name=schema_name,
            entity_id=entity_id,
        )
    return TargetSpec(
        kind=kind, keys=tuple(sorted(keys)), source_id=entity_id, point=point, person=person
    )
