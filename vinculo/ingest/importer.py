"""An import: read a source, validate every value, write statements atomically.

All or nothing: the whole import is one transaction, and any problem found
(collected, with file, line and field) rolls it back. Re-importing the same
source adds nothing, since statement ids are derived from their content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import update

from vinculo.exc import InvalidData
from vinculo.ingest.base import ImportOptions, ImportSummary, ProblemCollector, SourceEntity
from vinculo.ingest.ftm import read_ftm
from vinculo.ingest.mapping import load_mapping, read_csv, read_xlsx
from vinculo.ingest.ofac import read_ofac
from vinculo.model.schema import get_schema
from vinculo.model.statement import SCHEMA_PROP, Statement
from vinculo.store import StatementWriter, Store
from vinculo.store.store import utcnow
from vinculo.store.tables import import_run

FORMATS = ("ftm", "csv", "xlsx", "ofac")
Progress = Callable[[int], None]


def guess_format(path: Path) -> str:
    if path.is_dir():
        return "ofac"
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".ftm", ".ijson"):
        return "ftm"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise InvalidData.at("cannot tell the format; give --format ftm|csv|xlsx|ofac", file=str(path))


def entity_statements(src: SourceEntity, opts: ImportOptions) -> list[Statement]:
    """Validate one source entity against the model and turn it into statements."""
    data = src.data
    schema_name, entity_id = data.get("schema"), data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise InvalidData("entity has no id", errors=[])
    if not isinstance(schema_name, str):
        raise _located("entity has no schema", "schema")
    try:
        schema = get_schema(schema_name)
    except InvalidData as exc:
        raise _located(exc.message, "schema") from None
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise _located("properties must be a mapping", "properties")
    columns = data.get("_columns") or {}
    assert isinstance(columns, dict)
    marking = src.marking or opts.marking
    grading = src.grading or opts.grading
    collected = src.collected or opts.collected

    def make(prop: str, value: str, prop_type: str, original: str | None = None) -> Statement:
        return Statement(
            entity_id=entity_id,
            schema=schema.name,
            prop=prop,
            value=value,
            dataset=opts.dataset,
            agency=opts.agency,
            prop_type=prop_type,
            source_record=src.source_record,
            collected=collected,
            grading=grading,
            marking=marking,
            original_value=original,
        )

    out = [make(SCHEMA_PROP, entity_id, "id")]
    for prop_name, values in props.items():
        cols = columns.get(prop_name) or ()
        field = cols[0] if cols else prop_name
        prop = schema.get(prop_name)
        if prop is None:
            raise _located(f"unknown property {prop_name!r} of schema {schema.name}", field)
        for value in [values] if isinstance(values, str) else values:
            cleaned = prop.type.clean(str(value))
            if cleaned is None:
                raise _located(f"{value!r} is not a valid {prop.type.name} for {prop_name}", field)
            original = str(value) if cleaned != str(value) else None
            out.append(make(prop_name, cleaned, prop.type.name, original))
    return out


def _located(message: str, field: str) -> InvalidData:
    err = InvalidData(message)
    err.errors = []
    err.field = field  # type: ignore[attr-defined]
    return err


def read_source(
    path: Path, opts: ImportOptions, problems: ProblemCollector
) -> Iterator[SourceEntity | None]:
    if opts.format == "ftm":
        yield from read_ftm(path, problems)
    elif opts.format in ("csv", "xlsx"):
        if opts.mapping is None:
            raise InvalidData.at("CSV and XLSX imports need --mapping FILE", file=str(path))
        mapping = load_mapping(opts.mapping)
        reader = read_csv if opts.format == "csv" else read_xlsx
        yield from reader(path, mapping, opts.dataset, problems)
    elif opts.format == "ofac":
        yield from read_ofac(path, problems, opts.programs)
    else:
        raise InvalidData(f"unknown format {opts.format!r}; expected {', '.join(FORMATS)}")


def _line_of(src: SourceEntity) -> int | None:
    tail = src.source_record.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def run_import(
    store: Store, username: str, path: Path, opts: ImportOptions, progress: Progress | None = None
) -> ImportSummary:
    if not path.exists():
        raise InvalidData.at("no such file or folder", file=str(path))
    summary = ImportSummary(dataset=opts.dataset, path=str(path), format=opts.format)
    problems = ProblemCollector(str(path))
    with store.begin() as conn:
        agency = store.agency(opts.agency, conn)
        dataset_id = store.dataset_id(conn, opts.dataset, agency.id, opts.title)
        run_id = conn.execute(
            import_run.insert().values(
                dataset_id=dataset_id,
                path=str(path),
                format=opts.format,
                username=username,
                started_at=utcnow(),
                entities=0,
                statements=0,
                added=0,
                rejected=0,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        writer = StatementWriter(store, conn, import_id=run_id)
        for src in read_source(path, opts, problems):
            if src is None:
                summary.skipped += 1
                continue
            try:
                stmts = entity_statements(src, opts)
            except InvalidData as exc:
                problems.add(exc.message, line=_line_of(src), field=getattr(exc, "field", None))
                continue
            if problems.problems:
                continue  # keep validating, write nothing more
            for stmt in stmts:
                writer.add(stmt)
            summary.entities += 1
            summary.statements += len(stmts)
            if progress is not None and summary.entities % 1000 == 0:
                progress(summary.entities)
        problems.raise_if_any()
        writer.flush()
        summary.added = writer.added
        conn.execute(
            update(import_run)
            .where(import_run.c.id == run_id)
            .values(
                finished_at=utcnow(),
                entities=summary.entities,
                statements=summary.statements,
                added=summary.added,
                rejected=summary.rejected,
            )
        )
    if summary.added:
        store.analyze()
    if progress is not None:
        progress(summary.entities)
    return summary
