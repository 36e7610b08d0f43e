"""`produce` in a child process, so that reading and writing a large import overlap.

An import's Python work (parse, validate and clean with FtM, hash statement ids)
and the database's work (B-tree inserts into the statement table's indexes) cost
about the same. For a large file the child does the first while this process
writes, so the two use both cores. The writer still owns the one transaction, so
an import stays all or nothing; the child reports problems (file, line, field)
exactly as `produce` does in process; memory stays bounded, since the pipe holds
the child back while the writer is behind.

The child is ``python -m vinculo.ingest.worker`` speaking pickle over its stdin and
stdout (not `multiprocessing`, whose spawn re-imports the caller's main module and
whose fork is unsafe under a threaded web server). It only ever talks to its parent.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import IO

from vinculo.exc import Message, Problem, VinculoError
from vinculo.i18n import N_
from vinculo.ingest.base import ImportOptions
from vinculo.ingest.produce import Batch, produce

#: Files at least this large are read in a worker (about 200,000 statements of FtM
#: JSON); below it, starting a Python process costs more than it saves.
WORKER_MIN_BYTES = 8_000_000


def worth_a_worker(path: Path) -> bool:
    return path.is_file() and path.stat().st_size >= WORKER_MIN_BYTES


def produce_in_worker(path: Path, opts: ImportOptions) -> Generator[Batch, None, None]:
    """The batches of `produce`, computed in a child process; its errors re-raised here."""
    # the child finds this very vinculo even when it was put on sys.path by hand
    here = str(Path(__file__).resolve().parents[2])
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "vinculo.ingest.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        try:
            pickle.dump((path, opts), child.stdin)
            child.stdin.close()
        except BrokenPipeError:
            raise _stopped() from None
        while True:
            try:
                kind, payload = pickle.load(child.stdout)  # noqa: S301  (our child)
            except EOFError:
                raise _stopped() from None
            if kind == "batch":
                yield payload
            elif kind == "done":
                return
            else:
                cls, message, errors = payload
                raise cls(message, errors=errors)
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.kill()
        child.wait()


def _stopped() -> VinculoError:
    return VinculoError(N_("the import worker process stopped unexpectedly"))


def _work(source: IO[bytes], sink: IO[bytes]) -> None:
    path, opts = pickle.load(source)  # noqa: S301  (from our parent)
    try:
        for batch in produce(path, opts):
            pickle.dump(("batch", batch), sink, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(("done", None), sink)
    except (BrokenPipeError, ConnectionResetError):
        return  # the writer stopped (it failed or was interrupted): nobody to tell
    except VinculoError as exc:
        errors: list[Problem] = exc.errors
        pickle.dump(("error", (type(exc), exc.text, errors)), sink)
    except Exception as exc:  # an unexpected failure still reaches the writer, as text
        failed = Message.of(N_("import worker failed: {error}"), error=repr(exc))
        pickle.dump(("error", (VinculoError, failed, [])), sink)
    sink.flush()


if __name__ == "__main__":
    # Keep stdout for the batches: anything a library prints goes to stderr instead.
    batches = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        _work(sys.stdin.buffer, batches)
    finally:
        with contextlib.suppress(BrokenPipeError):
            batches.close()
