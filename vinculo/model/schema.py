"""The data model: FollowTheMoney's schemata plus vinculo's own.

Schemata are data (YAML), as in FtM. vinculo adds law-enforcement notions FtM
lacks in ``vinculo/model/schema/*.yaml``; they are loaded into one model
together with FtM's, so every FtM tool's entity still reads and writes.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from followthemoney.model import Model
from followthemoney.property import Property
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema

from vinculo.exc import InvalidData
from vinculo.i18n import N_

EXTENSION_PATH = Path(__file__).parent / "schema"
PATCH_PATH = Path(__file__).parent / "patches"


def _load_into(model: Model, path: str | Path) -> None:
    for dirpath, _, filenames in os.walk(path):
        for filename in sorted(filenames):
            if filename.endswith((".yaml", ".yml")):
                model._load(os.path.join(dirpath, filename))


@cache
def get_model() -> Model:
    """FtM's model singleton, extended in place with vinculo's schemata (once).

    Extending the singleton rather than building a second model keeps start-up
    fast (FtM's YAML is parsed once) and lets FtM's own helpers, which call
    ``Model.instance()``, know vinculo's schemata too.
    """
    model = Model.instance()
    if "Phone" not in model.schemata:
        _load_into(model, EXTENSION_PATH)
        _patch_properties(model, PATCH_PATH)
        model.generate()
    return model


def _patch_properties(model: Model, path: Path) -> None:
    """Add properties to FtM's own schemata (e.g. a vehicle's VIN), from YAML data."""
    for filename in sorted(path.glob("*.yaml")):
        with filename.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=yaml.CSafeLoader) or {}
        for schema_name, props in data.items():
            schema = model.schemata[schema_name]
            for name, spec in props.items():
                prop = Property(schema, name, spec)
                schema.properties[name] = prop
                model.properties.add(prop)


def get_schema(name: str) -> Schema:
    schema = get_model().get(name)
    if schema is None:
        raise InvalidData(N_("unknown schema {name!r}"), name=name)
    return schema


def make_proxy(data: dict[str, Any]) -> EntityProxy:
    """Validate an FtM entity dict against the model (unknown schema or property raises)."""
    schema_name = data.get("schema")
    if not isinstance(schema_name, str):
        raise InvalidData(N_("entity has no schema"))
    schema = get_schema(schema_name)
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id:
        raise InvalidData(N_("entity has no id"))
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise InvalidData(N_("entity properties must be a mapping"))
    proxy = EntityProxy(schema, {"id": entity_id, "schema": schema.name})
    for prop_name, values in props.items():
        prop = schema.get(prop_name)
        if prop is None:
            raise InvalidData(
                N_("unknown property {prop_name!r} of schema {name}"),
                prop_name=prop_name,
                name=schema.name,
            )
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            raise InvalidData(
                N_("property {prop_name!r} must be a list of values"), prop_name=prop_name
            )
        for value in values:
            if not isinstance(value, str):
                value = str(value)
            cleaned = prop.type.clean(value, proxy=proxy)
            if cleaned is None:
                raise InvalidData(
                    N_("invalid {name} value {value!r} for {prop_name!r}"),
                    name=prop.type.name,
                    value=value,
                    prop_name=prop_name,
                )
            proxy.unsafe_add(prop, cleaned, cleaned=True)
    return proxy
