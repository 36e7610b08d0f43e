"""API under load: 32 concurrent clients searching and opening entities, SQLite and PostgreSQL.

The demo store (``--people``, default 100,000) is built once per backend and
kept under ``benchmarks/out/api_load/`` (SQLite) or in a PostgreSQL database
this script creates (``vinculo_api_load_<people>``; dropped at the end unless
``--keep``). The app is served by uvicorn in a subprocess on 127.0.0.1. Each
client holds an API token of a demo analyst of one agency and loops: search
two words of a person's name, open the first result (or a known entity). The
run is bounded by ``--requests`` and ``--seconds``. Printed: throughput and
p50/p99 latency, per kind of request and overall. Target: p99 < 250 ms.

    .venv/bin/python benchmarks/api_load.py [--people 100000] [--backend both] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vinculo.settings import Settings  # noqa: E402
from vinculo.store import Store  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "api_load"
PG_ADMIN = os.environ.get("VINCULO_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AGENCIES = ("dea", "fbi", "fgr", "uif", "hsi", "sedena")


def sqlite_url(people: int) -> str:
    return f"sqlite:///{OUT / f'demo{people}.db'}"


def pg_url(people: int) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base}/vinculo_api_load_{people}"


def pg_database(people: int, *, create: bool) -> None:
    name = f"vinculo_api_load_{people}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if create and not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        if not create and exists:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def settings_for(url: str) -> Settings:
    return Settings.load(
        database_url=url,
        data_dir=str(OUT / "data"),
        secret_key="api-load-benchmark",  # noqa: S106 - a throwaway key
        pg_statement_timeout_ms="3600000",  # building 100,000 people takes long queries
    )


def prepare(url: str, people: int, marker: Path) -> None:
    """Build the demo store once (it takes a while at 100,000 people)."""
    if marker.exists():
        return
    from vinculo.services import demo

    store = Store.open(settings_for(url))
    t0 = time.perf_counter()
    result = demo.build(store, OUT / f"files{people}", people=people, seed=7, echo=print)
    print(
        f"built {url}: {result.entities:,} entities, {result.statements:,} statements "
        f"in {time.perf_counter() - t0:.0f} s"
    )
    store.close()
    marker.write_text("ok", encoding="utf-8")


def tokens_and_queries(url: str, n_queries: int) -> tuple[list[str], list[tuple[str, str]]]:
    """An API token per demo analyst, and (search text, entity id) pairs sampled from the store."""
    from vinculo.services import access

    store = Store.open(settings_for(url))
    tokens = []
    for code in AGENCIES:
        user = store.get_user(f"analyst.{code}")
        if user is not None:
            tokens.append(access.create_token(store, user.principal(), "api_load", ("read",), 1))
    queries: list[tuple[str, str]] = []
    rng = random.Random(7)
    with store.connect() as conn:
        while len(queries) < n_queries:
            start = f"{rng.randrange(16**4):04x}"
            rows = conn.execute(
                text(
                    "SELECT entity_id, value FROM statement WHERE id >= :s AND prop = 'name' "
                    "AND schema = 'Person' ORDER BY id LIMIT 5"
                ),
                {"s": start},
            )
            for row in rows:
                words = row.value.split()
                if len(words) >= 2:
                    queries.append((f"{words[0]} {words[-1]}", row.entity_id))
    store.close()
    return tokens, queries


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVER = """
import sys, uvicorn
from vinculo.settings import Settings
from vinculo.store import Store
from vinculo.web.app import create_app
settings = Settings.load(database_url=sys.argv[1], data_dir=sys.argv[3],
                         secret_key="api-load-benchmark")
app = create_app(settings, Store.open(settings))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
            access_log=False)
"""


def serve(url: str, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, url, str(port), str(OUT / "data")], cwd=ROOT
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the server did not start")


@dataclass
class Results:
    search: list[float] = field(default_factory=list)
    entity: list[float] = field(default_factory=list)
    errors: int = 0


async def client(
    base: str,
    token: str,
    queries: list[tuple[str, str]],
    results: Results,
    budget: list[int],
    stop_at: float,
    seed: int,
) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        while budget[0] > 0 and time.perf_counter() < stop_at:
            budget[0] -= 2
            words, known = rng.choice(queries)
            t0 = time.perf_counter()
            res = await http.get("/api/search", params={"q": words, "limit": 20})
            results.search.append(time.perf_counter() - t0)
            if res.status_code != 200:
                results.errors += 1
                continue
            found = res.json()["results"]
            target = found[0]["id"] if found else known
            t0 = time.perf_counter()
            res = await http.get(f"/api/entities/{target}")
            results.entity.append(time.perf_counter() - t0)
            if res.status_code not in (200, 404):  # 404: not released to this agency
                results.errors += 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def load(
    base: str,
    tokens: list[str],
    queries: list[tuple[str, str]],
    clients: int,
    requests: int,
    seconds: float,
) -> tuple[Results, float]:
    results = Results()
    budget = [requests]
    # the first search builds the in-memory screening index of the whole store: not measured
    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=3600) as http:
        first = await http.get(
            "/api/search",
            params={"q": queries[0][0]},
            headers={"Authorization": f"Bearer {tokens[0]}"},
        )
        first.raise_for_status()
    print(f"  first search (builds the screening index): {time.perf_counter() - t0:.1f} s")
    # warm up: a few requests per token, not measured
    warm = Results()
    await asyncio.gather(
        *(
            client(base, t, queries, warm, [8], time.perf_counter() + 30, i)
            for i, t in enumerate(tokens)
        )
    )
    t0 = time.perf_counter()
    stop_at = t0 + seconds
    await asyncio.gather(
        *(
            client(base, tokens[i % len(tokens)], queries, results, budget, stop_at, 100 + i)
            for i in range(clients)
        )
    )
    return results, time.perf_counter() - t0


def report(backend: str, results: Results, elapsed: float, clients: int) -> None:
    total = results.search + results.entity
    print(
        f"{backend:<11} clients={clients} requests={len(total):,} errors={results.errors} "
        f"elapsed={elapsed:.1f}s throughput={len(total) / elapsed:,.1f} req/s"
    )
    for name, values in (("search", results.search), ("entity", results.entity), ("all", total)):
        if values:
            print(
                f"  {name:<7} n={len(values):>6,} p50={pct(values, 0.50):7.1f} ms "
                f"p99={pct(values, 0.99):7.1f} ms  mean={statistics.fmean(values) * 1000:7.1f} ms"
            )
    p99 = pct(total, 0.99)
    print(f"  target p99 < 250 ms: {'met' if p99 < 250 else 'NOT met'} ({p99:.0f} ms)")


def run_backend(backend: str, args: argparse.Namespace) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        url = sqlite_url(args.people)
        marker = OUT / f"demo{args.people}.sqlite.ready"
    else:
        pg_database(args.people, create=True)
        url = pg_url(args.people)
        marker = OUT / f"demo{args.people}.postgres.ready"
    try:
        prepare(url, args.people, marker)
        tokens, queries = tokens_and_queries(url, 400)
        port = free_port()
        server = serve(url, port)
        try:
            results, elapsed = asyncio.run(
                load(
                    f"http://127.0.0.1:{port}",
                    tokens,
                    queries,
                    args.clients,
                    args.requests,
                    args.seconds,
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(backend, results, elapsed, args.clients)
    finally:
        if backend == "postgres" and not args.keep:
            pg_database(args.people, create=False)
            marker.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=4000, help="Total, per backend.")
    parser.add_argument("--seconds", type=float, default=90, help="Time cap, per backend.")
    parser.add_argument("--keep", action="store_true", help="Keep the PostgreSQL database.")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(f"API load: {args.people:,} demo people, {args.clients} clients, {os.cpu_count()} cores")
    for backend in backends:
        run_backend(backend, args)


if __name__ == "__main__":
    main()
