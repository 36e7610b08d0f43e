"""Bulk, streamed, idempotent statement writes inside one transaction.

SQLite gets batched ``INSERT OR IGNORE`` executemany; PostgreSQL gets COPY into
a temporary table and one ``INSERT ... ON CONFLICT DO NOTHING`` per batch.
Memory is bounded by the batch size, not by the input.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from anyascii import anyascii
from sqlalchemy import Connection

from vinculo.model.marking import Marking
from vinculo.model.statement import Statement
from vinculo.store.store import Store, utcnow
from vinculo.store.tables import statement

COLUMNS = [c.name for c in statement.columns]
assert COLUMNS == [
    "id",
    "entity_id",
    "schema",
    "prop",
    "prop_type",
    "value",
    "lang",
    "original_value",
    "dataset_id",
    "agency_id",
    "marking_id",
    "reliability",
    "credibility",
    "source_record",
    "collected",
    "first_seen",
    "last_seen",
    "import_id",
    "retracted",
    "search_text",
], "StatementWriter.add builds rows in this order"
_SEARCHABLE = {"name", "identifier", "phone", "email"}


def search_text(prop_type: str, value: str) -> str | None:
    """Lowercase ASCII fold used by simple search, for name-like values only."""
    if prop_type not in _SEARCHABLE:
        return None
    return " ".join(anyascii(value).lower().split())


def _sqlite_dt(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class StatementWriter:
    def __init__(
        self,
        store: Store,
        conn: Connection,
        *,
        import_id: int | None = None,
        batch_size: int = 10_000,
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
        self._temp_ready = False

    def _agency_id(self, code: str) -> int:
        if code not in self._agencies:
            self._agencies[code] = self.store.agency(code, self.conn).id
        return self._agencies[code]

    def _ids(self, stmt: Statement) -> tuple[int, int, int]:
        agency_id = self._agency_id(stmt.agency)
        key = (stmt.dataset, agency_id)
        if key not in self._datasets:
            self._datasets[key] = self.store.dataset_id(self.conn, stmt.dataset, agency_id)
        if stmt.marking not in self._markings:
            self._markings[stmt.marking] = self.store.marking_id(self.conn, stmt.marking)
        return agency_id, self._datasets[key], self._markings[stmt.marking]

    def _times(self, stmt: Statement) -> tuple[Any, Any]:
        if stmt.first_seen is None and stmt.last_seen is None:
            return self._now_value, self._now_value
        first = stmt.first_seen or self.now
        last = stmt.last_seen or first
        if self.sqlite:
            return _sqlite_dt(first), _sqlite_dt(last)
        return first, last

    def add(self, stmt: Statement) -> None:
        agency_id, dataset_id, marking_id = self._ids(stmt)
        first, last = self._times(stmt)
        collected: date | str | None = stmt.collected
        if self.sqlite and stmt.collected is not None:
            collected = stmt.collected.isoformat()
        retracted: bool | int = int(stmt.retracted) if self.sqlite else stmt.retracted
        # the order of COLUMNS, i.e. of the statement table
        self._buffer.append(
            (
                stmt.id,
                stmt.entity_id,
                stmt.schema,
                stmt.prop,
                stmt.prop_type,
                stmt.value,
                stmt.lang,
                stmt.original_value,
                dataset_id,
                agency_id,
                marking_id,
                stmt.grading.reliability,
                stmt.grading.credibility,
                stmt.source_record,
                collected,
                first,
                last,
                self.import_id,
                retracted,
                search_text(stmt.prop_type, stmt.value),
            )
        )
        self.seen += 1
        if len(self._buffer) >= self.batch_size:
            self.flush()

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
