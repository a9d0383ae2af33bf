"""registration_expire and the periodic sweep: past the payment deadline, the seats go back."""

import datetime

import pytest

from certifup.errors import DomainError
from registrations.models import Registration, Status
from registrations.services import registration_expire, registrations_expire_overdue
from tests.factories import CandidateFactory, advance, finance, pay, submit
from tests.registrations.helpers import DAY, seats, state, status_events

pytestmark = pytest.mark.django_db


def test_expire_after_the_deadline_gives_the_seats_back(
    request_a, staff_a, centre_a, session, now
):
    due = advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now).payment_due_at

    registration = registration_expire(registration=request_a, now=due)

    assert registration.status == Status.EXPIRED
    assert registration.closed_at == due
    assert seats(centre_a, session) == {"E1": 0, "E2": 0, "E3": 0, "E4": 0}
    assert status_events(registration)[-1] == (Status.PRE_VALIDATED, Status.EXPIRED, None)


@pytest.mark.parametrize("financed", [False, True], ids=["not-yet-due", "financed"])
def test_expire_is_refused_before_the_deadline_or_when_financed(request_a, staff_a, now, financed):
    due = advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now).payment_due_at
    if financed:
        finance(request_a, actor=staff_a, now=now)
    later = due + DAY if financed else due - datetime.timedelta(seconds=1)
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_expire(registration=request_a, now=later)

    assert error.value.message == (
        "Cette demande est prise en charge par la formation : elle n'expire pas."
        if financed
        else "Le délai de règlement de cette demande n'est pas dépassé."
    )
    assert state(request_a) == before


def test_expire_a_submitted_request_is_refused(request_a, now):
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_expire(registration=request_a, now=now + 30 * DAY)

    assert error.value.message == "Impossible de faire expirer une demande au statut « soumise »."
    assert state(request_a) == before


def test_expire_overdue_twice_expires_each_overdue_request_once(
    staff_a, centre_a, session, exams, now
):
    def pre_validated(at):
        registration = submit(CandidateFactory(), centre_a, session, exams[:1], now)
        return advance(registration, to=Status.PRE_VALIDATED, actor=staff_a, now=at)

    overdue, financed, paid = pre_validated(now), pre_validated(now), pre_validated(now)
    not_yet_due = pre_validated(now + 2 * DAY)  # Thursday: due next Tuesday
    finance(financed, actor=staff_a, now=now)
    pay(paid, actor=staff_a, now=now)
    saturday = now + 4 * DAY

    assert registrations_expire_overdue(now=saturday) == 1
    assert registrations_expire_overdue(now=saturday) == 0

    statuses = {r.pk: r.status for r in Registration.objects.all()}
    assert statuses == {
        overdue.pk: Status.EXPIRED,
        financed.pk: Status.PRE_VALIDATED,
        paid.pk: Status.PAID,
        not_yet_due.pk: Status.PRE_VALIDATED,
    }
    assert overdue.events.filter(to_status=Status.EXPIRED).count() == 1
    assert seats(centre_a, session)["E1"] == 3
