"""An import: read a source, validate every value, write statements atomically.

All or nothing: the whole import is one transaction, and any problem found
(collected, with file, line and field) rolls it back. Re-importing the same
source adds nothing, since statement ids are derived from their content.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import update

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.ingest.base import ImportOptions, ImportSummary, SourceEntity
from vinculo.ingest.clean import EntityCleaner
from vinculo.ingest.produce import FORMATS, produce
from vinculo.ingest.worker import produce_in_worker, worth_a_worker
from vinculo.model.statement import Statement
from vinculo.store import StatementWriter, Store
from vinculo.store.store import utcnow
from vinculo.store.tables import import_run

__all__ = ["FORMATS", "Progress", "entity_statements", "guess_format", "run_import"]

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
    raise InvalidData.at(
        N_("cannot tell the format; give --format ftm|csv|xlsx|ofac"), file=str(path)
    )


_CLEANER = EntityCleaner()


def entity_statements(src: SourceEntity, opts: ImportOptions) -> list[Statement]:
    """Validate one source entity against the model and turn it into statements."""
    entity = _CLEANER.clean(src.data)
    marking = src.marking or opts.marking
    grading = src.grading or opts.grading
    collected = src.collected or opts.collected
    return [
        Statement(
            entity_id=entity.entity_id,
            schema=entity.schema,
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
        for prop, prop_type, value, original in entity.values
    ]


def run_import(
    store: Store, username: str, path: Path, opts: ImportOptions, progress: Progress | None = None
) -> ImportSummary:
    if not path.exists():
        raise InvalidData.at(N_("no such file or folder"), file=str(path))
    summary = ImportSummary(dataset=opts.dataset, path=str(path), format=opts.format)
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
        tails: dict[int, tuple[Any, ...]] = {}
        if worth_a_worker(path):
            writer.defer_indexes()
            batches = produce_in_worker(path, opts)
        else:
            batches = produce(path, opts)
        try:
            for batch in batches:
                for number, (mark, grading, collected) in batch.provenances.items():
                    tails[number] = writer.tail(opts.dataset, opts.agency, mark, grading, collected)
                for number, heads in batch.groups:
                    writer.add_rows(heads, tails[number])
                summary.entities += batch.entities
                summary.statements += batch.statements
                summary.skipped += batch.skipped
                if progress is not None and batch.entities:
                    progress(summary.entities)
        finally:
            batches.close()  # stops a worker at once when writing failed
        writer.finish()
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
