"""The outbox: written with the change, sent after commit, retried, failed visibly, re-sent on
demand, picked up when never handed to a worker, and never sent twice."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import MailStatus, OutboundMail
from notifications.services import mail_deliver, mail_queue, mail_retry, mails_send_due
from tests.factories import submit
from tests.registrations.test_concurrency import concurrent, run_together

pytestmark = pytest.mark.django_db


def queue_one(now, **extra) -> OutboundMail:
    [mail] = mail_queue(
        to="candidat@example.org",
        template="password_reset",
        context={"reset_url": "https://certifup.example/reinitialiser/x/y/"},
        now=now,
        **extra,
    )
    return mail


def test_a_mail_is_sent_only_once_its_transaction_commits(
    now, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail = queue_one(now)
    assert mailoutbox == [] and len(callbacks) == 1

    callbacks[0]()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.sent_at) == (MailStatus.SENT, 1, now)
    [message] = mailoutbox
    assert message.to == ["candidat@example.org"]
    assert message.subject == "Certif-UP : choisir un nouveau mot de passe"
    assert "https://certifup.example/reinitialiser/x/y/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_a_row_never_handed_to_a_worker_is_picked_up_by_the_periodic_task(now, mailoutbox):
    # No on_commit callback runs in this test: as if the broker had been down at commit.
    mail = queue_one(now)
    assert mail.status == MailStatus.PENDING and mailoutbox == []

    assert mails_send_due(now=now) == 1

    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT and len(mailoutbox) == 1
    assert mails_send_due(now=now) == 0 and len(mailoutbox) == 1


def test_a_sent_row_is_not_sent_again(now, mailoutbox):
    mail = queue_one(now)
    assert mail_deliver(mail_id=mail.pk, now=now) is True
    assert mail_deliver(mail_id=mail.pk, now=now) is False
    assert len(mailoutbox) == 1


def test_temporary_failures_are_retried_with_backoff_then_left_failed(now, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notifications.backends.DisconnectedBackend"
    settings.MAIL_MAX_ATTEMPTS = 3
    mail = queue_one(now)

    mail_deliver(mail_id=mail.pk, now=now)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 1)
    assert mail.next_attempt_at == now + datetime.timedelta(seconds=60)
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in mail.last_error
    assert mail_deliver(mail_id=mail.pk, now=now) is False  # not due yet

    second = mail.next_attempt_at
    mail_deliver(mail_id=mail.pk, now=second)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 2)
    assert mail.next_attempt_at == second + datetime.timedelta(seconds=120)

    mail_deliver(mail_id=mail.pk, now=mail.next_attempt_at)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.sent_at) == (MailStatus.FAILED, 3, None)
    assert mails_send_due(now=now + datetime.timedelta(days=1)) == 0
    assert mailoutbox == []


def test_a_refused_address_fails_at_once(now, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    mail = queue_one(now)
    mail_deliver(mail_id=mail.pk, now=now)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, 1)
    assert "SMTPRecipientsRefused" in mail.last_error


def test_resending_a_failed_mail_from_the_admin(
    now, settings, client, uppctsc, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    failed = queue_one(now)
    mail_deliver(mail_id=failed.pk, now=now)
    sent = queue_one(now, user=uppctsc)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail_deliver(mail_id=sent.pk, now=now)
    client.force_login(uppctsc)
    changelist = reverse("admin:notifications_outboundmail_changelist")

    page = client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert (
        "SMTPRecipientsRefused"
        in client.get(
            reverse("admin:notifications_outboundmail_change", args=[failed.pk])
        ).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist,
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    content = response.content.decode()
    assert "1 e-mail(s) remis en file d&#x27;envoi." in content
    assert "1 e-mail(s) ignoré(s)" in content
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (MailStatus.SENT, 1)
    assert len(mailoutbox) == 2  # the re-sent one and the other, each once


def test_only_a_failed_mail_can_be_put_back(now):
    mail = queue_one(now)
    assert mail_retry(mail=mail, now=now) is False


def test_one_event_never_makes_the_same_mail_twice_to_one_person(
    candidate, centre_a, session, exams, now
):
    from django.db import IntegrityError

    registration = submit(candidate, centre_a, session, exams[:1])
    event = registration.events.get()
    with pytest.raises(IntegrityError):
        mail_queue(
            to=candidate.email,
            template="submitted_candidate",
            context={"registration": {"reference": registration.reference}},
            event=event,
            now=now,
        )


@concurrent
def test_two_workers_racing_send_a_row_once(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notifications.backends.SlowBackend"
    # Written directly: through mail_queue, autocommit would send it at once (eager Celery).
    now = timezone.now()
    mail = OutboundMail.objects.create(
        recipient="candidat@example.org",
        template="password_reset",
        subject="Certif-UP : choisir un nouveau mot de passe",
        body_text="Bonjour,",
        next_attempt_at=now,
        created_at=now,
    )

    outcomes = run_together(
        lambda: mail_deliver(mail_id=mail.pk, now=now),
        lambda: mail_deliver(mail_id=mail.pk, now=now),
    )

    assert sorted(outcomes) == [False, True]
    assert len(mailoutbox) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)


def test_the_worker_renders_the_frozen_context_and_keeps_what_it_sent(now, mailoutbox):
    mail = queue_one(now)
    assert (mail.subject, mail.body_text, mail.body_html) == ("", "", "")  # not rendered yet

    mails_send_due(now=now)

    mail.refresh_from_db()
    [message] = mailoutbox
    assert mail.status == MailStatus.SENT
    assert (message.subject, message.body) == (mail.subject, mail.body_text)
    assert message.alternatives[0][0] == mail.body_html


def test_a_row_that_cannot_be_rendered_fails_with_its_reason(now, mailoutbox):
    [mail] = mail_queue(to="candidat@example.org", template="no_such_mail", context={}, now=now)

    mails_send_due(now=now)

    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED and mailoutbox == []
    assert mail.last_error.startswith("Rédaction impossible – TemplateDoesNotExist")


def test_a_context_holds_plain_values_only(candidate, now):
    with pytest.raises(TypeError, match="plain values, not Candidate"):
        mail_queue(to=candidate.email, template="welcome", context={"candidate": candidate})


def test_a_change_made_after_the_mail_was_queued_does_not_alter_it(
    candidate, centre_a, session, exams, now, mailoutbox
):
    registration = submit(candidate, centre_a, session, exams[:1])
    told = candidate.full_name
    candidate.first_names = "Changé"
    candidate.save(update_fields=["first_names"])

    mails_send_due(now=now)

    [message] = [message for message in mailoutbox if message.to == [candidate.email]]
    assert f"Bonjour {told}," in message.body and "Changé" not in message.body
    assert registration.reference in message.subject
