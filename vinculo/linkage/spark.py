"""The engine for deployments that outgrow one machine: Spark.

pyspark is imported only when this module is used (the ``spark`` extra).
Tables are session temporary views over cached DataFrames.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from vinculo.exc import BackendError
from vinculo.i18n import N_
from vinculo.linkage.base import LinkageEngine
from vinculo.linkage.dialects import SparkDialect

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from splink.internals.database_api import DatabaseAPI


def splink_jar() -> str:
    """The jar of string-similarity UDFs splink's Spark backend registers."""
    from splink.backends.spark import similarity_jar_location

    return str(similarity_jar_location())


#: Local mode moves data within one machine: compressing it costs CPU for nothing,
#: and waiting for data locality only adds latency.
LOCAL_CONF: dict[str, str] = {
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.ansi.enabled": "false",
    "spark.locality.wait": "0s",
    "spark.rdd.compress": "false",
    "spark.shuffle.compress": "false",
    "spark.shuffle.spill.compress": "false",
    "spark.sql.inMemoryColumnarStorage.compressed": "false",
}


def local_session(
    cores: int = 2, memory: str = "2g", conf: Mapping[str, str] | None = None
) -> SparkSession:
    """A local-mode session configured the way the engine needs it.

    Shuffles use one partition per core (Spark's default of 200 means 200
    tiny tasks per join here); ``conf`` adds or overrides settings.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise BackendError(
            N_("the Spark engine needs pyspark: pip install 'vinculo[spark]'")
        ) from exc
    settings = {
        **LOCAL_CONF,
        "spark.driver.memory": memory,
        "spark.jars": splink_jar(),
        "spark.sql.shuffle.partitions": str(max(1, int(cores))),
        "spark.default.parallelism": str(max(1, int(cores))),
        **(conf or {}),
    }
    builder: Any = SparkSession.builder.master(f"local[{int(cores)}]").appName("vinculo-linkage")
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()  # type: ignore[no-any-return]


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
