"""The batch linkage engine interface, modelled on splink's ``DatabaseAPI``.

The pipeline methods are ``@final`` and shared; an adapter supplies only a
few hooks (register a table, materialize a query, check, read, drop) and the
splink database API of the same engine, so that splink's Fellegi–Sunter
scoring runs on the very tables our SQL built.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, final

import pyarrow as pa

from vinculo.exc import BackendError, Message, VinculoError
from vinculo.i18n import N_
from vinculo.linkage.dialects import Dialect
from vinculo.linkage.features import COLUMNS
from vinculo.linkage.pipeline import Pipeline, check_identifier

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI

log = logging.getLogger(__name__)
T = TypeVar("T")

_ARROW_TYPES = {"string": pa.string(), "bool": pa.bool_(), "list": pa.list_(pa.string())}
#: The Arrow schema of the feature table, identical for every engine.
FEATURE_SCHEMA = pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in COLUMNS.items()])


def features_to_arrow(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Feature rows as an Arrow table, built column by column (no per-row dicts)."""
    arrays = [
        pa.array([row.get(name) for row in rows], type=FEATURE_SCHEMA.field(name).type)
        for name in COLUMNS
    ]
    return pa.Table.from_arrays(arrays, schema=FEATURE_SCHEMA)


class LinkageEngine(ABC, Generic[T]):
    """An analytic SQL engine holding the feature table and candidate pairs."""

    name: ClassVar[str]

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._splink_api: DatabaseAPI[Any] | None = None
        self._tables: set[str] = set()

    # -- the pipeline methods, the same for every engine ------------------

    @final
    def register_table(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable under ``name`` (replacing one of that name)."""
        check_identifier(name)
        self._guard(
            lambda: self._register(name, table), Message.of(N_("registering {table}"), table=name)
        )
        self._tables.add(name)

    @final
    def run_pipeline(self, pipeline: Pipeline, output: str) -> str:
        """Materialize the pipeline's last step as table ``output``."""
        check_identifier(output)
        started = time.perf_counter()
        self._guard(
            lambda: self._materialize(output, pipeline.sql()),
            Message.of(N_("building {table}"), table=output),
        )
        self._tables.add(output)
        log.info("%s: built %s in %.1fs", self.name, output, time.perf_counter() - started)
        return output

    @final
    def table_exists(self, name: str) -> bool:
        return self._table_exists(check_identifier(name))

    @final
    def fetch(self, name: str) -> pa.Table:
        """The whole table as Arrow; for results, not for the big inputs."""
        return self._guard(
            lambda: self._to_arrow(check_identifier(name)),
            Message.of(N_("reading {table}"), table=name),
        )

    @final
    def count(self, name: str) -> int:
        return int(
            self._guard(
                lambda: self._count(check_identifier(name)),
                Message.of(N_("counting {table}"), table=name),
            )
        )

    @final
    def drop_table(self, name: str) -> None:
        self._drop(check_identifier(name))
        self._tables.discard(name)

    @property
    @final
    def splink_api(self) -> DatabaseAPI[Any]:
        """splink's database API bound to this engine's connection or session."""
        if self._splink_api is None:
            self._splink_api = self._make_splink_api()
        return self._splink_api

    @final
    def close(self) -> None:
        for name in sorted(self._tables):
            if self._table_exists(name):
                self._drop(name)
        self._tables.clear()
        self._close()

    def _guard(self, action: Any, what: Message) -> Any:
        """Driver errors become `BackendError`, naming what was being done."""
        try:
            return action()
        except VinculoError:
            raise
        except Exception as exc:
            raise BackendError(
                N_("{name} engine failed while {what}: {error}"),
                name=self.name,
                what=what,
                error=str(exc),
            ) from exc

    # -- the hooks an adapter implements ----------------------------------

    @abstractmethod
    def _register(self, name: str, table: pa.Table) -> None: ...

    @abstractmethod
    def _materialize(self, name: str, sql: str) -> None: ...

    @abstractmethod
    def _table_exists(self, name: str) -> bool: ...

    @abstractmethod
    def _to_arrow(self, name: str) -> pa.Table: ...

    @abstractmethod
    def _count(self, name: str) -> int: ...

    @abstractmethod
    def _drop(self, name: str) -> None: ...

    @abstractmethod
    def _make_splink_api(self) -> DatabaseAPI[Any]: ...

    def _close(self) -> None:
        """Release the engine's own resources (connection, not a shared session)."""
