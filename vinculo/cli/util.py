"""What every command shares: the store, the acting principal, errors, output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import click

from vinculo.access.principal import Principal
from vinculo.exc import VinculoError
from vinculo.i18n import _
from vinculo.settings import Settings
from vinculo.store import Store

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class CliContext:
    settings: Settings
    as_user: str | None = None
    _store: Store | None = field(default=None, repr=False)

    def store(self, *, initialized: bool = True) -> Store:
        if self._store is None:
            self._store = Store.open(self.settings)
        if initialized:
            self._store.require_initialized()
        return self._store

    def principal(self) -> Principal:
        """The local system principal, or the user named by ``--as``."""
        if self.as_user is None:
            return Principal.system()
        from vinculo.services.access import principal_for

        return principal_for(self.store(), self.as_user)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_ctx = click.make_pass_decorator(CliContext)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn vinculo errors into one clear message and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except VinculoError as exc:
            # in the language of --lang (or the user's, or VINCULO_LOCALE), set before commands run
            lines = [exc.translated()] + [f"  - {p.translated()}" for p in exc.errors[1:]]
            raise click.ClickException("\n".join(lines)) from None

    return wrapper


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


def is_terminal() -> bool:
    return sys.stderr.isatty()


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")
