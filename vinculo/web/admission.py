"""Admission: a server process works on a few requests at once; the others wait in order.

Endpoints run in threads, and Python runs one thread at a time: with every
request of a busy process in progress at once, each shares the process with
all the others, so a search takes as long as all of them together, and
switching between threads costs more CPU besides. Admitting a few at a time,
first come first served, gives the same throughput with a far shorter tail
(`benchmarks/api_load.py`: 32 clients on 2 cores at 100,000 people, p99 1.6 s
with every request admitted, under 0.5 s with two per process).

A slot is held until the response starts, so the body of a streamed export
does not hold one. Requests for static files are not counted.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Admission:
    """ASGI middleware: at most ``slots`` requests are worked on at once (0: no limit)."""

    def __init__(self, app: ASGIApp, slots: int) -> None:
        self.app = app
        self.slots = slots
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

        async def send_and_release(message: Message) -> None:
            nonlocal held
            if held and message["type"] == "http.response.start":
                held = False
                semaphore.release()
            await send(message)

        try:
            await self.app(scope, receive, send_and_release)
        finally:
            if held:
                semaphore.release()
