"""The embedded default engine: DuckDB in process."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from vinculo.linkage.base import LinkageEngine
from vinculo.linkage.dialects import DuckDBDialect

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI


class DuckDBEngine(LinkageEngine[duckdb.DuckDBPyRelation]):
    """DuckDB, on a file or in memory; ``threads`` and ``memory_limit`` bound it."""

    name = "duckdb"

    def __init__(
        self,
        path: str = ":memory:",
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_directory: str | None = None,
    ) -> None:
        super().__init__(DuckDBDialect())
        self.con = duckdb.connect(path)
        if threads:
            self._run(f"SET threads = {int(threads)}")
        if memory_limit:
            self._run("SET memory_limit = ?", [memory_limit])
        if temp_directory:
            self._run("SET temp_directory = ?", [temp_directory])
        self._run("SET preserve_insertion_order = false")

    def _run(self, sql: str, params: list[Any] | None = None) -> list[Any]:
        """Execute and drain, so the shared connection is free for splink."""
        return self.con.execute(sql, params).fetchall()

    def _register(self, name: str, table: pa.Table) -> None:
        view = f"__arrow_{name}"
        self.con.register(view, table)
        try:
            self._run(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {view}")
        finally:
            self.con.unregister(view)

    def _materialize(self, name: str, sql: str) -> None:
        self._run(f"CREATE OR REPLACE TABLE {name} AS\n{sql}")

    def _table_exists(self, name: str) -> bool:
        rows = self._run(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        )
        return bool(rows and rows[0][0])

    def _to_arrow(self, name: str) -> pa.Table:
        result: pa.Table = self.con.sql(f"SELECT * FROM {name}").to_arrow_table()
        return result

    def _count(self, name: str) -> int:
        rows = self._run(f"SELECT count(*) FROM {name}")
        return int(rows[0][0]) if rows else 0

    def _drop(self, name: str) -> None:
        self._run(f"DROP TABLE IF EXISTS {name}")

    def _make_splink_api(self) -> DatabaseAPI[Any]:
        from splink import DuckDBAPI

        api: DatabaseAPI[Any] = DuckDBAPI(connection=self.con)
        return api

    def _close(self) -> None:
        self.con.close()
