"""The operational store: the only place that talks SQL.

`Store` holds the engine and the small administrative repositories (agencies,
users, tokens, datasets, markings). Reads of facts go through
`vinculo.store.reader` and writes through `vinculo.store.writer`, both
principal-aware.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, inspect, select, update
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from vinculo.access.principal import Principal, Role
from vinculo.exc import BackendError, Conflict, InvalidData, NotFound
from vinculo.i18n import N_
from vinculo.model.marking import Marking
from vinculo.settings import Settings
from vinculo.store import migrate, visibility
from vinculo.store.engine import is_postgres, make_engine
from vinculo.store.tables import agency, api_token, dataset, marking, user

COUNTRIES = ("US", "MX")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Agency:
    id: int
    code: str
    country: str
    name: str


@dataclass(frozen=True)
class User:
    id: int
    username: str
    agency: Agency
    display_name: str
    password_hash: str | None
    roles: frozenset[Role]
    locale: str | None
    active: bool
    failed_logins: int
    locked_until: datetime | None

    def principal(self) -> Principal:
        return Principal(
            username=self.username,
            agency=self.agency.code,
            country=self.agency.country,
            roles=self.roles,
            user_id=self.id,
            agency_id=self.agency.id,
            locale=self.locale or "en",
        )


class Store:
    def __init__(self, engine: Engine, settings: Settings | None = None) -> None:
        self.engine = engine
        self.settings = settings or Settings.load()
        self.closed = False  # background threads (the screening watcher) stop when set

    @classmethod
    def open(cls, settings: Settings, *, schema: str | None = None) -> Store:
        engine = make_engine(
            settings.database_url,
            schema=schema or settings.database_schema or None,
            statement_timeout_ms=settings.int("pg_statement_timeout_ms"),
        )
        return cls(engine, settings)

    @property
    def backend(self) -> str:
        return "postgresql" if is_postgres(self.engine) else "sqlite"

    def close(self) -> None:
        self.closed = True
        self.engine.dispose()

    # --- schema ---------------------------------------------------------------

    def upgrade(self) -> None:
        try:
            migrate.upgrade(self.engine)
        except OperationalError as exc:
            raise BackendError(
                N_("cannot migrate the store: {error}"), error=str(exc.orig)
            ) from exc

    def is_initialized(self) -> bool:
        try:
            return inspect(self.engine).has_table("statement")
        except OperationalError as exc:
            raise BackendError(N_("cannot reach the store: {error}"), error=str(exc.orig)) from exc

    def require_initialized(self) -> None:
        if not self.is_initialized():
            raise BackendError(N_("the store is not initialized; run `vinculo init` first"))
        if not migrate.is_up_to_date(self.engine):
            raise BackendError(N_("the store needs a migration; run `vinculo db upgrade`"))

    def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load (PostgreSQL plans a freshly
        loaded table as if empty until autovacuum catches up; SQLite's planner needs none)."""
        if self.backend == "postgresql":
            with self.begin() as conn:
                conn.exec_driver_sql("ANALYZE statement")

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction (committed on success, rolled back on any error)."""
        try:
            with self.engine.connect() as raw:
                conn = raw.execution_options(vinculo_write=True)
                with conn.begin():
                    yield conn
                if raw.info.pop("vinculo_new_marking", False):
                    visibility.forget_markings()
        except OperationalError as exc:
            raise BackendError(N_("database error: {error}"), error=str(exc.orig)) from exc
        except DataError as exc:
            raise InvalidData(
                N_("the database refused a value: {error}"), error=str(exc.orig)
            ) from exc

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise BackendError(N_("database error: {error}"), error=str(exc.orig)) from exc
        except DataError as exc:
            raise InvalidData(
                N_("the database refused a value: {error}"), error=str(exc.orig)
            ) from exc

    # --- agencies -------------------------------------------------------------

    def add_agency(self, code: str, country: str, name: str) -> Agency:
        code = code.strip().upper()
        country = country.strip().upper()
        if not code or not code.replace("-", "").replace("_", "").isalnum():
            raise InvalidData(
                N_("bad agency code {code!r}: letters, digits, - and _ only"), code=code
            )
        if country not in COUNTRIES:
            raise InvalidData(N_("bad country {country!r}: expected US or MX"), country=country)
        try:
            with self.begin() as conn:
                conn.execute(
                    agency.insert().values(
                        code=code, country=country, name=name, created_at=utcnow()
                    )
                )
        except IntegrityError:
            raise Conflict(N_("agency {code} exists already"), code=code) from None
        return self.agency(code)

    def get_agency(self, code: str, conn: Connection | None = None) -> Agency | None:
        """Look up an agency; pass ``conn`` when inside a transaction of one's own."""
        if conn is None:
            with self.connect() as own:
                return self.get_agency(code, own)
        row = conn.execute(select(agency).where(agency.c.code == code.upper())).first()
        return Agency(row.id, row.code, row.country, row.name) if row else None

    def agency(self, code: str, conn: Connection | None = None) -> Agency:
        found = self.get_agency(code, conn)
        if found is None:
            raise NotFound(
                N_("unknown agency {code!r}; add it with `vinculo agency add`"), code=code
            )
        return found

    def agencies(self) -> list[Agency]:
        with self.connect() as conn:
            rows = conn.execute(select(agency).order_by(agency.c.country, agency.c.code))
            return [Agency(r.id, r.code, r.country, r.name) for r in rows]

    # --- users ----------------------------------------------------------------

    def add_user(
        self,
        username: str,
        agency_code: str,
        display_name: str,
        password_hash: str | None,
        roles: frozenset[Role],
        locale: str | None = None,
    ) -> User:
        ag = self.agency(agency_code)
        try:
            with self.begin() as conn:
                conn.execute(
                    user.insert().values(
                        username=username,
                        agency_id=ag.id,
                        display_name=display_name,
                        password_hash=password_hash,
                        roles=",".join(sorted(roles)),
                        locale=locale,
                        active=True,
                        failed_logins=0,
                        created_at=utcnow(),
                    )
                )
        except IntegrityError:
            raise Conflict(N_("user {username} exists already"), username=username) from None
        return self.user(username)

    def get_user(self, username: str) -> User | None:
        with self.connect() as conn:
            row = conn.execute(_user_select().where(user.c.username == username)).first()
        return _user_of(row) if row is not None else None

    def user(self, username: str) -> User:
        found = self.get_user(username)
        if found is None:
            raise NotFound(N_("unknown user {username!r}"), username=username)
        return found

    def users(self, agency_code: str | None = None) -> list[User]:
        with self.connect() as conn:
            q = select(user.c.username).join(agency, agency.c.id == user.c.agency_id)
            if agency_code:
                q = q.where(agency.c.code == agency_code.upper())
            names = [r.username for r in conn.execute(q.order_by(user.c.username))]
        return [self.user(n) for n in names]

    def update_user(self, username: str, **values: object) -> None:
        allowed = {
            "password_hash",
            "roles",
            "locale",
            "active",
            "failed_logins",
            "locked_until",
            "display_name",
        }
        bad = set(values) - allowed
        if bad:
            raise InvalidData(N_("cannot update user fields {bad}"), bad=sorted(bad))
        if "roles" in values and not isinstance(values["roles"], str):
            values["roles"] = ",".join(sorted(str(r) for r in values["roles"]))  # type: ignore[attr-defined]
        with self.begin() as conn:
            res = conn.execute(update(user).where(user.c.username == username).values(**values))
            if res.rowcount == 0:
                raise NotFound(N_("unknown user {username!r}"), username=username)

    # --- API tokens -----------------------------------------------------------

    def add_token(
        self, user_id: int, token_hash: str, label: str, scopes: str, expires_at: datetime | None
    ) -> int:
        with self.begin() as conn:
            res = conn.execute(
                api_token.insert().values(
                    user_id=user_id,
                    token_hash=token_hash,
                    label=label,
                    scopes=scopes,
                    created_at=utcnow(),
                    expires_at=expires_at,
                )
            )
            return int(res.inserted_primary_key[0])  # type: ignore[index]

    def token_user(
        self, token_hash: str
    ) -> tuple[User, str, datetime | None, datetime | None] | None:
        """(user, scopes, expires_at, revoked_at) for a token hash: one query per API call."""
        with self.connect() as conn:
            row = conn.execute(
                _user_select()
                .add_columns(
                    api_token.c.scopes.label("token_scopes"),
                    api_token.c.expires_at.label("token_expires_at"),
                    api_token.c.revoked_at.label("token_revoked_at"),
                )
                .join(api_token, api_token.c.user_id == user.c.id)
                .where(api_token.c.token_hash == token_hash)
            ).first()
        if row is None:
            return None
        return (
            _user_of(row),
            row.token_scopes,
            stored_time(row.token_expires_at),
            stored_time(row.token_revoked_at),
        )

    def tokens(self, user_id: int) -> list[dict[str, object]]:
        with self.connect() as conn:
            rows = conn.execute(
                select(api_token).where(api_token.c.user_id == user_id).order_by(api_token.c.id)
            )
            return [
                {
                    "id": r.id,
                    "label": r.label,
                    "scopes": r.scopes,
                    "created_at": stored_time(r.created_at),
                    "expires_at": stored_time(r.expires_at),
                    "revoked_at": stored_time(r.revoked_at),
                }
                for r in rows
            ]

    def revoke_token(self, token_id: int, user_id: int | None = None) -> None:
        with self.begin() as conn:
            q = update(api_token).where(
                api_token.c.id == token_id, api_token.c.revoked_at.is_(None)
            )
            if user_id is not None:
                q = q.where(api_token.c.user_id == user_id)
            if conn.execute(q.values(revoked_at=utcnow())).rowcount == 0:
                raise NotFound(N_("no active token {token_id}"), token_id=token_id)

    # --- markings and datasets -------------------------------------------------

    def marking_id(self, conn: Connection, mark: Marking) -> int:
        rel = mark.releasability
        found = conn.execute(
            select(marking.c.id).where(
                marking.c.tlp == mark.tlp.value, marking.c.releasability == rel
            )
        ).scalar()
        if found is not None:
            return int(found)
        res = conn.execute(marking.insert().values(tlp=mark.tlp.value, releasability=rel))
        conn.info["vinculo_new_marking"] = True  # readers learn of it at commit (`begin`)
        return int(res.inserted_primary_key[0])  # type: ignore[index]

    def dataset_id(
        self, conn: Connection, name: str, agency_id: int, title: str | None = None
    ) -> int:
        row = conn.execute(
            select(dataset.c.id, dataset.c.agency_id).where(dataset.c.name == name)
        ).first()
        if row is not None:
            if row.agency_id != agency_id:
                raise Conflict(N_("dataset {name!r} belongs to another agency"), name=name)
            return int(row.id)
        res = conn.execute(
            dataset.insert().values(
                name=name, title=title or name, agency_id=agency_id, created_at=utcnow()
            )
        )
        return int(res.inserted_primary_key[0])  # type: ignore[index]


def _user_select() -> Select[Any]:
    return select(user, agency.c.code, agency.c.country, agency.c.name.label("aname")).join(
        agency, agency.c.id == user.c.agency_id
    )


def _user_of(row: Any) -> User:
    return User(
        id=row.id,
        username=row.username,
        agency=Agency(row.agency_id, row.code, row.country, row.aname),
        display_name=row.display_name,
        password_hash=row.password_hash,
        roles=frozenset(Role(r) for r in row.roles.split(",") if r),
        locale=row.locale,
        active=row.active,
        failed_logins=row.failed_logins,
        locked_until=stored_time(row.locked_until),
    )


def aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def stored_time(value: Any) -> datetime | None:
    """A stored time as an aware datetime: None stays None; SQLite may hand back text."""
    if value is None:
        return None
    return aware(datetime.fromisoformat(value) if isinstance(value, str) else value)
