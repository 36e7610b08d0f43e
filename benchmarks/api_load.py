"""API under load: 32 concurrent clients searching and opening entities, SQLite and PostgreSQL.

The demo store (``--people``, default 100,000) is built once per backend and
kept under ``$VINCULO_BENCH_OUT`` (default ``benchmarks/out/api_load/``) for
SQLite, or in a PostgreSQL database this script creates
(``vinculo_api_load_<people>``; dropped at the end unless ``--keep``);
``--pg-from-sqlite`` fills that database by copying the SQLite store instead of
building the demo a second time. The app is served by uvicorn in a subprocess
on 127.0.0.1 by ``vinculo serve`` (``--workers``, default one per core). Each client holds an API
token of a demo analyst of one agency and loops: search two words of a
person's name, open the first result (or a known entity). Warm-up rounds run
until no worker is still building its screening index. The run is bounded by
``--requests`` and ``--seconds``. Printed: throughput and p50/p99 latency, per
kind of request and overall, and the CPU time (user+sys) of the server, of the
PostgreSQL backends serving it and of this load generator, with the load
average: wall times are inflated when other jobs share the machine. Target:
p99 < 250 ms.

    .venv/bin/python benchmarks/api_load.py [--people 100000] [--backend both] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import aiohttp
import httpx
from sqlalchemy import Integer, create_engine, select, text

if TYPE_CHECKING:
    import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vinculo.settings import Settings  # noqa: E402
from vinculo.store import Store  # noqa: E402

# where the built stores live (large: keep them outside the checkout with VINCULO_BENCH_OUT)
OUT = Path(os.environ.get("VINCULO_BENCH_OUT") or ROOT / "benchmarks" / "out" / "api_load")
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


def copy_store(source_url: str, target_url: str) -> None:
    """Copy a built store into an empty PostgreSQL one (COPY: far faster than a second build).

    The benchmark compares backends on the same data; building the demo again
    at 100,000 people would take an hour more for the same rows.
    """
    from sqlalchemy import inspect

    from vinculo.store.tables import metadata

    source = Store.open(settings_for(source_url))
    target = Store.open(settings_for(target_url))
    target.upgrade()
    have = {t: {c["name"] for c in inspect(source.engine).get_columns(t)} for t in metadata.tables}
    t0 = time.perf_counter()
    with source.connect() as src, target.engine.connect() as dst:
        raw = cast("psycopg.Connection[Any]", dst.connection.dbapi_connection)
        with raw.cursor() as cur:
            cur.execute("SET session_replication_role = replica")  # no FK triggers while copying
            for table in metadata.sorted_tables:
                cols = [c for c in table.columns if c.name in have.get(table.name, set())]
                names = ", ".join(f'"{c.name}"' for c in cols)
                rows = src.execution_options(stream_results=True, yield_per=20000).execute(
                    select(*cols)
                )
                n = 0
                with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(tuple(row))
                        n += 1
                serial = "id" in table.c and isinstance(table.c.id.type, Integer)
                if serial and n:  # setval(NULL, ...) is a no-op without a sequence
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table.name}"))'
                    )
                print(f"  copied {table.name}: {n:,} rows ({time.perf_counter() - t0:.0f} s)")
            cur.execute("SET session_replication_role = origin")
        raw.commit()
    with target.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    source.close()
    target.close()


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


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """``vinculo serve --workers N`` in its own process, settings by environment."""
    env = dict(
        os.environ,
        VINCULO_DATABASE_URL=url,
        VINCULO_DATA_DIR=str(OUT / "data"),
        VINCULO_SECRET_KEY="api-load-benchmark",  # noqa: S106 - a throwaway key
    )
    command = [
        str(Path(sys.executable).parent / "vinculo"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the server did not start")


def server_pids(pid: int, url: str) -> tuple[list[int], list[int]]:
    """The server process and its workers; and (PostgreSQL) the database backends serving it."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    backends: list[int] = []
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.connect() as conn:
            backends = [
                int(r.pid)
                for r in conn.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
            ]
        engine.dispose()
    return pids, backends


def cpu_of(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user+sys) used so far by each of these processes still alive."""
    out: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[p] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return out


def cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings by the processes alive at the second one (a connection
    closed in between is not counted; one opened in between counts whole)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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
    timeout: float = 30,
) -> None:
    """One client: search, open the first hit (or a known entity), again, on one connection.

    aiohttp rather than httpx: the load generator shares the 2 cores with the
    server, and aiohttp's client costs a fraction of httpx's CPU per request.
    """
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    connector = aiohttp.TCPConnector(limit=1)
    limits = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(
        base, headers=headers, connector=connector, timeout=limits
    ) as http:
        while budget[0] > 0 and time.perf_counter() < stop_at:
            budget[0] -= 2
            words, known = rng.choice(queries)
            t0 = time.perf_counter()
            try:
                async with http.get("/api/search", params={"q": words, "limit": 20}) as res:
                    status, body = res.status, await res.read()
            except (aiohttp.ClientError, TimeoutError):
                results.errors += 1  # a timeout counts as an error, with its time
                results.search.append(time.perf_counter() - t0)
                continue
            results.search.append(time.perf_counter() - t0)
            if status != 200:
                results.errors += 1
                continue
            found = json.loads(body)["results"]
            target = found[0]["id"] if found else known
            t0 = time.perf_counter()
            try:
                async with http.get(f"/api/entities/{target}") as res:
                    status = res.status
                    await res.read()
            except (aiohttp.ClientError, TimeoutError):
                results.errors += 1
                results.entity.append(time.perf_counter() - t0)
                continue
            results.entity.append(time.perf_counter() - t0)
            if status not in (200, 404):  # 404: not released to this agency
                results.errors += 1


def reference_loop() -> float:
    """Seconds a pure-Python loop of ten million additions takes: the machine's speed now.

    These shared machines run the same code up to twice as slowly at some
    hours as at others; printed beside the figures, it tells runs apart.
    """
    t0 = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - t0


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
    server_pid: int,
    url: str,
    cpu: dict[str, float],
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
    # warm up, not measured: rounds of concurrent clients until a round is quick, so that
    # every worker has built its index and opened its connections
    for round_ in range(10):
        warm = Results()
        await asyncio.gather(
            *(
                client(
                    base,
                    tokens[i % len(tokens)],
                    queries,
                    warm,
                    [8],
                    time.perf_counter() + 60,
                    i,
                    timeout=3600,  # a worker may still be building its index
                )
                for i in range(clients)
            )
        )
        times = warm.search + warm.entity
        slowest, typical = max(times), statistics.median(times)
        print(f"  warm-up round {round_ + 1}: median {typical:.2f} s, slowest {slowest:.1f} s")
        if slowest < max(10.0, 4 * typical):  # no worker was still building its index
            break
    pids, backends = server_pids(server_pid, url)
    server_before, db_before, client_before = cpu_of(pids), cpu_of(backends), own_cpu()
    t0 = time.perf_counter()
    stop_at = t0 + seconds
    await asyncio.gather(
        *(
            client(base, tokens[i % len(tokens)], queries, results, budget, stop_at, 100 + i)
            for i in range(clients)
        )
    )
    elapsed = time.perf_counter() - t0
    pids, backends = server_pids(server_pid, url)
    cpu.update(
        server=cpu_since(server_before, cpu_of(pids)),
        db=cpu_since(db_before, cpu_of(backends)),
        client=own_cpu() - client_before,
    )
    return results, elapsed


def report(
    backend: str, results: Results, elapsed: float, clients: int, cpu: dict[str, float]
) -> None:
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
    n = max(1, len(total))
    print(
        f"  cpu: server {cpu['server']:.1f} s ({cpu['server'] / n * 1000:.2f} ms/request), "
        f"PostgreSQL backends {cpu['db']:.1f} s ({cpu['db'] / n * 1000:.2f} ms/request), "
        f"load generator {cpu['client']:.1f} s ({cpu['client'] / n * 1000:.2f} ms/request), "
        f"wall {elapsed:.1f} s; loadavg before {cpu['load_before']:.2f}, "
        f"after {os.getloadavg()[0]:.2f}"
    )
    print(
        f"  reference loop (the machine's speed now; lower is faster): "
        f"{cpu['loop_before']:.2f} s before, {reference_loop():.2f} s after"
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
        source = sqlite_url(args.people)
        if backend == "postgres" and not marker.exists() and args.pg_from_sqlite:
            if not (OUT / f"demo{args.people}.sqlite.ready").exists():
                prepare(source, args.people, OUT / f"demo{args.people}.sqlite.ready")
            copy_store(source, url)
            marker.write_text("ok", encoding="utf-8")
        prepare(url, args.people, marker)
        # as many distinct queries as searches: no cache of a repeated query flatters the figures
        tokens, queries = tokens_and_queries(url, max(400, args.requests // 2))
        port = free_port()
        workers = args.workers or os.cpu_count() or 1
        cpu = {"loop_before": reference_loop()}  # before the workers start building indexes
        server = serve(url, port, workers)
        cpu["load_before"] = os.getloadavg()[0]
        try:
            results, elapsed = asyncio.run(
                load(
                    f"http://127.0.0.1:{port}",
                    tokens,
                    queries,
                    args.clients,
                    args.requests,
                    args.seconds,
                    server.pid,
                    url,
                    cpu,
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{backend}: {workers} server worker(s)")
        report(backend, results, elapsed, args.clients, cpu)
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
    parser.add_argument(
        "--pg-from-sqlite",
        action="store_true",
        help="Build the PostgreSQL store by copying the SQLite one (same rows, much faster).",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="Server processes (default: one per core)."
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(f"API load: {args.people:,} demo people, {args.clients} clients, {os.cpu_count()} cores")
    for backend in backends:
        run_backend(backend, args)


if __name__ == "__main__":
    main()
