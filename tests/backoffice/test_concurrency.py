"""A centre lowers a capacity while another member of staff pre-validates a request for the
last seat: one of them wins, the other gets a French refusal, never an overbooked offer."""

import pytest

from backoffice.services import exam_offer_update
from registrations.models import Status
from registrations.services import registration_pre_validate
from tests.factories import CandidateFactory, advance, submit
from tests.registrations.test_concurrency import run_together, split

concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@concurrent
@pytest.mark.parametrize("attempt", range(3))
def test_capacity_change_and_pre_validation_race(attempt, staff_a, centre_a, session, exams, now):
    offer = centre_a.offers.get(exam=exams[0])
    offer.capacity = 2
    offer.save(update_fields=["capacity"])
    holder = submit(CandidateFactory(), centre_a, session, [exams[0]], now)
    advance(holder, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    waiting = submit(CandidateFactory(), centre_a, session, [exams[0]], now)
    software = list(offer.software.all())

    successes, errors = split(
        run_together(
            lambda: exam_offer_update(
                offer=offer, actor=staff_a, now=now, capacity=1, software=software
            ),
            lambda: registration_pre_validate(registration=waiting, actor=staff_a, now=now),
        )
    )
    assert len(successes) == 1 and len(errors) == 1
    assert "place" in errors[0].message
    offer.refresh_from_db()
    assert offer.seats_taken <= offer.capacity
    waiting.refresh_from_db()
    assert (offer.capacity, offer.seats_taken) in {(1, 1), (2, 2)}
    assert (waiting.status == Status.PRE_VALIDATED) == (offer.seats_taken == 2)
