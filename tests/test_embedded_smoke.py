"""The embedded default (`make run`: SQLite, demo data, runserver) must not break silently.

The rest of the suite runs on PostgreSQL, so this test replays `make run`'s steps in a subprocess
on a fresh SQLite file: migrate, load the demo data twice (it must be idempotent), walk the
candidate's journey with Django's test client, and start the Celery worker with its beat on the
filesystem broker as `make run` does, until a sweep has run. It needs no test database of its
own.
"""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Variables that select the real stack; the embedded default is what you get without them.
REAL_STACK_VARIABLES = {
    "DATABASE_URL",
    "CERTIFUP_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_BACKEND",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

JOURNEY = textwrap.dedent(
    """
    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.test import Client

    from candidates.nuc import make_nuc

    nuc = make_nuc(year=26, sequence=1)
    User = get_user_model()
    users = User.objects.filter(**{User.USERNAME_FIELD: nuc}).count()
    assert users == 1, f"{users} demo candidates with NUC {nuc} after two load_demo runs"

    client = Client()
    failures = []

    def visit(url):
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"GET {url} -> {response.status_code}")

    visit("/")
    visit("/connexion/")
    # Through the login page: django-axes needs the request that Client.login() does not pass.
    login = client.post("/connexion/", {"username": nuc, "password": "demo-candidat-2026"})
    assert login.status_code == 302, f"demo login {nuc} refused"
    for url in ("/inscription/", "/mes-inscriptions/", "/ma-fiche/"):
        visit(url)
    assert not failures, "; ".join(failures)
    print("journey ok")
    """
)


SWEEPS_RUN = textwrap.dedent(
    """
    import django

    django.setup()

    from django_celery_beat.models import PeriodicTask

    from certifup.health.models import PeriodicRun

    sweep = "registrations-expire-overdue"
    done = PeriodicRun.objects.filter(name=sweep, last_completed_at__isnull=False).exists()
    print("sweep run" if done else "no sweep yet", PeriodicTask.objects.count())
    """
)


def run(args, env):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"python {' '.join(args[:2])} failed (exit {result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    return result.stdout


def test_embedded_default_serves_the_candidate_journey(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in REAL_STACK_VARIABLES}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'smoke.sqlite3'}",
        DJANGO_SETTINGS_MODULE="certifup.settings",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        CELERY_FILESYSTEM_DIR=str(tmp_path / "celery"),
        PYTHONDONTWRITEBYTECODE="1",
    )

    run(["manage.py", "migrate", "--noinput"], env)
    first = run(["manage.py", "load_demo"], env)
    run(["manage.py", "load_demo"], env)
    assert "demo-candidat-2026" in first, f"load_demo does not print the demo logins:\n{first}"

    assert "journey ok" in run(["-c", JOURNEY], env)

    assert run_worker_with_beat(env, tmp_path) == "sweep run 4"


def run_worker_with_beat(env, tmp_path) -> str:
    """`make run`'s worker (same options), the expiry sweep every second: the beat reads its
    schedule from the SQLite database and the worker records the sweep it ran."""
    log = tmp_path / "celery-worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "certifup", "worker", "--beat", "--pool=solo",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         f"--logfile={log}"],
        cwd=BASE_DIR,
        env={**env, "SWEEP_INTERVAL_SECONDS": "1"},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None and not sweep_succeeded(log):
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    text = log.read_text() if log.exists() else ""
    assert "ERROR" not in text and sweep_succeeded(log), text[-3000:]
    return run(["-c", SWEEPS_RUN], env).strip()


def sweep_succeeded(log) -> bool:
    text = log.read_text() if log.exists() else ""
    return any(
        "Task registrations.expire_overdue[" in line and "succeeded" in line
        for line in text.splitlines()
    )
