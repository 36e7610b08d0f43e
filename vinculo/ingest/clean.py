"""Validating an entity against the model and cleaning its values, fast enough for bulk loads.

FtM's cleaning costs tens of microseconds for a phone number, a date or a name, and
an import repeats the same raw values (countries, dates, phones, entity ids) many
times. A bounded LRU cache per cleaner makes a repeated value cost one look-up,
while memory stays the same whatever the size of the input. Schema and property
look-ups are remembered per (schema, property) for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from followthemoney.property import Property
from followthemoney.types import registry

from vinculo.exc import InvalidData, Message, Text
from vinculo.i18n import N_
from vinculo.model.schema import get_schema
from vinculo.model.statement import SCHEMA_PROP

CACHE_SIZE = 1 << 16


#: One validated value: (prop, prop_type, value, original); ``original`` is the raw text
#: when cleaning changed it. A plain tuple: a named one costs more than its cleaning.
CleanValue = tuple[str, str, str, str | None]


class CleanEntity(NamedTuple):
    entity_id: str
    schema: str
    values: list[CleanValue]


def located(message: str | Text, field: str | None, /, **params: object) -> InvalidData:
    """An error about one entity; the reader adds file and line, this names the field."""
    err = InvalidData(Message.build(message, params))
    err.errors = []
    err.field = field  # type: ignore[attr-defined]
    return err


def _clean_value(type_name: str, raw: str) -> str | None:
    # keyed by the type's name: a str hashes once, FtM's PropertyType in Python each time
    return registry.get(type_name).clean(raw)


class EntityCleaner:
    """Turns an FtM entity dict into validated, cleaned values (the ``id`` pseudo-value first).

    Raises `InvalidData` carrying a ``field`` attribute (the source column when the
    entity came through a mapping, else the property) on the first problem.
    """

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._clean: Callable[[str, str], str | None] = lru_cache(maxsize=cache_size)(_clean_value)
        self._schemata: dict[str, str] = {}
        self._props: dict[tuple[str, str], Property | None] = {}

    def _schema(self, name: object) -> str:
        if not isinstance(name, str):
            raise located(N_("entity has no schema"), "schema")
        found = self._schemata.get(name)
        if found is None:
            try:
                found = get_schema(name).name
            except InvalidData as exc:
                raise located(exc.text, "schema") from None
            self._schemata[name] = found
        return found

    def _prop(self, schema: str, name: str) -> Property | None:
        key = (schema, name)
        if key not in self._props:
            self._props[key] = get_schema(schema).get(name)
        return self._props[key]

    def clean(self, data: dict[str, object]) -> CleanEntity:
        entity_id = data.get("id")
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise located(N_("entity has no id"), None)
        schema = self._schema(data.get("schema"))
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise located(N_("properties must be a mapping"), "properties")
        columns = data.get("_columns") or {}
        assert isinstance(columns, dict)
        out: list[CleanValue] = [(SCHEMA_PROP, "id", entity_id, None)]
        clean, known = self._clean, self._props
        for prop_name, values in props.items():
            prop = known.get((schema, prop_name)) or self._prop(schema, prop_name)
            if prop is None:
                raise located(
                    N_("unknown property {prop_name!r} of schema {name}"),
                    _field(columns, prop_name),
                    prop_name=prop_name,
                    name=schema,
                )
            type_name = prop.type.name
            for value in [values] if isinstance(values, str) else values:
                raw = value if isinstance(value, str) else str(value)
                cleaned = clean(type_name, raw)
                if cleaned is None:
                    raise located(
                        N_("{value!r} is not a valid {type_name} for {prop_name}"),
                        _field(columns, prop_name),
                        value=value,
                        type_name=type_name,
                        prop_name=prop_name,
                    )
                out.append((prop_name, type_name, cleaned, raw if cleaned != raw else None))
        return CleanEntity(entity_id, schema, out)


def _field(columns: dict[object, object], prop_name: str) -> str:
    cols = columns.get(prop_name) or ()
    assert isinstance(cols, list | tuple)
    return str(cols[0]) if cols else prop_name
