"""Centres that answer: a request left unanswered reminds the centre's staff once after
CENTRE_ANSWER_HOURS of the centre's working hours, and is late after twice as many (issue 15)."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import OutboundMail
from registrations.answers import Chased, registrations_chase_answers
from registrations.models import Registration
from registrations.tasks import chase_answers
from tests.factories import CandidateFactory, CentreFactory, advance, offers_for, submit
from tests.registrations.test_concurrency import concurrent, run_together

# Submitted at NOW (Tuesday 10 March 2026, 10:00 in Paris).
REMINDER_AT = datetime.datetime(2026, 3, 11, 9, 0, tzinfo=datetime.UTC)  # Wednesday 10:00
LATE_AT = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)  # Thursday 10:00
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def waiting(centre_a, session, exams, now) -> Registration:
    return submit(CandidateFactory(), centre_a, session, exams[:2], now)


def answer_mails(registration: Registration) -> list[OutboundMail]:
    return list(
        OutboundMail.objects.filter(registration=registration, template="answer_reminder_centre")
    )


@pytest.mark.django_db
def test_the_centre_is_reminded_once_by_mail_after_24_working_hours(
    waiting, centre_a, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    assert registrations_chase_answers(now=REMINDER_AT - MINUTE).reminded == 0
    time_machine.move_to(REMINDER_AT, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert chase_answers() == {"reminded": 1, "late": 0}
    assert registrations_chase_answers(now=REMINDER_AT + MINUTE).reminded == 0

    waiting.refresh_from_db()
    assert waiting.answer_reminder_sent_at == REMINDER_AT
    assert waiting.answer_late_at is None
    [message] = mailoutbox
    assert message.to == [centre_a.email]
    assert message.subject == (
        f"Demande en attente de réponse : {waiting.reference} – {waiting.candidate.full_name}"
    )
    assert "attend votre réponse depuis le mardi 10 mars 2026 à 10 h 00." in message.body
    assert f"/centre/demandes/{waiting.pk}/" in message.body
    assert "E1 – " in message.body and "E2 – " in message.body
    html = message.alternatives[0][0]
    assert f'/centre/demandes/{waiting.pk}/">ouvrir la demande {waiting.reference}</a>' in html


@pytest.mark.django_db
def test_past_twice_the_hours_the_request_is_late_once_from_the_moment_it_became_late(waiting):
    registrations_chase_answers(now=REMINDER_AT)
    assert registrations_chase_answers(now=LATE_AT - MINUTE).late == 0

    # The sweep passes a while after: the request is late from when it became so.
    assert registrations_chase_answers(now=LATE_AT + 5 * MINUTE).late == 1
    assert registrations_chase_answers(now=LATE_AT + 10 * MINUTE).late == 0

    waiting.refresh_from_db()
    assert waiting.answer_late_at == LATE_AT
    assert len(answer_mails(waiting)) == 1


@pytest.mark.django_db
def test_a_request_first_seen_late_gets_its_reminder_and_is_late_in_the_same_sweep(waiting):
    assert registrations_chase_answers(now=LATE_AT) == Chased(reminded=1, late=1)
    waiting.refresh_from_db()
    assert waiting.answer_reminder_sent_at == LATE_AT
    assert waiting.answer_late_at == LATE_AT


@pytest.mark.django_db
def test_working_hours_follow_the_centres_calendar(session, exams, now):
    """Friday 19:00 in Papeete is Saturday 06:00 in Paris: the Tahiti centre counts Friday's
    last five hours, then resumes on Monday in its own clock; weekends never count."""
    tahiti = CentreFactory(name="TAHITIPLUS", department_code="987", postal_code="98714")
    offers_for(centre=tahiti, session=session, exams=exams)
    friday_evening = datetime.datetime(2026, 3, 14, 5, 0, tzinfo=datetime.UTC)
    registration = submit(CandidateFactory(), tahiti, session, exams[:1], friday_evening)
    # Monday 19:00 in Papeete (a Paris count would have fired at Monday 23:00 UTC already).
    reminded_at = datetime.datetime(2026, 3, 17, 5, 0, tzinfo=datetime.UTC)

    assert registrations_chase_answers(now=reminded_at - MINUTE).reminded == 0
    assert registrations_chase_answers(now=reminded_at).reminded == 1
    registration.refresh_from_db()
    assert registration.answer_reminder_sent_at == reminded_at


@pytest.mark.django_db
def test_the_number_of_hours_is_a_setting(waiting, settings):
    settings.CENTRE_ANSWER_HOURS = 48
    assert registrations_chase_answers(now=REMINDER_AT).reminded == 0
    assert registrations_chase_answers(now=LATE_AT).reminded == 1
    assert registrations_chase_answers(now=LATE_AT + datetime.timedelta(days=5)).late == 1
    waiting.refresh_from_db()
    # 96 working hours from Tuesday 10:00: Saturday and Sunday do not count.
    assert waiting.answer_late_at == datetime.datetime(2026, 3, 16, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["pre_validated", "refused"])
def test_an_answered_request_is_neither_reminded_nor_late(waiting, staff_a, answer):
    advance(waiting, to=answer, actor=staff_a)
    assert registrations_chase_answers(now=LATE_AT + datetime.timedelta(days=7)).reminded == 0
    waiting.refresh_from_db()
    assert waiting.answer_reminder_sent_at is None and waiting.answer_late_at is None
    assert answer_mails(waiting) == []


@pytest.mark.django_db
def test_answering_after_being_late_keeps_the_fact(waiting, staff_a):
    registrations_chase_answers(now=LATE_AT)
    advance(waiting, to="pre_validated", actor=staff_a, now=LATE_AT + MINUTE)
    waiting.refresh_from_db()
    assert waiting.answer_late_at == LATE_AT


@concurrent
def test_two_overlapping_sweeps_remind_each_request_once(centre_a, session, exams, now):
    requests = [submit(CandidateFactory(), centre_a, session, exams[:1], now) for _ in range(5)]

    outcomes = run_together(
        lambda: registrations_chase_answers(now=LATE_AT),
        lambda: registrations_chase_answers(now=LATE_AT),
    )

    assert sum(outcome.reminded for outcome in outcomes) == 5
    assert sum(outcome.late for outcome in outcomes) == 5
    for registration in requests:
        assert len(answer_mails(registration)) == 1


# --- Who reads it: the candidate, UPPCTSC -----------------------------------------------------

LATE_TEXT = "Le centre n'a pas encore répondu"


@pytest.mark.django_db
def test_the_candidate_reads_that_the_centre_has_not_answered_once_it_is_late(
    waiting, client, time_machine
):
    client.force_login(waiting.candidate.user)
    registrations_chase_answers(now=REMINDER_AT)
    for url in ("/mes-inscriptions/", f"/mes-inscriptions/{waiting.pk}/"):
        assert LATE_TEXT not in client.get(url).content.decode()

    registrations_chase_answers(now=LATE_AT)
    for url in ("/mes-inscriptions/", f"/mes-inscriptions/{waiting.pk}/"):
        page = client.get(url).content.decode()
        assert LATE_TEXT in page
        assert "soumise le mardi 10 mars 2026 à 10 h 00." in page


@pytest.mark.django_db
def test_uppctsc_lists_the_requests_late_to_be_answered_and_only_those(
    waiting, centre_a, session, exams, staff_a, uppctsc, client, now
):
    answered = submit(CandidateFactory(), centre_a, session, exams[:1], now)
    recent = submit(CandidateFactory(), centre_a, session, exams[:1], LATE_AT)
    registrations_chase_answers(now=LATE_AT)
    advance(answered, to="refused", actor=staff_a, now=LATE_AT + MINUTE)
    url = reverse("admin:registrations_lateanswer_changelist")

    client.force_login(staff_a)
    assert client.get(url).status_code == 302  # centre staff: not the admin

    client.force_login(uppctsc)
    page = client.get(url).content.decode()
    assert waiting.reference in page
    assert answered.reference not in page and recent.reference not in page
    assert "mardi 10 mars 2026 à 10 h 00" in page  # submitted, in the centre's clock
    assert "jeudi 12 mars 2026 à 10 h 00" in page  # late since
    assert reverse("admin:registrations_registration_change", args=[waiting.pk]) in page
