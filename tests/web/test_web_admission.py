"""Admission: a process works on ``slots`` requests at once; the rest wait in order."""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from vinculo.web.admission import Admission

T = TypeVar("T")


class _Tracked:
    """An ASGI app that notes how many requests are in progress, and answers slowly."""

    def __init__(self, stream: bool = False) -> None:
        self.running = 0
        self.most = 0
        self.stream = stream

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(0.02)
        self.running -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        if self.stream:  # a streamed export: its body comes long after the start
            await asyncio.sleep(0.2)
        await send({"type": "http.response.body", "body": b"ok"})


async def _call(app: Any, path: str = "/api/search") -> list[Any]:
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    await app({"type": "http", "path": path}, receive, send)
    return sent


def _arun(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on an event loop of its own thread: browser tests may leave one running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _run(app: Any, n: int, path: str = "/api/search") -> list[list[Any]]:
    async def many() -> list[list[Any]]:
        return list(await asyncio.gather(*(_call(app, path) for _ in range(n))))

    return _arun(many())


def test_at_most_slots_requests_are_worked_on_at_once() -> None:
    for slots, most in ((1, 1), (2, 2), (0, 6)):
        inner = _Tracked()
        answers = _run(Admission(inner, slots=slots), 6)
        assert inner.most == most
        assert all(a[0]["status"] == 200 and a[-1]["body"] == b"ok" for a in answers)


def test_a_streamed_body_does_not_hold_a_slot() -> None:
    inner = _Tracked(stream=True)
    app = Admission(inner, slots=1)

    async def timed() -> float:
        began = asyncio.get_running_loop().time()
        answers = await asyncio.gather(*(_call(app) for _ in range(4)))
        assert all(a[-1]["body"] == b"ok" for a in answers)
        return asyncio.get_running_loop().time() - began

    # one at a time until each response starts; the four 0.2 s bodies then overlap
    assert _arun(timed()) < 0.6
    assert inner.most == 1


def test_static_files_and_failures_do_not_keep_slots() -> None:
    inner = _Tracked()
    _run(Admission(inner, slots=1), 4, path="/static/app.css")
    assert inner.most == 4  # not counted

    async def failing(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    app = Admission(failing, slots=1)

    async def twice() -> int:
        failures = 0
        for _ in range(2):  # the second would wait forever had the first kept its slot
            try:
                await asyncio.wait_for(_call(app), timeout=5)
            except RuntimeError:
                failures += 1
        return failures

    assert _arun(twice()) == 2


def test_a_slow_request_gives_up_its_slot() -> None:
    class Slow(_Tracked):
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            self.running += 1
            self.most = max(self.most, self.running)
            await asyncio.sleep(0.5 if scope["path"] == "/slow" else 0.01)
            self.running -= 1
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

    inner = Slow()
    app = Admission(inner, slots=1, hold_limit=0.1)

    async def quick_after_slow() -> float:
        slow = asyncio.ensure_future(_call(app, "/slow"))
        await asyncio.sleep(0.02)  # the slow one holds the only slot
        began = asyncio.get_running_loop().time()
        await _call(app, "/api/me")
        waited = asyncio.get_running_loop().time() - began
        await slow
        return waited

    assert _arun(quick_after_slow()) < 0.3  # admitted once the slow one gave up, not at 0.5 s
    assert inner.most == 2
