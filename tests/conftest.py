"""Shared fixtures: isolated settings, and a fresh store on SQLite and PostgreSQL.

PostgreSQL tests use the server at ``VINCULO_TEST_PG_URL`` (CI and `make test`
set it); each test gets its own schema, dropped afterwards. When the variable
is set, a failed connection fails the test: it is never skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from vinculo.settings import Settings
from vinculo.store import Store

PG_URL = os.environ.get("VINCULO_TEST_PG_URL", "")
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's own vinculo settings or data."""
    for key in list(os.environ):
        if key.startswith("VINCULO_") and key not in ("VINCULO_TEST_PG_URL", "VINCULO_REQUIRE_PG"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VINCULO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VINCULO_SECRET_KEY", "test-secret-key-not-for-production")


def make_settings(url: str, tmp_path: Path) -> Settings:
    return Settings.load(
        database_url=url,
        data_dir=str(tmp_path / "data"),
        secret_key="test-secret-key-not-for-production",
    )


def _pg_required() -> str:
    if not PG_URL:
        if os.environ.get("VINCULO_REQUIRE_PG"):
            pytest.fail("VINCULO_TEST_PG_URL is not set but PostgreSQL is required")
        pytest.skip("VINCULO_TEST_PG_URL is not set")
    return PG_URL


@pytest.fixture
def pg_schema() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL schema: (url, schema name)."""
    url = _pg_required()
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield url, name
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def open_store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    if backend == "sqlite":
        store = Store.open(make_settings(f"sqlite:///{tmp_path / 'store.db'}", tmp_path))
    else:
        url, schema = request.getfixturevalue("pg_schema")
        # commands run in the test (CLI) find the schema the way a deployment would
        request.getfixturevalue("monkeypatch").setenv("VINCULO_DATABASE_SCHEMA", schema)
        store = Store.open(
            Settings.load(
                database_url=url,
                database_schema=schema,
                data_dir=str(tmp_path / "data"),
                secret_key="test-secret-key-not-for-production",
            )
        )
    store.upgrade()
    return store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty store on each backend."""
    s = open_store(request.param, tmp_path, request)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A migrated, empty SQLite store, for tests that do not concern the backend."""
    s = open_store("sqlite", tmp_path, request)
    try:
        yield s
    finally:
        s.close()


# --- web: a live server for browser tests, and Debian's chromium ----------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


class LiveServer:
    """Serves the web app over a store on a free localhost port, in a thread."""

    def __init__(self, store: Store) -> None:
        import socket
        import threading

        import uvicorn

        from vinculo.web.app import create_app

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(store.settings, store),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        import time

        for _ in range(200):
            if self.server.started:
                break
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server() -> Iterator[Callable[[Store], LiveServer]]:
    servers: list[LiveServer] = []

    def start(store: Store) -> LiveServer:
        server = LiveServer(store)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page; a screenshot of it is saved under tests/screenshots/."""
    context = browser.new_context(locale="en-US")
    pg = context.new_page()
    yield pg
    SCREENSHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A small demo scenario (300 people) built once per test worker, on SQLite. Read-only!"""
    from vinculo.services import demo

    root = tmp_path_factory.mktemp("demo")
    store = Store.open(make_settings(f"sqlite:///{root / 'demo.db'}", root))
    demo.build(store, root / "files", people=300, seed=11, echo=lambda _m: None)
    try:
        yield store
    finally:
        store.close()
