"""SQL dialects of the batch engines: the few function names that differ.

The candidate pipeline is written once against this small vocabulary; each
engine's dialect spells it. Built by name through `dialect_for`.
"""

from __future__ import annotations

from typing import ClassVar

from vinculo.exc import InvalidData
from vinculo.i18n import N_


class Dialect:
    """What the DuckDB and Spark SQL spellings disagree on."""

    name: ClassVar[str]
    #: The dialect name splink and sqlglot use.
    splink_name: ClassVar[str]

    def explode(self, column: str) -> str:
        """One output row per element of a list column."""
        raise NotImplementedError

    def list_length(self, column: str) -> str:
        raise NotImplementedError

    def concat(self, *parts: str) -> str:
        return f"concat({', '.join(parts)})"


class DuckDBDialect(Dialect):
    name = "duckdb"
    splink_name = "duckdb"

    def explode(self, column: str) -> str:
        return f"unnest({column})"

    def list_length(self, column: str) -> str:
        return f"len({column})"


class SparkDialect(Dialect):
    name = "spark"
    splink_name = "spark"

    def explode(self, column: str) -> str:
        return f"explode({column})"

    def list_length(self, column: str) -> str:
        return f"size({column})"


_DIALECTS: dict[str, type[Dialect]] = {"duckdb": DuckDBDialect, "spark": SparkDialect}


def dialect_for(name: str) -> Dialect:
    try:
        return _DIALECTS[name]()
    except KeyError:
        raise InvalidData(
            N_("unknown SQL dialect {name!r}; expected one of {known}"),
            name=name,
            known=sorted(_DIALECTS),
        ) from None
