"""The one exception tree of vinculo.

VinculoError
├── InvalidData        bad input: carries file, line and field where known (400)
├── NotFound           no such thing, or not visible to the principal (404)
├── PermissionDenied   the principal may not do this (403)
├── AuthenticationFailed  wrong credentials, locked account, revoked token (401)
├── Conflict           the request contradicts what is stored (409)
└── BackendError       a database or engine failed underneath (500)

Each class carries ``status`` for the web layer, and ``errors`` with every
problem found, so that validation can report all of them at once.

Messages are templates with named values, marked for extraction where they are
raised and formatted late, so that one error reads in English in logs
(``exc.message``) and in the reader's language where it is shown
(``exc.translated()``)::

    raise InvalidData(N_("unknown schema {schema!r}"), schema=name)

Only the template is ever formatted: values (file names, user input) are
inserted as they are and never read as templates.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from vinculo.i18n import N_, gettext

#: Looks a template up in a catalog; the identity gives English.
Translate = Callable[[str], str]


def _english(template: str) -> str:
    return template


class Text(ABC):
    """Something shown to a person: English by ``str()``, the current locale by ``translated()``."""

    @abstractmethod
    def render(self, translate: Translate) -> str:
        """The text with ``translate`` applied to every template in it."""

    def __str__(self) -> str:
        return self.render(_english)

    def translated(self) -> str:
        return self.render(gettext)


@dataclass(frozen=True)
class Message(Text):
    """A message template and its values; values that are `Text` are translated too."""

    template: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, template: str, /, **params: object) -> Message:
        return cls(template, tuple(params.items()))

    @staticmethod
    def build(message: str | Text, params: dict[str, object]) -> Text:
        """A template with its values, or a `Text` already built (then without values)."""
        if isinstance(message, Text):
            if params:
                raise TypeError("values belong to the template, not to a built message")
            return message
        return Message.of(message, **params)

    def render(self, translate: Translate) -> str:
        values = {k: v.render(translate) if isinstance(v, Text) else v for k, v in self.params}
        try:
            return translate(self.template).format(**values)
        except (KeyError, IndexError, ValueError):
            # a translation with a broken placeholder must not hide the error: say it in English
            return self.template.format(**values)


@dataclass(frozen=True)
class Problem(Text):
    """One located problem in an input: where it is and what is wrong."""

    text: Text
    file: str | None = None
    line: int | None = None
    field: str | None = None

    @property
    def message(self) -> str:
        """What is wrong, in English, without where."""
        return str(self.text)

    def render(self, translate: Translate) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(Message.of(N_("line {line}"), line=self.line).render(translate))
        if self.field:
            where.append(Message.of(N_("field {field!r}"), field=self.field).render(translate))
        message = self.text.render(translate)
        return f"{', '.join(where)}: {message}" if where else message


@dataclass(frozen=True)
class Joined(Text):
    """Several values in one line: problems, or names joined by a translated ``or``.

    Parts and separator that are `Text` are translated; other parts are shown as they are.
    """

    parts: tuple[object, ...]
    separator: str | Text = "; "

    def render(self, translate: Translate) -> str:
        sep = self.separator
        glue = sep.render(translate) if isinstance(sep, Text) else sep
        return glue.join(p.render(translate) if isinstance(p, Text) else str(p) for p in self.parts)


class VinculoError(Exception):
    """The root: ``message`` is English (logs, tests), ``translated()`` the reader's language.

    The message is a template marked with ``N_`` and formatted with ``params``; an
    already built `Text` (an error's ``text``, re-raised with more context) is taken
    as it is. ``errors`` is a reserved name, never a template value.
    """

    status: int = 500

    def __init__(
        self, message: str | Text, /, *, errors: list[Problem] | None = None, **params: object
    ) -> None:
        text = Message.build(message, params)
        self.text: Text = text
        self.message = str(text)
        super().__init__(self.message)
        self.errors: list[Problem] = errors or []

    def translated(self) -> str:
        """The message in the current locale (`vinculo.i18n`), values as they were given."""
        return self.text.translated()

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled (the import worker) with its template and values, not as re-parsed text
        return (_rebuild, (type(self), self.text, self.errors, self.__dict__))


def _rebuild(
    cls: type[VinculoError], text: Text, errors: list[Problem], state: dict[str, object]
) -> VinculoError:
    exc = cls(text, errors=errors)
    exc.__dict__.update(state)
    return exc


class InvalidData(VinculoError):
    status = 400

    @classmethod
    def at(
        cls,
        message: str | Text,
        /,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        **params: object,
    ) -> InvalidData:
        """One located problem; ``file``, ``line`` and ``field`` are never template values."""
        problem = Problem(Message.build(message, params), file=file, line=line, field=field)
        return cls(problem, errors=[problem])

    @classmethod
    def listing(cls, problems: Sequence[Problem], *, shown: int | None = None) -> InvalidData:
        """Every problem in ``errors``; the message joins the first ``shown`` of them."""
        return cls(Joined(tuple(problems[:shown])), errors=list(problems))


class NotFound(VinculoError):
    status = 404


class PermissionDenied(VinculoError):
    status = 403


class AuthenticationFailed(VinculoError):
    status = 401


class Conflict(VinculoError):
    status = 409


class BackendError(VinculoError):
    status = 500


__all__ = [
    "AuthenticationFailed",
    "BackendError",
    "Conflict",
    "InvalidData",
    "Joined",
    "Message",
    "NotFound",
    "PermissionDenied",
    "Problem",
    "Text",
    "VinculoError",
]
