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
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in an input: where it is and what is wrong."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class VinculoError(Exception):
    status: int = 500

    def __init__(self, message: str, *, errors: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[Problem] = errors or []


class InvalidData(VinculoError):
    status = 400

    @classmethod
    def at(
        cls,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> InvalidData:
        problem = Problem(message, file=file, line=line, field=field)
        return cls(str(problem), errors=[problem])


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
    "NotFound",
    "PermissionDenied",
    "Problem",
    "VinculoError",
]
