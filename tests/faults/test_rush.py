"""The rush: 100 candidates submitting at once, 100 pre-validations racing for the last 10
seats, then the same 100 candidates submitting again elsewhere. Threads with their own
connections, released together in batches of 10 (PostgreSQL's max_connections is 100, and
the server is shared)."""

import pytest

from registrations.models import SEAT_HOLDING_STATUSES, LineStatus, Registration, RegistrationExam
from registrations.services import registration_pre_validate
from tests.factories import CandidateFactory, CentreFactory, StaffFactory, offers_for, submit
from tests.registrations.test_concurrency import run_together, split

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RUSH = 100
BATCH = 10
SEATS = 10


def in_batches(calls) -> list[object]:
    outcomes = []
    for start in range(0, len(calls), BATCH):
        outcomes += run_together(*calls[start : start + BATCH])
    return outcomes


def test_a_hundred_submits_and_pre_validations_hold_the_invariants(session, exams, now):
    centre = CentreFactory()
    (offer,) = offers_for(centre=centre, session=session, exams=exams[:1], capacity=SEATS)
    elsewhere = CentreFactory(name="Ailleurs")
    offers_for(centre=elsewhere, session=session, exams=exams[1:2])
    staff = StaffFactory(centre=centre)
    candidates = CandidateFactory.create_batch(RUSH)

    submitted, refused = split(
        in_batches([lambda c=c: submit(c, centre, session, exams[:1], now) for c in candidates])
    )
    assert (len(submitted), len(refused)) == (RUSH, 0)

    validated, full = split(
        in_batches(
            [
                lambda r=r: registration_pre_validate(registration=r, actor=staff, now=now)
                for r in submitted
            ]
        )
    )
    assert (len(validated), len(full)) == (SEATS, RUSH - SEATS)

    again, refused = split(
        in_batches(
            [lambda c=c: submit(c, elsewhere, session, exams[1:2], now) for c in candidates]
        )
    )
    assert (len(again), len(refused)) == (0, RUSH)

    offer.refresh_from_db()
    held = RegistrationExam.objects.filter(
        exam_offer=offer,
        status=LineStatus.REQUESTED,
        registration__status__in=SEAT_HOLDING_STATUSES,
    )
    assert offer.seats_taken == held.count() == SEATS
    assert Registration.objects.count() == RUSH
    assert not Registration.objects.filter(centre=elsewhere).exists()
