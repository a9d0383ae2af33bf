"""Moves that revive or create active lines for the same candidate race: a late transfer's
reinstatement against another reinstatement, or against a submit. Real parallel transactions
on PostgreSQL (``run_together``); the candidate's row lock makes exactly one win, and the other
gets the French refusal, never the database's raw IntegrityError (a 500 on the page)."""

import datetime
import html

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from payments.models import Method, Payment
from payments.services import payment_record
from registrations.models import ACTIVE_STATUSES, Registration, Status
from tests.factories import advance, submit
from tests.registrations.test_concurrency import concurrent, run_together, split

LATER = datetime.timedelta(days=10)  # the transfer reaches the centre well after the expiry
REINSTATEMENT_REFUSED = (
    "La demande ne peut pas être rétablie : le candidat a fait depuis une autre demande "
    "pour cette session"
)


@pytest.fixture
def two_expired(candidate, centre_a, centre_b, session, exams, staff_a, staff_b, now):
    """The candidate's E1 at centre A expired, then their E2 at centre B expired too."""
    first = submit(candidate, centre_a, session, exams[:1], now)
    first = advance(first, to=Status.EXPIRED, actor=staff_a, now=now)
    second = submit(candidate, centre_b, session, exams[1:2], now)
    second = advance(second, to=Status.EXPIRED, actor=staff_b, now=now)
    return first, second


def deadline_day(registration: Registration) -> datetime.date:
    zone = registration.centre.department.territory.timezone
    return registration.payment_due_at.astimezone(zone).date()


def transfer(registration: Registration, actor, now: datetime.datetime) -> Payment:
    """A transfer made by the deadline day, recorded after the expiry: it reinstates."""
    return payment_record(
        registration=registration,
        actor=actor,
        now=now + LATER,
        amount=registration.fee_per_exam,  # one exam each
        method=Method.TRANSFER,
        received_on=deadline_day(registration),
        reference="VIR 2026",
    )


def active(candidate) -> list[Registration]:
    return list(Registration.objects.filter(candidate=candidate, status__in=ACTIVE_STATUSES))


@concurrent
@pytest.mark.parametrize("attempt", range(2))
def test_two_reinstatements_at_two_centres_let_exactly_one_through(
    attempt, two_expired, candidate, staff_a, staff_b, now
):
    first, second = two_expired

    successes, errors = split(
        run_together(
            lambda: transfer(first, staff_a, now),
            lambda: transfer(second, staff_b, now),
        )
    )

    assert (len(successes), len(errors)) == (1, 1)
    assert errors[0].message.startswith(REINSTATEMENT_REFUSED)
    [winner] = active(candidate)
    assert winner.status == Status.PAID
    assert Payment.objects.get().registration_id == winner.pk


@concurrent
@pytest.mark.parametrize("attempt", range(2))
def test_a_reinstatement_racing_a_submit_elsewhere_lets_exactly_one_through(
    attempt, two_expired, candidate, centre_b, session, exams, staff_a, now
):
    first, _ = two_expired

    outcomes = run_together(
        lambda: transfer(first, staff_a, now),
        lambda: submit(candidate, centre_b, session, exams[2:3], now + LATER),
    )

    successes, errors = split(outcomes)
    assert (len(successes), len(errors)) == (1, 1)
    [winner] = active(candidate)
    if isinstance(outcomes[0], Payment):  # the reinstatement won
        assert winner.pk == first.pk
        assert errors[0].message.startswith(
            "Vous avez déjà une demande en cours au centre « Lycée Voltaire »"
        )
    else:
        assert winner.centre == centre_b and winner.status == Status.SUBMITTED
        assert errors[0].message.startswith(REINSTATEMENT_REFUSED)


@concurrent
def test_two_centres_recording_late_transfers_at_once_see_a_french_refusal(
    two_expired, candidate, staff_a, staff_b, now
):
    def post(staff, registration):
        client = Client()
        client.force_login(staff)
        url = reverse("centre:payment", kwargs={"registration_id": registration.pk})
        data = {
            "amount": "50,00",
            "method": Method.TRANSFER,
            "received_on": deadline_day(registration).isoformat(),
            "reference": "VIR 2026",
        }
        return client.post(url, data)

    first, second = two_expired
    with time_machine.travel(now + LATER, tick=False):
        responses, errors = split(
            run_together(lambda: post(staff_a, first), lambda: post(staff_b, second))
        )

    assert errors == []  # an IntegrityError would be raised here, as the 500 it is
    assert sorted(response.status_code for response in responses) == [302, 400]
    [refused] = [response for response in responses if response.status_code == 400]
    assert REINSTATEMENT_REFUSED in html.unescape(refused.content.decode())
    assert len(active(candidate)) == 1
