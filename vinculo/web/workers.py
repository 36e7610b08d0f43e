"""Several server processes on one port, each connection dealt to the least busy.

The parent listens and accepts; each new connection goes to the worker
process that holds the fewest open connections, passed to it over a Unix
socket (``SCM_RIGHTS``), as Node's cluster module deals connections on
Linux. Clients keep their connections alive, so where a connection lands
decides which core serves all its requests:

- uvicorn's own ``--workers`` shares one listening socket, and whichever
  process is idle when a client connects takes it: under a burst of
  connections one process took 31 of 32 (``benchmarks/api_load.py``);
- a socket per process (``SO_REUSEPORT``) lets the kernel hash connections
  to processes at random: 32 clients split 18/14 or worse in 60% of runs
  (16/16 in one of seven), and the busier process's clients waited longer
  for every request.

The parent also supervises: it restarts a worker that dies and stops them
all on SIGINT or SIGTERM. A worker whose parent is gone stops too. Where
file descriptors cannot be passed (Windows), uvicorn's workers are used
instead.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import selectors
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import uvicorn

__all__ = ["can_deal_connections", "serve_workers"]

APP = "vinculo.web.app:serving_app"
_TICK = 0.5  # seconds between two looks at the workers' health
_READY = b"ready"  # what a worker says once it serves
# seconds a stopping worker gives the requests in progress (a search waiting for the index
# being built would otherwise hold it up for minutes)
_GRACE = 20


def can_deal_connections() -> bool:
    return hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")


@dataclass
class _Worker:
    process: BaseProcess
    channel: socket.socket  # the parent's end of the socket connections are passed over
    ready: bool = False  # it said it serves (until then it gets connections only if none does)


def serve_workers(host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Run ``workers`` server processes on ``host:port`` until SIGINT or SIGTERM."""
    context = multiprocessing.get_context("spawn")  # no state forked from the parent
    # open connections per worker: the parent adds one as it deals, the worker takes it
    # away when the connection closes
    load = context.Array("i", workers)
    selector = selectors.DefaultSelector()
    stopping = False

    def start(slot: int) -> _Worker:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with load.get_lock():
            load[slot] = 0
        process = context.Process(
            target=_worker, args=(theirs, load, slot, log_level), daemon=False
        )
        process.start()
        theirs.close()
        selector.register(ours, selectors.EVENT_READ, slot)
        return _Worker(process, ours)

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    listener = _listen(host, port)
    selector.register(listener, selectors.EVENT_READ, None)
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    pool = [start(slot) for slot in range(workers)]
    try:
        while not stopping:
            for key, _ in selector.select(timeout=_TICK):
                if key.data is None:
                    _deal(listener, pool, load)
                elif _said_ready(pool[key.data].channel):
                    pool[key.data].ready = True
                else:  # it is gone (the health check below starts another)
                    selector.unregister(pool[key.data].channel)
            for slot, worker in enumerate(pool):
                if not stopping and not worker.process.is_alive():
                    if worker.channel.fileno() in selector.get_map():
                        selector.unregister(worker.channel)
                    worker.channel.close()
                    pool[slot] = start(slot)  # a worker died: another takes its place
    finally:
        selector.close()
        listener.close()
        for worker in pool:
            worker.process.terminate()
        for worker in pool:
            worker.process.join(timeout=_GRACE + 5)
            if worker.process.is_alive():  # stuck past its grace: it goes anyway
                worker.process.kill()
                worker.process.join()
            worker.channel.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _said_ready(channel: socket.socket) -> bool:
    try:
        return channel.recv(16) == _READY
    except OSError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(2048)
    listener.setblocking(False)
    return listener


def _deal(listener: socket.socket, pool: list[_Worker], load: Any) -> None:
    """Hand every waiting connection to a ready worker holding the fewest (the lowest slot on a
    tie); to one still starting only when none is ready."""
    while True:
        try:
            conn, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        with conn:
            for slot in sorted(range(len(pool)), key=lambda s: (not pool[s].ready, load[s])):
                try:
                    socket.send_fds(pool[slot].channel, [b"c"], [conn.fileno()])
                except OSError:
                    continue  # that worker is gone: the next one takes it
                with load.get_lock():
                    load[slot] += 1
                break


def _worker(channel: socket.socket, load: Any, slot: int, log_level: str) -> None:
    config = uvicorn.Config(
        APP, factory=True, log_level=log_level, timeout_graceful_shutdown=_GRACE
    )
    _DealtServer(config, channel, lambda: _closed(load, slot)).run()


def _closed(load: Any, slot: int) -> None:
    with load.get_lock():
        load[slot] -= 1


class _DealtServer(uvicorn.Server):
    """A uvicorn server without a socket of its own: it serves the connections the parent
    passes over ``channel``, and reports each one's end with ``closed``."""

    def __init__(
        self, config: uvicorn.Config, channel: socket.socket, closed: Callable[[], None]
    ) -> None:
        super().__init__(config)
        self.channel = channel
        self.closed = closed

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=[])
        if not self.started:
            return
        loop = asyncio.get_running_loop()
        protocol_class = self.config.http_protocol_class
        closed = self.closed

        class Counted(protocol_class):  # type: ignore[misc, valid-type]
            def connection_lost(self, exc: Exception | None) -> None:
                super().connection_lost(exc)
                closed()

        def protocol() -> asyncio.Protocol:
            made: asyncio.Protocol = Counted(
                config=self.config,
                server_state=self.server_state,
                app_state=self.lifespan.state,
                _loop=loop,
            )
            return made

        self.channel.setblocking(False)
        self.channel.send(_READY)
        loop.add_reader(self.channel.fileno(), self._receive, loop, protocol)

    def _receive(
        self, loop: asyncio.AbstractEventLoop, protocol: Callable[[], asyncio.Protocol]
    ) -> None:
        try:
            message, fds, _, _ = socket.recv_fds(self.channel, 16, 16)
        except (BlockingIOError, InterruptedError):
            return
        if not message:  # the parent is gone
            loop.remove_reader(self.channel.fileno())
            self.should_exit = True
            return
        for fd in fds:
            loop.create_task(self._take(loop, protocol, socket.socket(fileno=fd)))

    async def _take(
        self,
        loop: asyncio.AbstractEventLoop,
        protocol: Callable[[], asyncio.Protocol],
        conn: socket.socket,
    ) -> None:
        try:
            await loop.connect_accepted_socket(protocol, conn)
        except OSError:  # the client left before the connection was taken up
            conn.close()
            self.closed()
