"""A worker killed with SIGKILL in the middle of a batch of mails: after a restart and the
pick-up, every mail is sent exactly once (rows and the messages actually written)."""

import time

import pytest

from notifications.models import MailStatus, OutboundMail
from notifications.services import mail_queue
from tests.faults.helpers import (
    PrivateRedis,
    celery_publishing_to,
    pick_up,
    start_worker,
    stop_worker,
    wait_until,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAILS = 12
LEASE = 3  # seconds, for the test; 300 by default


@pytest.fixture
def redis():
    server = PrivateRedis()
    server.start()
    try:
        with celery_publishing_to(server.url):
            yield server
    finally:
        server.stop()


def test_every_mail_is_sent_once_after_a_worker_is_killed(redis, db, tmp_path, now):
    for index in range(MAILS):
        mail_queue(
            to=f"candidat{index}@example.org",
            template="password_reset",
            context={"reset_url": "https://certifup.example/reinitialiser/x/y/"},
            now=now,
        )
    mails = OutboundMail.objects.all()
    env = {
        "EMAIL_BACKEND": "tests.faults.backends.SlowFileBackend",
        "MAIL_SENDING_LEASE_SECONDS": str(LEASE),
    }
    worker = start_worker(mail_dir=tmp_path, broker_url=redis.url, **env)
    try:
        wait_until(lambda: mails.filter(status=MailStatus.SENT).count() >= 3, what="3 mails")
    finally:
        stop_worker(worker, kill=True)  # SIGKILL, mid-batch
    sent_before = mails.filter(status=MailStatus.SENT).count()
    stuck = mails.filter(status=MailStatus.SENDING).count()
    assert sent_before < MAILS, "the batch ended before the kill: nothing was tested"

    time.sleep(LEASE + 1)  # the dead worker's lease runs out
    worker = start_worker(mail_dir=tmp_path, broker_url=redis.url, **env)
    try:
        pick_up()
        wait_until(lambda: mails.filter(status=MailStatus.SENT).count() == MAILS, what="all")
    finally:
        stop_worker(worker)

    print(
        f"\n{sent_before} sent before SIGKILL ({stuck} stuck sending), {MAILS - sent_before} after"
    )
    written = "".join(path.read_text() for path in tmp_path.glob("*.log"))
    for index in range(MAILS):
        assert written.count(f"\nTo: candidat{index}@example.org\n") == 1, index
