"""registration_pre_validate: a seat per exam, all or none, under lock, and the payment clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import ExamOffer
from certifup.errors import DomainError
from registrations.models import SEAT_HOLDING_STATUSES, LineStatus, RegistrationExam, Status
from registrations.services import registration_pre_validate
from tests.factories import CandidateFactory, advance, submit
from tests.registrations.helpers import DAY, seats, state, status_events

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def seat_holding_lines(offer: ExamOffer) -> int:
    return RegistrationExam.objects.filter(
        exam_offer=offer,
        status=LineStatus.REQUESTED,
        registration__status__in=SEAT_HOLDING_STATUSES,
    ).count()


def test_pre_validate_takes_a_seat_per_exam_and_starts_the_payment_clock(
    request_a, staff_a, centre_a, session, now
):
    registration = registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    assert registration.status == Status.PRE_VALIDATED
    assert registration.pre_validated_at == now
    assert seats(centre_a, session) == {"E1": 1, "E2": 1, "E3": 0, "E4": 0}
    assert status_events(registration)[-1] == (Status.SUBMITTED, Status.PRE_VALIDATED, staff_a.pk)


def test_payment_is_due_72_working_hours_later_friday_to_wednesday(request_a, staff_a):
    friday = datetime.datetime(2026, 3, 13, 15, 0, tzinfo=PARIS)

    registration = registration_pre_validate(registration=request_a, actor=staff_a, now=friday)

    registration.refresh_from_db()
    assert registration.payment_due_at == datetime.datetime(2026, 3, 18, 15, 0, tzinfo=PARIS)


def test_pre_validate_twice_counts_the_seats_and_the_event_once(
    request_a, staff_a, centre_a, session, now
):
    registration_pre_validate(registration=request_a, actor=staff_a, now=now)
    registration_pre_validate(registration=request_a, actor=staff_a, now=now + DAY)

    request_a.refresh_from_db()
    assert request_a.pre_validated_at == now
    assert seats(centre_a, session)["E1"] == 1
    assert len(status_events(request_a)) == 2


def test_pre_validate_locks_the_request_and_the_offers(request_a, staff_a, now):
    with CaptureQueriesContext(connection) as queries:
        registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert any('FROM "registrations_registration"' in sql for sql in locking)
    assert any('FROM "centres_examoffer"' in sql for sql in locking)


def test_pre_validate_without_a_seat_left_is_refused_and_takes_no_seat(
    request_a, staff_a, other_candidate, centre_a, session, exams, now
):
    ExamOffer.objects.filter(centre=centre_a, exam=exams[1]).update(capacity=1)
    advance(
        submit(other_candidate, centre_a, session, exams[1:2], now),
        to=Status.PRE_VALIDATED,
        actor=staff_a,
        now=now,
    )
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    assert error.value.message == (
        "Plus de place pour l'épreuve E2 dans ce centre "
        "(capacité : 1, toutes les places sont prises)."
    )
    assert state(request_a) == before  # E1 had seats, yet none was taken


def test_seats_taken_always_matches_the_seat_holding_lines(staff_a, centre_a, session, exams, now):
    for target in [
        Status.PRE_VALIDATED,
        Status.PAID,
        Status.CONFIRMED,
        Status.EXPIRED,
        Status.WITHDRAWN,
        Status.REFUSED,
    ]:
        registration = submit(CandidateFactory(), centre_a, session, exams, now)
        advance(registration, to=target, actor=staff_a, now=now)

    for offer in ExamOffer.objects.filter(centre=centre_a):
        assert offer.seats_taken == seat_holding_lines(offer) == 3


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Status.PAID, "réglée"),
        (Status.CONFIRMED, "confirmée"),
        (Status.REFUSED, "refusée"),
        (Status.EXPIRED, "expirée"),
        (Status.WITHDRAWN, "retirée"),
    ],
)
def test_pre_validate_is_refused_from_any_other_state(request_a, staff_a, now, status, shown):
    advance(request_a, to=status, actor=staff_a, now=now)
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    assert error.value.message == f"Impossible de pré-valider une demande au statut « {shown} »."
    assert state(request_a) == before
