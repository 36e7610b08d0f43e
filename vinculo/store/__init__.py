"""The operational store (SQLite or PostgreSQL): the only package that talks SQL."""

from vinculo.store.store import Agency, Store, User
from vinculo.store.writer import StatementWriter

__all__ = ["Agency", "StatementWriter", "Store", "User"]
