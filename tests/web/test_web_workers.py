"""``vinculo serve --workers 2``: two processes, each with its own socket on the one port."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from vinculo.web.workers import can_share_port

pytestmark = pytest.mark.skipif(not can_share_port(), reason="no SO_REUSEPORT here")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _listening(pid: int) -> set[str]:
    """The listening TCP sockets the process holds (their inodes)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                listening.add(fields[9])
    return inodes & listening


def test_each_worker_listens_on_its_own_socket(tmp_path: Path) -> None:
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
    try:
        deadline = time.monotonic() + 90
        answers: list[int] = []
        while len(answers) < 20:
            assert time.monotonic() < deadline, "the workers did not answer"
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
                    answers.append(client.get("/login").status_code)  # a new connection each
            except httpx.TransportError:
                time.sleep(0.2)
        assert set(answers) == {200}
        workers = [pid for pid in _children(server.pid) if _listening(pid)]
        assert len(workers) == 2
        assert not _listening(workers[0]) & _listening(workers[1])  # not one shared socket
        os.kill(workers[0], signal.SIGKILL)  # a worker dies: another takes its place
        deadline = time.monotonic() + 90
        while len([p for p in _children(server.pid) if _listening(p)]) < 2:
            assert time.monotonic() < deadline, "no worker took the dead one's place"
            time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)
