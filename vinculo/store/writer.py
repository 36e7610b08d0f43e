"""Bulk, streamed, idempotent statement writes inside one transaction.

SQLite gets batched ``INSERT OR IGNORE`` executemany; PostgreSQL gets COPY into
a temporary table and one ``INSERT ... ON CONFLICT DO NOTHING`` per batch.
Memory is bounded by the batch size, not by the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from anyascii import anyascii
from sqlalchemy import Connection

from vinculo.model.marking import Grading, Marking
from vinculo.model.statement import Statement, statement_id
from vinculo.store.store import Store, utcnow
from vinculo.store.tables import statement

#: The order rows are built in (and inserted by): the per-value columns first, then
#: the columns shared by every value of one entity, so a row is one tuple concatenation.
COLUMNS = [
    "id",
    "entity_id",
    "schema",
    "prop",
    "prop_type",
    "value",
    "original_value",
    "search_text",
    "source_record",
    "lang",
    "dataset_id",
    "agency_id",
    "marking_id",
    "reliability",
    "credibility",
    "collected",
    "first_seen",
    "last_seen",
    "import_id",
    "retracted",
]
assert sorted(COLUMNS) == sorted(c.name for c in statement.columns), "a statement column is missing"
_SEARCHABLE = {"name", "identifier", "phone", "email"}


def search_text(prop_type: str, value: str) -> str | None:
    """Lowercase ASCII fold used by simple search, for name-like values only."""
    if prop_type not in _SEARCHABLE:
        return None
    return " ".join(anyascii(value).lower().split())


def _sqlite_dt(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


Search = Callable[[str, str], str | None]


def row_heads(
    entity_id: str,
    schema: str,
    values: Iterable[tuple[str, str, str, str | None]],
    dataset: str,
    agency: str,
    source_record: str | None,
    search: Search = search_text,
) -> list[tuple[Any, ...]]:
    """The per-value columns of an entity's rows (up to ``source_record``).

    No database needed: an import builds these in a worker process."""
    return [
        (
            statement_id(dataset, entity_id, prop, value, agency),
            entity_id,
            schema,
            prop,
            prop_type,
            value,
            original,
            search(prop_type, value) if prop_type in _SEARCHABLE else None,
            source_record,
        )
        for prop, prop_type, value, original in values
    ]


def cached_search() -> Search:
    """`search_text` behind a bounded cache (names and phones repeat across sources)."""
    return lru_cache(maxsize=1 << 16)(search_text)


class StatementWriter:
    """Buffers rows and writes them in batches.

    ``add`` takes a built `Statement`. Imports use ``add_rows`` with rows built by
    `row_heads` (no object per value, possibly in another process) and a ``tail``,
    because at a million statements per import every microsecond per value counts.
    """

    def __init__(
        self,
        store: Store,
        conn: Connection,
        *,
        import_id: int | None = None,
        batch_size: int = 20_000,
    ) -> None:
        self.store = store
        self.conn = conn
        self.import_id = import_id
        self.batch_size = batch_size
        self.sqlite = store.backend == "sqlite"
        self.now = utcnow()
        self._now_value: Any = _sqlite_dt(self.now) if self.sqlite else self.now
        self.seen = 0
        self.added = 0
        self._buffer: list[tuple[Any, ...]] = []
        self._agencies: dict[str, int] = {}
        self._datasets: dict[tuple[str, int], int] = {}
        self._markings: dict[Marking, int] = {}
        self._id_cache: dict[tuple[str, str, Marking], tuple[int, int, int]] = {}
        self._search = cached_search()
        self._temp_ready = False
        self._deferred: list[str] = []

    def _agency_id(self, code: str) -> int:
        if code not in self._agencies:
            self._agencies[code] = self.store.agency(code, self.conn).id
        return self._agencies[code]

    def _ids(self, dataset: str, agency: str, mark: Marking) -> tuple[int, int, int]:
        ids = self._id_cache.get((dataset, agency, mark))
        if ids is None:
            agency_id = self._agency_id(agency)
            key = (dataset, agency_id)
            if key not in self._datasets:
                self._datasets[key] = self.store.dataset_id(self.conn, dataset, agency_id)
            if mark not in self._markings:
                self._markings[mark] = self.store.marking_id(self.conn, mark)
            ids = self._id_cache[(dataset, agency, mark)] = (
                agency_id,
                self._datasets[key],
                self._markings[mark],
            )
        return ids

    def _tail(
        self,
        dataset: str,
        agency: str,
        mark: Marking,
        grading: Grading,
        collected: date | None,
        first_seen: datetime | None = None,
        last_seen: datetime | None = None,
        lang: str | None = None,
        retracted: bool = False,
    ) -> tuple[Any, ...]:
        """The columns after ``source_record``, in the order of `COLUMNS`."""
        agency_id, dataset_id, marking_id = self._ids(dataset, agency, mark)
        first, last = self._times(first_seen, last_seen)
        return (
            lang,
            dataset_id,
            agency_id,
            marking_id,
            grading.reliability,
            grading.credibility,
            collected.isoformat() if self.sqlite and collected is not None else collected,
            first,
            last,
            self.import_id,
            int(retracted) if self.sqlite else retracted,
        )

    def _times(self, first_seen: datetime | None, last_seen: datetime | None) -> tuple[Any, Any]:
        if first_seen is None and last_seen is None:
            return self._now_value, self._now_value
        first = first_seen or self.now
        last = last_seen or first
        if self.sqlite:
            return _sqlite_dt(first), _sqlite_dt(last)
        return first, last

    def add(self, stmt: Statement) -> None:
        tail = self._tail(
            stmt.dataset,
            stmt.agency,
            stmt.marking,
            stmt.grading,
            stmt.collected,
            stmt.first_seen,
            stmt.last_seen,
            stmt.lang,
            stmt.retracted,
        )
        self._buffer.append(
            (
                stmt.id,
                stmt.entity_id,
                stmt.schema,
                stmt.prop,
                stmt.prop_type,
                stmt.value,
                stmt.original_value,
                self._search(stmt.prop_type, stmt.value) if stmt.prop_type in _SEARCHABLE else None,
                stmt.source_record,
                *tail,
            )
        )
        self.seen += 1
        if len(self._buffer) >= self.batch_size:
            self.flush()

    def tail(
        self, dataset: str, agency: str, marking: Marking, grading: Grading, collected: date | None
    ) -> tuple[Any, ...]:
        """The shared columns to pass to `add_rows` with heads built by `row_heads`."""
        return self._tail(dataset, agency, marking, grading, collected)

    def add_rows(self, heads: Iterable[tuple[Any, ...]], tail: tuple[Any, ...]) -> None:
        buffer = self._buffer
        before = len(buffer)
        buffer.extend([head + tail for head in heads])
        self.seen += len(buffer) - before
        if len(buffer) >= self.batch_size:
            self.flush()

    def defer_indexes(self) -> bool:
        """On SQLite, drop the statement table's secondary indexes if the table is empty, to
        build them once in `finish` (a sort) instead of row by row (random B-tree inserts):
        a first bulk load then costs a fifth less. The drop is part of the transaction, so
        a rollback brings the indexes back. Returns whether it did."""
        if not self.sqlite or self._deferred:
            return False
        if self.conn.exec_driver_sql("SELECT 1 FROM statement LIMIT 1").first() is not None:
            return False
        found = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = 'statement' AND sql IS NOT NULL"
        ).all()
        for name, _sql in found:
            quoted = str(name).replace('"', '""')
            self.conn.exec_driver_sql(f'DROP INDEX "{quoted}"')
        self._deferred = [str(sql) for _name, sql in found]
        return bool(found)

    def finish(self) -> None:
        """Flush, then rebuild any index `defer_indexes` dropped (same transaction)."""
        self.flush()
        for sql in self._deferred:
            self.conn.exec_driver_sql(sql)
        self._deferred = []

    def flush(self) -> None:
        if not self._buffer:
            return
        if self.sqlite:
            self._flush_sqlite()
        else:
            self._flush_postgres()
        self._buffer = []

    def _flush_sqlite(self) -> None:
        marks = ", ".join("?" for _ in COLUMNS)
        sql = f"INSERT OR IGNORE INTO statement ({', '.join(COLUMNS)}) VALUES ({marks})"
        result = self.conn.exec_driver_sql(sql, self._buffer)
        self.added += max(result.rowcount, 0)

    def _flush_postgres(self) -> None:
        cols = ", ".join(f'"{c}"' for c in COLUMNS)
        if not self._temp_ready:
            self.conn.exec_driver_sql(
                "CREATE TEMP TABLE IF NOT EXISTS tmp_statement "
                "(LIKE statement INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            self._temp_ready = True
        raw: Any = self.conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY tmp_statement ({cols}) FROM STDIN") as copy:
            for row in self._buffer:
                copy.write_row(row)
        result = self.conn.exec_driver_sql(
            f"INSERT INTO statement ({cols}) SELECT {cols} FROM tmp_statement "
            "ON CONFLICT (id) DO NOTHING"
        )
        self.added += max(result.rowcount, 0)
        self.conn.exec_driver_sql("TRUNCATE tmp_statement")
