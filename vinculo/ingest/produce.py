"""Turning a source into batches of statement rows (`vinculo.ingest.worker` may run it).

Rows leave here without the database ids of agency, dataset and marking: a batch
names each (marking, grading, collected) combination once by a small number, and
the writer turns that into the shared columns (`StatementWriter.tail`).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.ingest.base import ImportOptions, ProblemCollector, SourceEntity
from vinculo.ingest.clean import EntityCleaner
from vinculo.ingest.ftm import read_ftm
from vinculo.ingest.mapping import load_mapping, read_csv, read_xlsx
from vinculo.ingest.ofac import read_ofac
from vinculo.model.marking import Grading, Marking
from vinculo.store.writer import cached_search, row_heads

FORMATS = ("ftm", "csv", "xlsx", "ofac")
#: Entities per batch: large enough that a message costs little, small enough to stream.
BATCH_ENTITIES = 2000

#: Numbered (marking, grading, collected) combinations at most; then numbering restarts, so
#: that neither side's table of them grows with the input.
MAX_PROVENANCES = 10_000

Provenance = tuple[Marking, Grading, date | None]


@dataclass
class Batch:
    """Rows of up to `BATCH_ENTITIES` entities, grouped by their provenance number."""

    provenances: dict[int, Provenance] = field(default_factory=dict)  # new numbers only
    groups: list[tuple[int, list[tuple[Any, ...]]]] = field(default_factory=list)
    entities: int = 0
    statements: int = 0
    skipped: int = 0


def read_source(
    path: Path, opts: ImportOptions, problems: ProblemCollector
) -> Iterator[SourceEntity | None]:
    if opts.format == "ftm":
        yield from read_ftm(path, problems)
    elif opts.format in ("csv", "xlsx"):
        if opts.mapping is None:
            raise InvalidData.at(N_("CSV and XLSX imports need --mapping FILE"), file=str(path))
        mapping = load_mapping(opts.mapping)
        reader = read_csv if opts.format == "csv" else read_xlsx
        yield from reader(path, mapping, opts.dataset, problems)
    elif opts.format == "ofac":
        yield from read_ofac(path, problems, opts.programs)
    else:
        raise InvalidData(
            N_("unknown format {format!r}; expected {formats}"),
            format=opts.format,
            formats=", ".join(FORMATS),
        )


def _line_of(src: SourceEntity) -> int | None:
    tail = src.source_record.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def produce(path: Path, opts: ImportOptions) -> Generator[Batch, None, None]:
    """Validate the whole source; yield rows until the first problem, then only validate.

    Raises `InvalidData` with every problem (up to `MAX_PROBLEMS`) at the end.
    """
    problems = ProblemCollector(str(path))
    cleaner, search = EntityCleaner(), cached_search()
    numbers: dict[Provenance, int] = {}
    batch = Batch()
    for src in read_source(path, opts, problems):
        if src is None:
            batch.skipped += 1
            continue
        try:
            entity = cleaner.clean(src.data)
        except InvalidData as exc:
            problems.add(exc.text, line=_line_of(src), field=getattr(exc, "field", None))
            continue
        if problems.problems:
            continue  # keep validating, write nothing more
        key = (
            src.marking or opts.marking,
            src.grading or opts.grading,
            src.collected or opts.collected,
        )
        number = numbers.get(key)
        if number is None:
            if len(numbers) >= MAX_PROVENANCES:  # start numbering again, after this batch
                yield batch
                batch, numbers = Batch(), {}
            number = numbers[key] = len(numbers)
            batch.provenances[number] = key
        heads = row_heads(
            entity.entity_id,
            entity.schema,
            entity.values,
            opts.dataset,
            opts.agency,
            src.source_record,
            search,
        )
        batch.groups.append((number, heads))
        batch.entities += 1
        batch.statements += len(heads)
        if batch.entities >= BATCH_ENTITIES:
            yield batch
            batch = Batch()
    problems.raise_if_any()
    yield batch
