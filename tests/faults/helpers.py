"""A private Redis and a real Celery worker for the fault tests: they may be stopped and
killed at will, and never touch the shared services (Redis :6379, PostgreSQL)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = 6390


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class PrivateRedis:
    """redis-server on 127.0.0.1:6390, without persistence."""

    url = f"redis://127.0.0.1:{REDIS_PORT}/0"

    def __init__(self):
        self.process = None

    def start(self) -> None:
        assert not _port_open(REDIS_PORT), "port 6390 is taken: another fault test is running?"
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(REDIS_PORT), "--save", ""]
            + ["--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
        )
        _wait(lambda: _port_open(REDIS_PORT), what="redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def start_worker(*, mail_dir: Path, broker_url: str, **extra_env: str) -> subprocess.Popen:
    """celery worker --pool=solo against the pytest database (data must be committed:
    transactional tests), mails written to ``mail_dir`` by Django's file backend."""
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}"
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
