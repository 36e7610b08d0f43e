"""Several server processes on one port, each with a listening socket of its own.

uvicorn's own ``--workers`` shares one listening socket between processes:
whichever process is idle at the moment a client connects takes the
connection, and keeps it as long as the client keeps it alive. Under a burst
of connections one process took 31 of 32 (``benchmarks/api_load.py``), so one
core served nearly everything while the other idled. With ``SO_REUSEPORT``
each process listens on a socket of its own and the kernel spreads new
connections across them evenly.

The parent only supervises: it restarts a process that dies and stops them
all on SIGINT or SIGTERM. Where ``SO_REUSEPORT`` is missing (Windows),
uvicorn's workers are used instead.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType

__all__ = ["can_share_port", "serve_workers"]

APP = "vinculo.web.app:serving_app"


def can_share_port() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def serve_workers(host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Run ``workers`` server processes on ``host:port`` until SIGINT or SIGTERM."""
    context = multiprocessing.get_context("spawn")  # no state forked from the parent
    stopping = False

    def start() -> BaseProcess:
        process = context.Process(target=_worker, args=(host, port, log_level), daemon=False)
        process.start()
        return process

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(0.5)
            for i, process in enumerate(processes):
                if not stopping and not process.is_alive():
                    processes[i] = start()  # a worker died: another takes its place
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=30)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _worker(host: str, port: int, log_level: str) -> None:
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    config = uvicorn.Config(APP, factory=True, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])
