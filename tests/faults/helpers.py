"""A private Redis, a broker that drops every connection and a real Celery worker for the
fault tests: they may be stopped and killed at will, and never touch the shared services
(Redis :6379, PostgreSQL). ``celery_publishing_to`` points the app at one of them and back."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings
from django.db import connection

from certifup.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    # Asked of the kernel, so that two suites running at once (worktrees, CI jobs) never share
    # a private Redis; the port is closed again until ``start``.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class PrivateRedis:
    """redis-server on a free port of 127.0.0.1, without persistence. Its URL is known before
    it starts: a broker that is down until the test says otherwise."""

    def __init__(self):
        if shutil.which("redis-server") is None:
            if os.environ.get("CI") == "true":
                pytest.fail("redis-server is not on PATH")
            pytest.skip("redis-server is not on PATH")
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        assert not _port_open(self.port), f"port {self.port} was taken meanwhile"
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--save", ""]
            + ["--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
        )
        _wait(lambda: _port_open(self.port), what="redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


class ClosingBroker:
    """A port that accepts TCP connections and closes them at once, counting them: a broker
    that is down, and a way to see how many times the publisher tried."""

    def __init__(self):
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self._socket.getsockname()[1]}/0"
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self._socket.accept()
            except OSError:  # closed by stop()
                return
            self.connections += 1
            client.close()

    def stop(self) -> None:
        self._socket.shutdown(socket.SHUT_RDWR)  # wakes the accept(); close() alone does not
        self._socket.close()
        self._thread.join(timeout=5)


@contextmanager
def celery_publishing_to(url: str) -> Iterator[None]:
    """Tasks are published to ``url`` (with the production Redis options) instead of running
    inline; as before once the block ends."""
    keys = ("broker_url", "broker_transport_options", "task_always_eager")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=url,
        broker_transport_options=settings.REDIS_BROKER_TRANSPORT_OPTIONS,
        task_always_eager=False,
    )
    forget_connections()
    try:
        yield
    finally:
        app.conf.update(previous)
        forget_connections()


def forget_connections() -> None:
    """Close every broker connection of this process, so the next publish connects to the
    broker URL as it is now. kombu keeps its connection and producer pools in a process-wide
    registry keyed by URL: closing the app's pool without taking it out of there left a closed
    pool that the next publish to the same URL got back (« Acquire on closed pool », swallowed
    by ``schedule_send``): test_sweeps' threads lost their eager mails after a fault test.
    ``kombu.pools.reset`` closes and forgets them all, as kombu does after a fork."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def pick_up() -> None:
    """What the beat does every minute: ask a worker for the pick-up of never-sent rows."""
    with app.connection_for_write() as broker:
        app.send_task("notifications.mails_send_due", connection=broker)


def start_worker(*, mail_dir: Path, broker_url: str, **extra_env: str) -> subprocess.Popen:
    """celery worker --pool=solo against the pytest database (data must be committed:
    transactional tests), mails written to ``mail_dir`` by Django's file backend."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra_env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "certifup", "worker", "--pool=solo"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_worker(worker: subprocess.Popen, *, kill: bool = False) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)


def _wait(condition, *, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {timeout} s")
        time.sleep(0.1)


def wait_until(condition, *, what: str, timeout: float = 60.0) -> None:
    _wait(condition, what=what, timeout=timeout)
