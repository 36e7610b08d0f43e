"""Engine factory: the backend is chosen by URL (SQLite default, PostgreSQL for many users)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from vinculo.exc import BackendError
from vinculo.i18n import N_


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(
    url: str, *, schema: str | None = None, statement_timeout_ms: int = 60000
) -> Engine:
    """Build an engine; ``schema`` puts a PostgreSQL store in its own schema (tests, tenants)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise BackendError(N_("bad database URL: {error}"), error=str(exc)) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        options = f"-c statement_timeout={int(statement_timeout_ms)}"
        if schema:
            if not schema.replace("_", "").isalnum():
                raise BackendError(N_("bad schema name {schema!r}"), schema=schema)
            options += f" -c search_path={schema}"
        # A web worker runs a few dozen requests at once; connections beyond pool_size are
        # opened and closed per use, and a PostgreSQL connection is a forked backend.
        return create_engine(
            parsed,
            pool_size=16,
            max_overflow=16,
            pool_pre_ping=True,
            connect_args={"options": options},
        )
    raise BackendError(
        N_("unsupported database backend {backend!r}; use sqlite or postgresql"), backend=backend
    )


def _sqlite_engine(url: str, database: str | None) -> Engine:
    kwargs: dict[str, Any] = {}
    memory = not database or database == ":memory:"
    if memory:
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        Path(database or "").parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        # keep the connections of a busy web worker: a new one re-reads the schema
        kwargs.update(pool_size=32, max_overflow=32)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself, so that a whole import is one transaction.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-65536")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A write transaction takes the write lock up front (waiting up to busy_timeout), so
        # two writers never deadlock upgrading a read lock; reads stay concurrent in WAL.
        write = conn.get_execution_options().get("vinculo_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
