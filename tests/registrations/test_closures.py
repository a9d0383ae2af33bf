"""A centre's own closures: counted at pre-validation, and a closure declared later pushes back
the deadlines running there (never shortens one), with a timeline event and a mail; the reminder
and the expiry follow. Fixed dates: NOW is Tuesday 10 March 2026, 10:00 in Paris."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Closure
from certifup.errors import DomainError
from notifications.models import OutboundMail
from registrations.closures import closure_declare
from registrations.models import EventKind, Registration, Status
from registrations.reminders import registrations_send_payment_reminders
from registrations.services import registration_pre_validate, registrations_expire_overdue
from tests.factories import CandidateFactory, CentreFactory, advance, department, finance, submit
from tests.outbox import rendered
from tests.registrations.test_concurrency import concurrent, run_together

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TAHITI = ZoneInfo("Pacific/Tahiti")
THURSDAY = datetime.date(2026, 3, 12)
# Pre-validated Wednesday 11 March 10:00: Wed 14h + Thu 24h + Fri 24h + Mon 10h.
WEDNESDAY_10H = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=PARIS)
MONDAY_10H = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=PARIS)
# Thursday closed: Wed 14h + Fri 24h + Mon 24h + Tue 10h.
TUESDAY_10H = datetime.datetime(2026, 3, 17, 10, 0, tzinfo=PARIS)


def declare(actor, now, *, first=THURSDAY, last=THURSDAY, **scope) -> Closure:
    return closure_declare(
        first_day=first, last_day=last, reason="Pont", actor=actor, now=now, **scope
    )


def paris(*args: int) -> datetime.datetime:
    return datetime.datetime(2026, *args, tzinfo=PARIS)


def march(day: int) -> datetime.date:
    return datetime.date(2026, 3, day)


def pre_validated_on_wednesday(request, staff) -> Registration:
    registration = registration_pre_validate(registration=request, actor=staff, now=WEDNESDAY_10H)
    registration.refresh_from_db()
    return registration


def test_a_closure_on_thursday_pushes_a_monday_deadline_to_tuesday(
    request_a, centre_a, staff_a, now
):
    declare(staff_a, now, centre=centre_a)

    registration = pre_validated_on_wednesday(request_a, staff_a)

    assert registration.payment_due_at == TUESDAY_10H


def test_the_pre_validation_mail_gives_the_deadline_with_the_closure(
    request_a, centre_a, staff_a, now
):
    declare(staff_a, now, centre=centre_a)

    registration = pre_validated_on_wednesday(request_a, staff_a)

    mail = rendered(OutboundMail.objects.get(registration=registration, template="pre_validated"))
    assert "au plus tard le mardi 17 mars 2026 à 10 h 00" in mail.body_text
    assert "au plus tard le mardi 17 mars 2026 à 10 h 00" in mail.body_html


def test_a_closure_declared_after_pre_validation_extends_the_deadline_and_tells_the_candidate(
    request_a, centre_a, staff_a, now
):
    registration = pre_validated_on_wednesday(request_a, staff_a)
    assert registration.payment_due_at == MONDAY_10H

    declare(staff_a, WEDNESDAY_10H + datetime.timedelta(hours=2), centre=centre_a)

    registration.refresh_from_db()
    assert registration.payment_due_at == TUESDAY_10H
    event = registration.events.get(kind=EventKind.DEADLINE_EXTENDED)
    assert (event.actor, event.note) == (
        staff_a,
        "Fermeture du centre du 12/03/2026 au 12/03/2026 (Pont) : délai de règlement prolongé.",
    )
    mail = rendered(
        OutboundMail.objects.get(registration=registration, template="deadline_extended")
    )
    assert mail.recipient == registration.candidate.email
    assert mail.subject == f"Demande {registration.reference} : délai de règlement prolongé"
    assert "Fermeture du centre du 12/03/2026 au 12/03/2026 (Pont)" in mail.body_text
    assert "doit désormais parvenir au centre au plus tard le mardi 17 mars 2026 à 10 h 00" in (
        mail.body_text
    )
    assert "au plus tard le mardi 17 mars 2026 à 10 h 00" in mail.body_html


@pytest.mark.parametrize(
    "scope",
    ["own_department", "every_centre"],
)
def test_a_closure_declared_by_uppctsc_for_the_department_or_everyone_extends_too(
    request_a, staff_a, uppctsc, now, scope
):
    registration = pre_validated_on_wednesday(request_a, staff_a)
    kwargs = {"department": department("75")} if scope == "own_department" else {}

    declare(uppctsc, WEDNESDAY_10H, **kwargs)

    registration.refresh_from_db()
    assert registration.payment_due_at == TUESDAY_10H


@pytest.mark.parametrize("scope", ["other_centre", "other_department"])
def test_a_closure_declared_elsewhere_does_not_touch_the_deadline(
    request_a, centre_b, staff_a, staff_b, uppctsc, now, scope
):
    registration = pre_validated_on_wednesday(request_a, staff_a)

    if scope == "other_centre":
        declare(staff_b, WEDNESDAY_10H, centre=centre_b)
    else:
        declare(uppctsc, WEDNESDAY_10H, department=department("69"))

    registration.refresh_from_db()
    assert registration.payment_due_at == MONDAY_10H
    assert not registration.events.filter(kind=EventKind.DEADLINE_EXTENDED).exists()
    assert not OutboundMail.objects.filter(template="deadline_extended").exists()


def test_a_closure_after_the_deadline_changes_nothing_and_sends_nothing(
    request_a, centre_a, staff_a, now
):
    registration = pre_validated_on_wednesday(request_a, staff_a)

    declare(staff_a, WEDNESDAY_10H, centre=centre_a, first=march(17), last=march(20))

    registration.refresh_from_db()
    assert registration.payment_due_at == MONDAY_10H
    assert not OutboundMail.objects.filter(template="deadline_extended").exists()


def test_a_financed_request_is_not_extended(request_a, centre_a, staff_a, now):
    registration = pre_validated_on_wednesday(request_a, staff_a)
    finance(registration, actor=staff_a, now=WEDNESDAY_10H)

    declare(staff_a, WEDNESDAY_10H, centre=centre_a)

    registration.refresh_from_db()
    assert registration.payment_due_at == MONDAY_10H


def test_declaring_locks_the_requests_of_the_centre(request_a, centre_a, staff_a, now):
    pre_validated_on_wednesday(request_a, staff_a)

    with CaptureQueriesContext(connection) as queries:
        declare(staff_a, WEDNESDAY_10H, centre=centre_a)

    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert any('FROM "registrations_registration"' in sql for sql in locking)


def test_the_expiry_follows_the_extended_deadline(request_a, centre_a, staff_a, now):
    registration = pre_validated_on_wednesday(request_a, staff_a)
    declare(staff_a, WEDNESDAY_10H, centre=centre_a)

    assert registrations_expire_overdue(now=MONDAY_10H) == 0
    assert registrations_expire_overdue(now=TUESDAY_10H) == 1

    registration.refresh_from_db()
    assert registration.status == Status.EXPIRED


def test_the_reminder_goes_again_when_a_closure_from_today_moves_the_deadline_out_of_its_window(
    request_a, centre_a, staff_a, now
):
    registration = pre_validated_on_wednesday(request_a, staff_a)
    friday_10h = paris(3, 13, 10)  # 24 working hours left
    assert registrations_send_payment_reminders(now=friday_10h) == 1

    # Closed from today, Friday, to Monday: Wed 14h + Thu 24h + Tue 24h + Wed 18 March 10h,
    # so 34 working hours are left now.
    declare(staff_a, friday_10h, centre=centre_a, first=march(13), last=march(16))

    registration.refresh_from_db()
    assert registration.payment_due_at == paris(3, 18, 10)
    assert registration.reminder_sent_at is None
    assert registrations_send_payment_reminders(now=friday_10h) == 0
    assert registrations_send_payment_reminders(now=paris(3, 17, 9)) == 0
    assert registrations_send_payment_reminders(now=paris(3, 17, 10)) == 1
    reminders = OutboundMail.objects.filter(registration=registration, template="payment_reminder")
    assert reminders.count() == 2


def test_no_second_reminder_when_the_new_deadline_is_still_within_the_window(
    request_a, centre_a, staff_a, now
):
    registration = pre_validated_on_wednesday(request_a, staff_a)
    friday_10h = paris(3, 13, 10)
    assert registrations_send_payment_reminders(now=friday_10h) == 1

    # Monday closed: due Tuesday 10:00, still 24 working hours away (a closure to come moves
    # the deadline by as many working hours as it takes): the reminder already sent holds.
    declare(staff_a, friday_10h, centre=centre_a, first=march(16), last=march(16))

    registration.refresh_from_db()
    assert registration.payment_due_at == TUESDAY_10H
    assert registration.reminder_sent_at is not None
    assert registrations_send_payment_reminders(now=friday_10h) == 0


def test_a_closure_starting_in_the_past_is_refused_in_french(centre_a, staff_a, now):
    with pytest.raises(DomainError) as refused:
        declare(staff_a, now, centre=centre_a, first=datetime.date(2026, 3, 9))

    assert refused.value.message == (
        "Une fermeture ne peut pas commencer dans le passé : le premier jour doit être le "
        "10/03/2026 ou plus tard."
    )
    assert not Closure.objects.exists()


def test_today_is_not_the_past_but_in_tahiti_it_is_already_tomorrow(staff_a, uppctsc, now):
    # NOW is 10:00 in Paris, 23:00 on Monday in Tahiti: « today » is the centre's own.
    tahiti = CentreFactory(department_code="987", city="Papeete", postal_code="98714")
    monday = datetime.date(2026, 3, 9)
    declare(uppctsc, now, centre=tahiti, first=monday, last=monday)
    with pytest.raises(DomainError):
        # Every centre: Tuesday has begun in Nouméa and Wallis, so Monday is past somewhere.
        declare(uppctsc, now, first=monday, last=monday)


@pytest.mark.parametrize(
    ("first", "last", "reason", "message"),
    [
        (THURSDAY, THURSDAY - datetime.timedelta(days=1), "Pont", "ne peut pas précéder"),
        (THURSDAY, THURSDAY, "  ", "Indiquez le motif de la fermeture."),
        (THURSDAY, THURSDAY + datetime.timedelta(days=92), "Travaux", "au plus 92 jours"),
    ],
)
def test_a_malformed_closure_is_refused_in_french(
    centre_a, staff_a, now, first, last, reason, message
):
    with pytest.raises(DomainError, match=message):
        closure_declare(
            first_day=first, last_day=last, reason=reason, actor=staff_a, now=now, centre=centre_a
        )
    assert not Closure.objects.exists()


def test_a_closure_names_a_centre_or_a_department_not_both(centre_a, uppctsc, now):
    with pytest.raises(DomainError, match="pas les deux"):
        declare(uppctsc, now, centre=centre_a, department=department("75"))


def test_other_candidates_requests_at_the_centre_are_extended_each_with_their_mail(
    request_a, centre_a, session, exams, staff_a, now
):
    pre_validated_on_wednesday(request_a, staff_a)
    other = submit(CandidateFactory(), centre_a, session, exams[2:3], now)
    other = advance(other, to="pre_validated", actor=staff_a, now=WEDNESDAY_10H)
    waiting = submit(CandidateFactory(), centre_a, session, exams[3:4], now)

    declare(staff_a, WEDNESDAY_10H, centre=centre_a)

    mails = OutboundMail.objects.filter(template="deadline_extended")
    assert sorted(mails.values_list("registration_id", flat=True)) == [request_a.pk, other.pk]
    waiting.refresh_from_db()
    assert waiting.payment_due_at is None


@concurrent
def test_a_closure_declared_while_requests_are_pre_validated_counts_in_every_deadline(
    centre_a, session, exams, staff_a, now
):
    # Whatever the interleaving, each request is pre-validated either before the closure's
    # scan (then extended by it) or after its commit (then counting it): none is missed.
    requests = [submit(CandidateFactory(), centre_a, session, exams[:1], now) for _ in range(8)]

    def pre_validate_all() -> None:
        for request in requests:
            registration_pre_validate(registration=request, actor=staff_a, now=WEDNESDAY_10H)

    outcomes = run_together(pre_validate_all, lambda: declare(staff_a, now, centre=centre_a))

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    deadlines = Registration.objects.filter(pk__in=[r.pk for r in requests])
    assert set(deadlines.values_list("payment_due_at", flat=True)) == {TUESDAY_10H}
