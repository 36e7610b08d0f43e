"""``python -m vinculo.demo OUT_DIR --people N --seed S [--workers W]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from vinculo.demo.writer import generate
from vinculo.exc import VinculoError
from vinculo.i18n import _


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vinculo.demo",
        description=_(
            "Write the seeded demo scenario (FtM files per agency, ground truth, cases, "
            "targets, operations and manifest.yaml) into OUT_DIR."
        ),
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--people", type=int, default=2000, help=_("true people (default 2000)"))
    parser.add_argument("--seed", type=int, default=7, help=_("random seed (default 7)"))
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help=_("processes; the output does not depend on it"),
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        manifest = generate(args.out_dir, people=args.people, seed=args.seed, workers=args.workers)
    except VinculoError as exc:
        print(_("error: {error}").format(error=exc.translated()), file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    total = sum(d.entities for d in manifest.datasets)
    for d in manifest.datasets:
        print(f"{d.agency:7} {d.country}  {d.entities:>10,}  {d.path.name}")
    print(
        _("{people} people, {records} records in {seconds} s ({rate} records/s) -> {out}").format(
            people=f"{manifest.people:,}",
            records=f"{total:,}",
            seconds=f"{elapsed:.1f}",
            rate=f"{total / elapsed:,.0f}",
            out=args.out_dir,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
