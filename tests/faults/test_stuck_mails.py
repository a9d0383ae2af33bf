"""A worker killed while sending (SIGKILL, OOM) leaves its row « sending »: the periodic
pick-up hands it back once the claim's lease is over, and it is then sent once."""

import datetime

import pytest

from notifications.models import MailStatus, OutboundMail
from notifications.services import mail_queue, mails_send_due

pytestmark = pytest.mark.django_db


def _claimed_by_a_dead_worker(now) -> OutboundMail:
    [mail] = mail_queue(
        to="candidat@example.org",
        template="password_reset",
        context={"reset_url": "https://certifup.example/reinitialiser/x/y/"},
        now=now,
    )
    # What mail_deliver's claim leaves behind when its process dies before _finish.
    OutboundMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENDING,
        attempts=1,
        next_attempt_at=now + datetime.timedelta(seconds=300),
    )
    return mail


def test_a_row_stuck_while_sending_is_sent_once_after_its_lease(
    now, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MAIL_SENDING_LEASE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=False):
        mail = _claimed_by_a_dead_worker(now)

    # Within the lease the worker may still be sending: left alone.
    assert mails_send_due(now=now + datetime.timedelta(seconds=299)) == 0
    assert OutboundMail.objects.get(pk=mail.pk).status == MailStatus.SENDING

    later = now + datetime.timedelta(seconds=301)
    assert mails_send_due(now=later) == 1
    assert mails_send_due(now=later + datetime.timedelta(minutes=10)) == 0

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.sent_at) == (MailStatus.SENT, 2, later)
    assert len(mailoutbox) == 1


def test_a_claim_sets_the_lease(now, settings, mailoutbox, django_capture_on_commit_callbacks):
    from notifications.services import mail_deliver

    settings.MAIL_SENDING_LEASE_SECONDS = 120
    with django_capture_on_commit_callbacks(execute=False):
        [mail] = mail_queue(
            to="candidat@example.org",
            template="password_reset",
            context={"reset_url": "https://certifup.example/reinitialiser/x/y/"},
            now=now,
        )

    seen = {}

    def backend_sees_row(*args, **kwargs):
        row = OutboundMail.objects.get(pk=mail.pk)
        seen.update(status=row.status, lease=row.next_attempt_at)

    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def spying(self, messages):
        backend_sees_row()
        return original(self, messages)

    EmailBackend.send_messages = spying
    try:
        assert mail_deliver(mail_id=mail.pk, now=now)
    finally:
        EmailBackend.send_messages = original
    assert seen == {"status": MailStatus.SENDING, "lease": now + datetime.timedelta(seconds=120)}
