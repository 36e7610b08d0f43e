"""Small accessors of what the app factory keeps on ``app.state``."""

from __future__ import annotations

from fastapi import Request

from vinculo.store import Store


def store_of(request: Request) -> Store:
    store = request.app.state.store
    assert isinstance(store, Store)
    return store


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None
