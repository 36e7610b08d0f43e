"""The engine for deployments that outgrow one machine: Spark.

pyspark is imported only when this module is used (the ``spark`` extra).
Tables are session temporary views over cached DataFrames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

from vinculo.exc import BackendError
from vinculo.linkage.base import LinkageEngine
from vinculo.linkage.dialects import SparkDialect

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from splink.internals.database_api import DatabaseAPI


def splink_jar() -> str:
    """The jar of string-similarity UDFs splink's Spark backend registers."""
    from splink.backends.spark import similarity_jar_location

    return str(similarity_jar_location())


def local_session(cores: int = 2, memory: str = "2g") -> SparkSession:
    """A local-mode session configured the way the engine needs it."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise BackendError("the Spark engine needs pyspark: pip install 'vinculo[spark]'") from exc
    builder: Any = SparkSession.builder
    return (  # type: ignore[no-any-return]
        builder.master(f"local[{int(cores)}]")
        .appName("vinculo-linkage")
        .config("spark.driver.memory", memory)
        .config("spark.jars", splink_jar())
        .config("spark.sql.shuffle.partitions", str(max(1, int(cores))))
        .config("spark.default.parallelism", str(max(1, int(cores))))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )


class SparkEngine(LinkageEngine["DataFrame"]):
    """Spark SQL over a session the caller owns (not stopped by `close`)."""

    name = "spark"

    def __init__(self, session: SparkSession, *, prefix: str = "") -> None:
        super().__init__(SparkDialect())
        self.spark = session
        self._cached: dict[str, DataFrame] = {}
        self.prefix = prefix

    def _register(self, name: str, table: pa.Table) -> None:
        frame = self.spark.createDataFrame(table)
        self._keep(name, frame)

    def _materialize(self, name: str, sql: str) -> None:
        self._keep(name, self.spark.sql(sql))

    def _keep(self, name: str, frame: DataFrame) -> None:
        old = self._cached.pop(name, None)
        frame = frame.cache()
        frame.count()  # materialize now, so later reads do not recompute the lineage
        frame.createOrReplaceTempView(name)
        self._cached[name] = frame
        if old is not None:
            old.unpersist()

    def _table_exists(self, name: str) -> bool:
        return bool(self.spark.catalog.tableExists(name))

    def _to_arrow(self, name: str) -> pa.Table:
        result: pa.Table = self.spark.table(name).toArrow()
        return result

    def _count(self, name: str) -> int:
        return int(self.spark.table(name).count())

    def _drop(self, name: str) -> None:
        frame = self._cached.pop(name, None)
        if frame is not None:
            frame.unpersist()
        self.spark.catalog.dropTempView(name)

    def _make_splink_api(self) -> DatabaseAPI[Any]:
        from splink import SparkAPI

        api: DatabaseAPI[Any] = SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=self.spark, break_lineage_method="persist"
        )
        return api
