"""Settings: a declared list (name, default, help, env), loaded once, passed explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any


def _default_data_dir() -> str:
    return str(Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "vinculo")


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "VINCULO_DATA_DIR", "", "Folder for the default SQLite store and exports."),
    Setting(
        "database_url",
        "VINCULO_DATABASE_URL",
        "",
        "SQLAlchemy URL of the store; default sqlite:///<data_dir>/vinculo.db. "
        "PostgreSQL: postgresql+psycopg://user@host/db.",
    ),
    Setting(
        "database_schema",
        "VINCULO_DATABASE_SCHEMA",
        "",
        "PostgreSQL only: the schema that holds the store (default: the user's search path).",
    ),
    Setting(
        "secret_key",
        "VINCULO_SECRET_KEY",
        "",
        "Key that signs session cookies; when empty, one is generated and kept in data_dir.",
    ),
    Setting(
        "default_locale", "VINCULO_LOCALE", "en", "Language when neither user nor browser says."
    ),
    Setting(
        "login_max_failures", "VINCULO_LOGIN_MAX_FAILURES", "5", "Failed logins before lockout."
    ),
    Setting("login_lockout_minutes", "VINCULO_LOGIN_LOCKOUT_MINUTES", "15", "Lockout duration."),
    Setting("session_hours", "VINCULO_SESSION_HOURS", "12", "How long a web session lasts."),
    Setting("audit_retention_days", "VINCULO_AUDIT_RETENTION_DAYS", "3650", "Audit log retention."),
    Setting(
        "review_years", "VINCULO_REVIEW_YEARS", "5", "Years before an entity is due for review."
    ),
    Setting("secure_cookies", "VINCULO_SECURE_COOKIES", "0", "Send cookies only over HTTPS (1/0)."),
    Setting(
        "request_slots",
        "VINCULO_REQUEST_SLOTS",
        "2",
        "Requests one server process works on at once; the others wait in order (0: no limit).",
    ),
    Setting("pg_statement_timeout_ms", "VINCULO_PG_STATEMENT_TIMEOUT_MS", "60000", "PostgreSQL."),
    Setting(
        "deconflict_person_threshold",
        "VINCULO_DECONFLICT_PERSON_THRESHOLD",
        "",
        "Match score from which two registered persons conflict (empty: built-in default).",
    ),
    Setting(
        "deconflict_blind_threshold",
        "VINCULO_DECONFLICT_BLIND_THRESHOLD",
        "",
        "The same for blind (tokenized) persons (empty: built-in default).",
    ),
    Setting(
        "deconflict_buffer_m",
        "VINCULO_DECONFLICT_BUFFER_M",
        "",
        "Metres added around planned operations before overlap (empty: default).",
    ),
    Setting(
        "deconflict_buffer_minutes",
        "VINCULO_DECONFLICT_BUFFER_MINUTES",
        "",
        "Minutes added around operations' time windows (empty: 120).",
    ),
    Setting(
        "deconflict_key_ids",
        "VINCULO_DECONFLICT_KEY_IDS",
        "",
        "Comma-separated community key ids accepted for blind tokens (empty: any).",
    ),
)


@dataclass(frozen=True)
class Settings:
    data_dir: str = ""
    database_url: str = ""
    database_schema: str = ""
    secret_key: str = ""
    default_locale: str = "en"
    login_max_failures: str = "5"
    login_lockout_minutes: str = "15"
    session_hours: str = "12"
    audit_retention_days: str = "3650"
    review_years: str = "5"
    secure_cookies: str = "0"
    request_slots: str = "2"
    pg_statement_timeout_ms: str = "60000"
    deconflict_person_threshold: str = ""
    deconflict_blind_threshold: str = ""
    deconflict_buffer_m: str = ""
    deconflict_buffer_minutes: str = ""
    deconflict_key_ids: str = ""

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then explicit overrides (CLI options)."""
        values: dict[str, str] = {}
        for s in SETTINGS:
            values[s.name] = os.environ.get(s.env, s.default)
        values.update({k: str(v) for k, v in overrides.items() if v is not None})
        if not values["data_dir"]:
            values["data_dir"] = _default_data_dir()
        if not values["database_url"]:
            values["database_url"] = f"sqlite:///{Path(values['data_dir']) / 'vinculo.db'}"
        return cls(**values)

    def as_dict(self, *, hide_secrets: bool = True) -> dict[str, str]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        if hide_secrets:
            out["secret_key"] = "***" if out["secret_key"] else ""
            out["database_url"] = _hide_password(out["database_url"])
        return out

    def int(self, name: str) -> int:
        return int(getattr(self, name))


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
