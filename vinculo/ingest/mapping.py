"""CSV and XLSX sources with a YAML mapping (FtM mapping semantics).

A mapping names the entities one row yields, their ``keys`` (columns hashed
into the entity id, with the dataset as prefix), and for each property a
``column``/``columns``, a ``literal``/``literals``, or an ``entity`` (the id
of another entity of the same row), with optional ``join``, ``split`` and a
date ``format``. Beside FtM's keys the mapping may set the source's
``agency``, ``marking``, ``releasability``, ``grading``, ``encoding``,
``delimiter`` and, for XLSX, ``sheet``.

FtM's own mapper drops unclean values with a log line; vinculo must refuse
them with file, line and field instead, hence this small mapper of its own.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.ingest.base import ProblemCollector, SourceEntity, read_lines
from vinculo.model.schema import get_schema

Row = dict[str, str]


@dataclass(frozen=True)
class PropertyRule:
    prop: str
    columns: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()
    entity: str | None = None
    join: str | None = None
    split: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class EntityRule:
    name: str
    schema: str
    keys: tuple[str, ...]
    key_literal: str
    properties: tuple[PropertyRule, ...]


@dataclass(frozen=True)
class Mapping:
    path: Path
    entities: tuple[EntityRule, ...]
    options: dict[str, Any]

    @property
    def columns(self) -> set[str]:
        cols: set[str] = set()
        for ent in self.entities:
            cols.update(ent.keys)
            for rule in ent.properties:
                cols.update(rule.columns)
        return cols


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


def load_mapping(path: Path) -> Mapping:
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InvalidData.at(
            N_("cannot read mapping: {error}"), file=where, error=str(exc)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("entities"), dict):
        raise InvalidData.at(N_("a mapping needs an 'entities' section"), file=where)
    entities: list[EntityRule] = []
    names = set(data["entities"])
    for name, spec in data["entities"].items():
        if not isinstance(spec, dict):
            raise InvalidData.at(
                N_("entity {name!r} must be a mapping"), file=where, field=name, name=name
            )
        try:
            schema = get_schema(str(spec.get("schema")))
        except InvalidData as exc:
            raise InvalidData.at(exc.text, file=where, field=f"{name}.schema") from None
        keys = _strings(spec.get("keys") or spec.get("key"))
        if not keys and not spec.get("key_literal"):
            raise InvalidData.at(
                N_("needs 'keys' (columns that identify it)"), file=where, field=f"{name}.keys"
            )
        rules: list[PropertyRule] = []
        for prop_name, pspec in (spec.get("properties") or {}).items():
            field = f"{name}.properties.{prop_name}"
            if schema.get(prop_name) is None:
                raise InvalidData.at(
                    N_("unknown property of {name}"), file=where, field=field, name=schema.name
                )
            if not isinstance(pspec, dict):
                raise InvalidData.at(
                    N_("must be a mapping (column, literal or entity)"), file=where, field=field
                )
            target = pspec.get("entity")
            if target is not None and target not in names:
                raise InvalidData.at(
                    N_("names unknown entity {target!r}"), file=where, field=field, target=target
                )
            rules.append(
                PropertyRule(
                    prop=prop_name,
                    columns=_strings(pspec.get("column")) + _strings(pspec.get("columns")),
                    literals=_strings(pspec.get("literal")) + _strings(pspec.get("literals")),
                    entity=str(target) if target else None,
                    join=pspec.get("join"),
                    split=pspec.get("split"),
                    format=pspec.get("format"),
                )
            )
        entities.append(
            EntityRule(name, schema.name, keys, str(spec.get("key_literal", "")), tuple(rules))
        )
    options = {k: v for k, v in data.items() if k != "entities"}
    return Mapping(path, tuple(entities), options)


def make_id(dataset: str, rule: EntityRule, row: Row) -> str | None:
    values = [row.get(k, "").strip() for k in rule.keys]
    if rule.keys and not any(values):
        return None
    digest = hashlib.sha1(dataset.encode("utf-8"), usedforsecurity=False)
    for part in (rule.key_literal, *values):
        digest.update(b"\x1f" + part.encode("utf-8"))
    return f"{dataset}-{digest.hexdigest()[:24]}"


def _values(rule: PropertyRule, row: Row, ids: dict[str, str]) -> list[str]:
    if rule.entity is not None:
        return [ids[rule.entity]] if rule.entity in ids else []
    raw = [row.get(c, "") for c in rule.columns] + list(rule.literals)
    raw = [v.strip() for v in raw if v and v.strip()]
    if rule.join is not None:
        raw = [rule.join.join(raw)] if raw else []
    if rule.split:
        raw = [p.strip() for v in raw for p in v.split(rule.split) if p.strip()]
    if rule.format:
        raw = [datetime.strptime(v, rule.format).date().isoformat() for v in raw]
    return raw


def map_row(
    mapping: Mapping, dataset: str, row: Row, line: int, problems: ProblemCollector, source: str
) -> Iterator[SourceEntity]:
    ids: dict[str, str] = {}
    for ent in mapping.entities:
        entity_id = make_id(dataset, ent, row)
        if entity_id is not None:
            ids[ent.name] = entity_id
    for ent in mapping.entities:
        if ent.name not in ids:
            continue
        props: dict[str, list[str]] = {}
        for rule in ent.properties:
            try:
                values = _values(rule, row, ids)
            except ValueError:
                col = rule.columns[0] if rule.columns else rule.prop
                problems.add(
                    N_("{value!r} does not match date format {format!r}"),
                    line=line,
                    field=col,
                    value=row.get(col),
                    format=rule.format,
                )
                continue
            if values:
                props.setdefault(rule.prop, []).extend(values)
        if props:
            yield SourceEntity(
                {
                    "id": ids[ent.name],
                    "schema": ent.schema,
                    "properties": props,
                    "_columns": {r.prop: r.columns for r in ent.properties},
                },
                f"{source}:{line}",
            )


def read_csv(
    path: Path, mapping: Mapping, dataset: str, problems: ProblemCollector
) -> Iterator[SourceEntity]:
    encoding = str(mapping.options.get("encoding", "utf-8"))
    delimiter = str(mapping.options.get("delimiter", ","))
    lines = read_lines(path, encoding)
    header: list[str] | None = None
    for number, text in lines:
        if header is None:
            header = next(csv.reader([text], delimiter=delimiter))
            header = [h.strip() for h in header]
            _check_columns(mapping, header, path, problems)
            continue
        if not text.strip():
            continue
        if text.count('"') % 2 == 1:
            # a quoted field spanning lines: gather the rest of the record
            for _, more in lines:
                text += more
                if text.count('"') % 2 == 0:
                    break
            else:
                problems.add(N_("unterminated quoted field (truncated file?)"), line=number)
                return
        cells = next(csv.reader([text], delimiter=delimiter))
        if len(cells) != len(header):
            problems.add(
                N_("row has {n_cells} fields, the header has {n_header}"),
                line=number,
                n_cells=len(cells),
                n_header=len(header),
            )
            continue
        yield from map_row(
            mapping, dataset, dict(zip(header, cells, strict=True)), number, problems, path.name
        )
    if header is None:
        problems.add(N_("the file is empty (no header row)"), line=1)


def read_xlsx(
    path: Path, mapping: Mapping, dataset: str, problems: ProblemCollector
) -> Iterator[SourceEntity]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InvalidData.at(
            N_("not a readable XLSX workbook: {error}"), file=str(path), error=str(exc)
        ) from None
    sheet_name = mapping.options.get("sheet")
    if sheet_name is not None and sheet_name not in book.sheetnames:
        raise InvalidData.at(
            N_("no sheet {sheet_name!r}"), file=str(path), field="sheet", sheet_name=sheet_name
        )
    sheet = book[sheet_name] if sheet_name else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    _check_columns(mapping, header, path, problems)
    for number, values in enumerate(rows, start=2):
        cells = ["" if v is None else _cell(v) for v in values]
        if not any(cells):
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
        yield from map_row(mapping, dataset, row, number, problems, path.name)
    book.close()


def _cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value)


def _check_columns(
    mapping: Mapping, header: list[str], path: Path, problems: ProblemCollector
) -> None:
    missing = sorted(mapping.columns - set(header))
    for col in missing:
        problems.add(
            N_("the mapping {name} names column {col!r}, which the file does not have"),
            line=1,
            field=col,
            name=mapping.path.name,
            col=col,
        )
    problems.raise_if_any()
