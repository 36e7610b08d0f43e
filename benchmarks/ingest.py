"""Ingest speed and memory: vinculo (SQLite, PostgreSQL) against nomenklatura's SQL store.

Both load the same FtM JSON-lines file (the demo generator's agencies' files
concatenated, at least a million statements by default) in the same run; each
load runs in its own process so that peak memory (ru_maxrss) is its own.
nomenklatura runs in its own virtual environment (benchmarks/.peers/nomenklatura),
made here when missing, so that its pins never touch vinculo's.

    python benchmarks/ingest.py [--people 12000] [--skip-pg] [--only-vinculo]

Reports wall and CPU (user+sys, the import worker included) time: on a machine
shared with other work, statements per CPU second is the comparable figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER = HERE / ".peers" / "nomenklatura"
PG_URL = os.environ.get("VINCULO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def peer_python() -> Path:
    python = PEER / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "nomenklatura", "psycopg[binary]"],
            check=True,
        )
    return python


def build_input(out: Path, people: int) -> tuple[Path, int]:
    from vinculo.demo import generate

    manifest = generate(out / "scenario", people=people, seed=3)
    path = out / "bench.jsonl"
    values = 0
    with path.open("w", encoding="utf-8") as fh:
        for ds in manifest.datasets:
            for line in ds.path.open(encoding="utf-8"):
                data = json.loads(line)
                values += 1 + sum(len(v) for v in data["properties"].values())
                fh.write(line)
    return path, values


def _peak_mb() -> float:
    """The larger of this process's peak and its children's (vinculo reads a large file in
    a worker). Linux keeps ru_maxrss across exec, so a benchmark child would report the
    RSS it was forked with (the input generator's); VmHWM counts this program only."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = Path("/proc/self/status")
    if status.exists():
        hwm = [line for line in status.read_text().splitlines() if line.startswith("VmHWM:")]
        own = int(hwm[0].split()[1]) if hwm else own
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def _cpu() -> tuple[float, float]:
    """User+system seconds of this process, and of it plus its finished children (the
    import worker): wall time on a shared machine says more about the neighbours than
    about the code. On free cores the busier process sets the wall time."""
    me, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    own = me.ru_utime + me.ru_stime
    return own, own + kids.ru_utime + kids.ru_stime


def run_vinculo(url: str, schema: str | None, path: Path) -> dict[str, float]:
    from vinculo.ingest.base import ImportOptions
    from vinculo.ingest.importer import run_import
    from vinculo.model.marking import Grading, Marking
    from vinculo.settings import Settings
    from vinculo.store import Store

    store = Store.open(Settings.load(database_url=url, data_dir=str(path.parent)), schema=schema)
    store.upgrade()
    store.add_agency("BENCH", "US", "Benchmark")
    # warm the FtM/rigour look-up tables outside the timed part, as a running server has them
    from followthemoney.types import registry

    registry.country.clean("Mexico")
    registry.phone.clean("+525512345678")
    options = ImportOptions(
        format="ftm",
        agency="BENCH",
        dataset="bench",
        marking=Marking.parse("AMBER"),
        grading=Grading.parse("B2"),
    )
    start, (own, cpu) = time.perf_counter(), _cpu()
    summary = run_import(store, "bench", path, options)
    seconds, (own_end, cpu_end) = time.perf_counter() - start, _cpu()
    store.close()
    return {
        "seconds": seconds,
        "cpu": cpu_end - cpu,
        "cpu_main": own_end - own,
        "statements": summary.added,
        "peak_mb": _peak_mb(),
    }


def run_nomenklatura(url: str, path: Path) -> dict[str, float]:
    from followthemoney import Dataset, StatementEntity
    from followthemoney.types import registry
    from nomenklatura.db import get_engine
    from nomenklatura.resolver import Linker
    from nomenklatura.store.sql import SQLStore

    dataset = Dataset.make({"name": "bench", "title": "Benchmark"})
    store = SQLStore(dataset, Linker({}), get_engine(url))
    registry.country.clean("Mexico")
    registry.phone.clean("+525512345678")
    start, (_own, cpu) = time.perf_counter(), _cpu()
    count = 0
    writer = store.writer()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            entity = StatementEntity.from_data(dataset, json.loads(line))
            count += len(list(entity.statements))
            writer.add_entity(entity)
    writer.flush()
    seconds, cpu = time.perf_counter() - start, _cpu()[1] - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "cpu_main": cpu,
        "statements": count,
        "peak_mb": _peak_mb(),
    }


def _child(python: Path, *args: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    out = subprocess.run(
        [str(python), str(Path(__file__)), *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _pg(sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=12000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "ingest")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--only-vinculo", action="store_true", help="skip nomenklatura")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path, values = build_input(args.out, args.people)
    print(
        f"input: {path} ({values:,} property values incl. ids, {path.stat().st_size / 1e6:.0f} MB)"
    )
    peer = Path(sys.executable) if args.only_vinculo else peer_python()
    for name in ("vinculo.db", "nomenklatura.db"):
        (args.out / name).unlink(missing_ok=True)
    me = Path(sys.executable)
    plan: list[tuple[str, Path, list[str]]] = [
        ("vinculo sqlite", me, ["--vinculo", f"sqlite:///{args.out / 'vinculo.db'}", ""]),
    ]
    schemas: list[str] = []
    if not args.skip_pg:
        v_schema, n_schema = (f"bench_{uuid.uuid4().hex[:8]}" for _ in range(2))
        schemas = [v_schema, n_schema]
        _pg(f'CREATE SCHEMA "{v_schema}"; CREATE SCHEMA "{n_schema}"')
        plan.append(("vinculo postgres", me, ["--vinculo", PG_URL, v_schema]))
    if not args.only_vinculo:
        n_db = f"sqlite:///{args.out / 'nomenklatura.db'}"
        plan.append(("nomenklatura sqlite", peer, ["--nomenklatura", n_db]))
        if schemas:
            n_url = PG_URL + f"?options=-csearch_path%3D{schemas[1]}"
            plan.append(("nomenklatura postgres", peer, ["--nomenklatura", n_url]))
    print(
        f"{'system':<22}{'statements':>12}{'wall s':>8}{'stmts/s':>10}{'CPU s':>8}"
        f"{'stmts/CPU s':>12}{'main CPU s':>11}{'peak MB':>9}  load before/after",
        flush=True,
    )
    rates: dict[str, float] = {}
    cpu_rates: dict[str, float] = {}
    try:
        for name, python, child_args in plan:
            before = os.getloadavg()[0]
            r = _child(python, *child_args, str(path))
            rates[name] = r["statements"] / r["seconds"]
            cpu_rates[name] = r["statements"] / r["cpu"]
            print(
                f"{name:<22}{int(r['statements']):>12,}{r['seconds']:>8.1f}"
                f"{rates[name]:>10,.0f}{r['cpu']:>8.1f}{cpu_rates[name]:>12,.0f}{r['cpu_main']:>11.1f}"
                f"{r['peak_mb']:>9.0f}  {before:.1f}/{os.getloadavg()[0]:.1f}",
                flush=True,
            )
    finally:
        if schemas:
            _pg(f'DROP SCHEMA "{schemas[0]}" CASCADE; DROP SCHEMA "{schemas[1]}" CASCADE')
    for backend in ("sqlite", "postgres"):
        v, n = rates.get(f"vinculo {backend}"), rates.get(f"nomenklatura {backend}")
        if v and n:
            vc, nc = cpu_rates[f"vinculo {backend}"], cpu_rates[f"nomenklatura {backend}"]
            print(f"ratio vinculo/nomenklatura on {backend}: {v / n:.2f}x wall, {vc / nc:.2f}x CPU")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--vinculo":
        url, schema, file = sys.argv[2], sys.argv[3] or None, Path(sys.argv[4])
        print(json.dumps(run_vinculo(url, schema, file)))
    elif len(sys.argv) > 1 and sys.argv[1] == "--nomenklatura":
        print(json.dumps(run_nomenklatura(sys.argv[2], Path(sys.argv[3]))))
    else:
        main()
