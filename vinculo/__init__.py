"""vinculo: the binational (US-MX) working picture against transnational organized crime.

The public API: the data model, the store, and the exception tree. Everything
else is reached through `vinculo.services` (what the CLI and web call).
"""

from vinculo.access.principal import Principal, Role
from vinculo.exc import (
    AuthenticationFailed,
    BackendError,
    Conflict,
    InvalidData,
    NotFound,
    PermissionDenied,
    VinculoError,
)
from vinculo.model.entity import Entity
from vinculo.model.marking import TLP, Grading, Marking
from vinculo.model.statement import Statement
from vinculo.settings import Settings
from vinculo.store import Store

__version__ = "0.1.0"

__all__ = [
    "TLP",
    "AuthenticationFailed",
    "BackendError",
    "Conflict",
    "Entity",
    "Grading",
    "InvalidData",
    "Marking",
    "NotFound",
    "PermissionDenied",
    "Principal",
    "Role",
    "Settings",
    "Statement",
    "Store",
    "VinculoError",
    "__version__",
]
