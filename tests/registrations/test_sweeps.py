"""The periodic sweeps: requests expire by themselves with their mails, once; the payment
reminder goes out once, 24 working hours before the deadline, even when runs overlap."""

import datetime

import pytest
from django.conf import settings

from certifup.celery import app
from notifications.models import OutboundMail
from registrations.models import Registration, Status
from registrations.reminders import registrations_send_payment_reminders
from registrations.services import registrations_expire_overdue
from registrations.tasks import expire_overdue, send_payment_reminders
from tests.factories import CandidateFactory, advance, finance, submit
from tests.outbox import rendered
from tests.registrations.test_concurrency import concurrent, run_together

# Pre-validated at NOW (Tuesday 10 March 2026, 10:00 in Paris): due Friday 13 March, 10:00.
DEADLINE = datetime.datetime(2026, 3, 13, 9, 0, tzinfo=datetime.UTC)
REMINDER_AT = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)  # Thursday 10:00
MINUTE = datetime.timedelta(minutes=1)


def pre_validated(centre, session, exams, staff, count=1) -> list[Registration]:
    return [
        advance(submit(CandidateFactory(), centre, session, exams[:1]), to="pre_validated",
                actor=staff)
        for _ in range(count)
    ]  # fmt: skip


def test_the_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "notifications.mails_send_due",
        "registrations.expire_overdue",
        "registrations.send_payment_reminders",
        "registrations.chase_answers",
        "registrations.waiting_sweep",
        "deferrals.purge_files",
        "candidates.recovery_demands_sweep",
        "candidates.login_logs_purge",
    }
    assert scheduled <= set(app.tasks)


@pytest.mark.django_db
def test_the_expiry_task_expires_overdue_requests_with_their_mails(
    centre_a, session, exams, staff_a, now, time_machine, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    [registration] = pre_validated(centre_a, session, exams, staff_a)
    time_machine.move_to(DEADLINE - MINUTE, tick=False)
    assert expire_overdue() == 0
    time_machine.move_to(DEADLINE, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_overdue() == 1

    registration.refresh_from_db()
    assert registration.status == Status.EXPIRED
    subjects = sorted(message.subject for message in mailoutbox)
    assert [s for s in subjects if "expirée" in s] == [
        f"Demande {registration.reference} expirée : délai de règlement dépassé",
        f"Demande {registration.reference} expirée – {registration.candidate.full_name}",
    ]


@concurrent
def test_two_overlapping_expiry_sweeps_expire_each_request_once_with_one_mail_each(
    centre_a, session, exams, staff_a, now, mailoutbox
):
    requests = pre_validated(centre_a, session, exams, staff_a, count=6)
    mailoutbox.clear()

    outcomes = run_together(
        lambda: registrations_expire_overdue(now=DEADLINE),
        lambda: registrations_expire_overdue(now=DEADLINE),
    )

    assert sum(outcomes) == 6
    for registration in requests:
        registration.refresh_from_db()
        assert registration.status == Status.EXPIRED
        assert registration.events.filter(to_status=Status.EXPIRED).count() == 1
        expiry_mails = OutboundMail.objects.filter(
            registration=registration, template__startswith="expired_"
        )
        assert sorted(expiry_mails.values_list("template", flat=True)) == [
            "expired_candidate",
            "expired_centre",
        ]
        to_candidate = [m for m in mailoutbox if registration.candidate.email in m.to]
        assert len(to_candidate) == 1
    assert len(mailoutbox) == 12


@pytest.mark.django_db
def test_the_reminder_goes_out_once_24_working_hours_before_the_deadline(
    centre_a, session, exams, staff_a, now, time_machine, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    [registration] = pre_validated(centre_a, session, exams, staff_a)
    [financed] = pre_validated(centre_a, session, exams, staff_a)
    finance(financed, actor=staff_a)
    mailoutbox.clear()

    assert registrations_send_payment_reminders(now=REMINDER_AT - MINUTE) == 0
    time_machine.move_to(REMINDER_AT, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_payment_reminders() == 1
    assert registrations_send_payment_reminders(now=REMINDER_AT + MINUTE) == 0

    registration.refresh_from_db()
    assert registration.reminder_sent_at == REMINDER_AT
    [message] = mailoutbox
    assert message.to == [registration.candidate.email]
    assert message.subject == (
        f"Rappel : règlement attendu pour la demande {registration.reference}"
    )
    assert (
        "Votre règlement doit parvenir au centre au plus tard le vendredi 13 mars 2026 à 10 h 00."
        in message.body
    )
    assert "50,00 €" in message.body


@pytest.mark.django_db
def test_the_reminder_counts_working_hours_across_the_weekend(
    centre_a, session, exams, staff_a, now
):
    friday_morning = datetime.datetime(2026, 3, 13, 8, 0, tzinfo=datetime.UTC)
    [registration] = [
        advance(submit(CandidateFactory(), centre_a, session, exams[:1]), to="pre_validated",
                actor=staff_a, now=friday_morning)
    ]  # fmt: skip
    # Due Wednesday 18 March at 09:00 Paris; 24 working hours before is Tuesday 09:00, not
    # Monday: the weekend does not count.
    monday = datetime.datetime(2026, 3, 16, 8, 0, tzinfo=datetime.UTC)
    tuesday = datetime.datetime(2026, 3, 17, 8, 0, tzinfo=datetime.UTC)
    assert registrations_send_payment_reminders(now=monday) == 0
    assert registrations_send_payment_reminders(now=tuesday) == 1
    registration.refresh_from_db()
    assert registration.reminder_sent_at == tuesday


@concurrent
def test_overlapping_reminder_runs_send_each_reminder_once(
    centre_a, session, exams, staff_a, now, mailoutbox
):
    requests = pre_validated(centre_a, session, exams, staff_a, count=5)
    mailoutbox.clear()

    outcomes = run_together(
        lambda: registrations_send_payment_reminders(now=REMINDER_AT),
        lambda: registrations_send_payment_reminders(now=REMINDER_AT),
    )

    assert sum(outcomes) == 5
    assert OutboundMail.objects.filter(template="payment_reminder").count() == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.candidate.email for r in requests)


@pytest.mark.django_db
def test_a_sweep_writes_each_requests_mails_with_its_own_text_and_context(
    centre_a, session, exams, staff_a, time_machine, django_capture_on_commit_callbacks
):
    registrations = pre_validated(centre_a, session, exams, staff_a, count=5)
    time_machine.move_to(DEADLINE, tick=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert registrations_expire_overdue(now=DEADLINE, batch=3) == 5

    mails = OutboundMail.objects.filter(event__to_status=Status.EXPIRED)
    assert mails.count() == 10  # candidate and centre, for each request
    assert {mail.registration_id for mail in mails} == {r.pk for r in registrations}
    for mail in map(rendered, mails.select_related("registration__candidate")):
        assert mail.context["registration"]["pk"] == mail.registration_id
        assert mail.registration.reference in mail.subject
        if mail.template == "expired_candidate":
            assert mail.recipient == mail.registration.candidate.email
            assert mail.registration.candidate.full_name in mail.body_text
    assert len(callbacks) == 2  # one task per batch, not one per mail
