"""Admission: a server process works on a few requests at once; the others wait in order.

Endpoints run in threads, and Python runs one thread at a time: with every
request of a busy process in progress at once, each shares the process with
all the others, so a search takes as long as all of them together, and
switching between threads costs more CPU besides. Admitting a few at a time,
first come first served, gives the same throughput with a far shorter tail
(`benchmarks/api_load.py`: 32 clients on 2 cores at 100,000 people, p99 1.6 s
with every request admitted, under 0.5 s with two per process).

A slot is held until the response starts, so the body of a streamed export
does not hold one, and for a second at most, so a slow request does not hold
up the quick ones for longer. Requests for static files are not counted.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Admission:
    """ASGI middleware: at most ``slots`` requests are worked on at once (0: no limit).

    A request that holds its slot longer than ``hold_limit`` seconds (a network
    analysis, a large report) gives it up and goes on unadmitted, so a few slow
    requests never hold up everyone else's quick ones for long.
    """

    def __init__(self, app: ASGIApp, slots: int, hold_limit: float = 1.0) -> None:
        self.app = app
        self.slots = slots
        self.hold_limit = hold_limit
        self._semaphore: asyncio.Semaphore | None = None  # made in the server's event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.slots <= 0 or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.slots)
        semaphore = self._semaphore
        await semaphore.acquire()
        held = True

        def give_up() -> None:
            nonlocal held
            if held:
                held = False
                semaphore.release()

        timer = asyncio.get_running_loop().call_later(self.hold_limit, give_up)

        async def send_and_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                give_up()
            await send(message)

        try:
            await self.app(scope, receive, send_and_release)
        finally:
            timer.cancel()
            give_up()
