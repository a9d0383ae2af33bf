"""A real Celery worker process on this machine's Redis (DB 4) sends a submitted request's
mail: the row is committed, handed to the broker after commit, and the worker, connected to
the test database, claims and sends it (file backend into a temporary folder)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from certifup.celery import app
from notifications.models import MailStatus, OutboundMail
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    ExamFactory,
    SessionFactory,
    offers_for,
    submit,
)

BASE_DIR = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/4")
WAIT_SECONDS = 90


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


def database_url_of_the_tests() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def real_broker():
    """Tasks go to Redis instead of running inline. Connections that an earlier test may have
    opened on the default (filesystem) broker are forgotten, as Celery does after a fork."""
    if not redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis does not answer on 127.0.0.1:6379")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options")}
    app.conf.update(task_always_eager=False, broker_url=BROKER_URL, broker_transport_options={})
    forget_connections()
    yield
    app.conf.update(task_always_eager=True, **saved)
    forget_connections()


def forget_connections() -> None:
    app._pool = None
    app.amqp._producer_pool = None


def start_worker(mail_dir: Path, log: Path) -> subprocess.Popen:
    """Started with --purge (messages left in Redis DB 4 by an earlier run are dropped) and
    returned once ready, so that what the test publishes next is for this worker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certifup.settings",
        "DATABASE_URL": database_url_of_the_tests(),  # pytest's test database, not the dev one
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "certifup", "worker", "--pool=solo",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=INFO", "--purge",
    ]  # fmt: skip
    worker = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while "ready." not in log.read_text() and worker.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.3)
    return worker


def written_messages(folder: Path) -> list[str]:
    """The messages Django's file backend wrote: one file per connection, each message
    followed by a line of 79 dashes."""
    texts = [path.read_text() for path in sorted(folder.glob("*.log"))] if folder.exists() else []
    return [m for text in texts for m in text.split("\n" + "-" * 79 + "\n") if m.strip()]


def wait_for_messages(folder: Path, count: int) -> list[str]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        messages = written_messages(folder)
        if len(messages) >= count:
            return messages
        time.sleep(0.5)
    return written_messages(folder)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_the_mails_of_a_submitted_request(real_broker, tmp_path):
    session = SessionFactory(name="Session du worker")
    exams = ExamFactory.create_batch(1)
    centre = CentreFactory()
    offers_for(centre=centre, session=session, exams=exams)
    candidate = CandidateFactory()
    worker = start_worker(tmp_path / "mail", tmp_path / "worker.log")
    try:
        # Autocommit: the rows are committed, then on_commit hands them to Redis.
        registration = submit(candidate, centre, session, exams)
        messages = wait_for_messages(tmp_path / "mail", 2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    log = (tmp_path / "worker.log").read_text()
    assert len(messages) == 2, f"the worker sent {len(messages)} mail(s) of 2:\n{log[-3000:]}"
    to_candidate = next(m for m in messages if f"To: {candidate.email}" in m)
    assert f"Votre demande d'inscription {registration.reference}" in to_candidate
    assert any(f"To: {centre.email}" in m for m in messages)
    mails = OutboundMail.objects.filter(registration=registration)
    assert {mail.status for mail in mails} == {MailStatus.SENT}
    assert all(mail.attempts == 1 for mail in mails)
    assert "notifications.mail_send" in log and "succeeded" in log
