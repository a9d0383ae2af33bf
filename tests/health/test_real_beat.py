"""`celery -A certifup worker --beat`, started as `make run` and the README say, on PostgreSQL
and Redis, from a directory without any var/: the beat must start and its sweeps must run.

Before django-celery-beat, the embedded beat opened its schedule file under var/ at start; on a
clone where nothing had created var/ it died (FileNotFoundError) while the worker went on, and
no sweep ever ran. Here the worker's cwd is an empty temporary directory and every folder the
settings could write to points into it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_celery_beat.models import PeriodicTask

from certifup.health.models import PeriodicRun
from tests.notifications.test_real_worker import (
    BASE_DIR,
    BROKER_URL,
    database_url_of_the_tests,
    redis_answers,
)

WAIT_SECONDS = 60
SWEEP = "registrations-expire-overdue"


@pytest.fixture
def redis():
    if not redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis does not answer on 127.0.0.1:6379")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")


def start_worker_with_beat(workdir: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "certifup.settings",
        "DATABASE_URL": database_url_of_the_tests(),
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "PRIVATE_STORAGE_ROOT": str(workdir / "private"),
        "SWEEP_INTERVAL_SECONDS": "1",  # the expiry sweep every second
    }
    command = [
        sys.executable, "-m", "celery", "-A", "certifup", "worker", "--beat", "--pool=solo",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=INFO", "--purge",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=workdir, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def schedule_files() -> dict[Path, float]:
    """The old beat's shelve files anywhere it used to put them, with their mtimes."""
    folders = (BASE_DIR, BASE_DIR / "var")
    return {p: p.stat().st_mtime for f in folders for p in f.glob("celery*beat-schedule*")}


def wait_for_completion(name: str, worker: subprocess.Popen) -> PeriodicRun | None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and worker.poll() is None:
        run = PeriodicRun.objects.filter(name=name, last_completed_at__isnull=False).first()
        if run is not None:
            return run
        time.sleep(0.5)
    return None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_with_its_beat_runs_the_sweeps_without_a_var_directory(redis, tmp_path):
    workdir = tmp_path / "clean-clone"
    workdir.mkdir()
    log = tmp_path / "worker.log"
    files_before = schedule_files()
    worker = start_worker_with_beat(workdir, log)
    try:
        run = wait_for_completion(SWEEP, worker)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    text = log.read_text()
    assert run is not None, f"no expiry sweep completed in {WAIT_SECONDS} s:\n{text[-4000:]}"
    assert "FileNotFoundError" not in text
    assert "Scheduler: Sending due task registrations-expire-overdue" in text
    assert "registrations.expire_overdue" in text and "succeeded" in text
    # The beat kept its bookkeeping in the database, not in a file.
    assert PeriodicTask.objects.get(name=SWEEP).total_run_count >= 1
    assert not (workdir / "var").exists() and not list(workdir.glob("celerybeat-schedule*"))
    assert schedule_files() == files_before
