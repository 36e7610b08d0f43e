"""``vinculo serve --workers 2``: the parent deals each connection to the least busy worker."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from vinculo.web.workers import can_deal_connections

pytestmark = pytest.mark.skipif(not can_deal_connections(), reason="no fd passing here")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The server's worker processes (not multiprocessing's resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(c) for c in path.read_text().split()] if path.exists() else []
    return [c for c in children if b"spawn_main" in _cmdline(c)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _sockets(pid: int, port: int, state: str) -> int:
    """How many TCP sockets on local ``port`` in ``state`` (01 established, 0A listening)
    the process holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == state and fields[9] in inodes:
                found += 1
    return found


def _get(sock: socket.socket) -> bytes:
    sock.sendall(b"GET /login HTTP/1.1\r\nHost: vinculo\r\n\r\n")
    return sock.recv(64)


def test_connections_are_dealt_evenly_and_a_dead_worker_is_replaced(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = dict(os.environ, VINCULO_DATABASE_URL=url, VINCULO_DATA_DIR=str(tmp_path))
    vinculo = [str(Path(sys.executable).parent / "vinculo")]
    subprocess.run([*vinculo, "init"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*vinculo, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    kept: list[socket.socket] = []
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 90
        # a worker gets connections once it says it is ready: connect until both serve
        while len(workers) < 2 or not all(_sockets(pid, port, "01") for pid in workers):
            assert time.monotonic() < deadline, "the workers did not both answer"
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            workers = _children(server.pid)
            try:
                kept.append(socket.create_connection(("127.0.0.1", port)))
                assert _get(kept[-1]).startswith(b"HTTP/1.1 200")
            except OSError:
                pass
            time.sleep(0.2)
        assert len(workers) == 2
        assert _sockets(server.pid, port, "0A") == 1  # only the parent listens
        assert all(_sockets(pid, port, "0A") == 0 for pid in workers)
        for sock in kept:
            sock.close()
        kept.clear()
        while any(_sockets(pid, port, "01") for pid in workers):
            assert time.monotonic() < deadline, "closed connections were not counted off"
            time.sleep(0.1)
        time.sleep(0.5)  # the workers tell the parent a moment after the sockets close
        # connections kept alive, as browsers and API clients keep them: 5 and 5, never 7 and 3
        for _ in range(10):
            kept.append(socket.create_connection(("127.0.0.1", port)))
            assert _get(kept[-1]).startswith(b"HTTP/1.1 200")
        assert [_sockets(pid, port, "01") for pid in workers] == [5, 5]
        # closed connections are counted off: the next ones go to the worker that lost them
        for sock in kept[:4]:
            sock.close()
        while sum(_sockets(pid, port, "01") for pid in workers) > 6:
            assert time.monotonic() < deadline, "closed connections were not counted off"
            time.sleep(0.1)
        time.sleep(0.5)
        for _ in range(4):
            kept.append(socket.create_connection(("127.0.0.1", port)))
            assert _get(kept[-1]).startswith(b"HTTP/1.1 200")
        assert [_sockets(pid, port, "01") for pid in workers] == [5, 5]
        os.kill(workers[0], signal.SIGKILL)  # a worker dies: another takes its place
        deadline = time.monotonic() + 90
        while len(set(_children(server.pid)) - {workers[0]}) < 2:
            assert time.monotonic() < deadline, "no worker took the dead one's place"
            time.sleep(0.2)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            assert client.get("/login").status_code == 200
    finally:
        for sock in kept:
            sock.close()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)
