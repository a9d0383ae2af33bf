"""registration_confirm: « inscription définitive », once paid or financed, and only once."""

import pytest

from certifup.errors import DomainError
from registrations.models import Status
from registrations.services import registration_confirm
from tests.factories import advance, finance
from tests.registrations.helpers import DAY, state, status_events

pytestmark = pytest.mark.django_db


def test_confirm_a_paid_request(request_a, staff_a, now):
    advance(request_a, to=Status.PAID, actor=staff_a, now=now)

    registration = registration_confirm(registration=request_a, actor=staff_a, now=now + DAY)

    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at == now + DAY
    assert status_events(registration) == [
        ("", Status.SUBMITTED, request_a.candidate.user.pk),
        (Status.SUBMITTED, Status.PRE_VALIDATED, staff_a.pk),
        (Status.PRE_VALIDATED, Status.PAID, staff_a.pk),
        (Status.PAID, Status.CONFIRMED, staff_a.pk),
    ]


def test_confirm_a_financed_request_directly(request_a, staff_a, now):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    finance(request_a, actor=staff_a, now=now)

    registration = registration_confirm(registration=request_a, actor=staff_a, now=now)

    assert registration.status == Status.CONFIRMED
    assert status_events(registration)[-1] == (Status.PRE_VALIDATED, Status.CONFIRMED, staff_a.pk)


def test_confirm_twice_writes_one_event(request_a, staff_a, now):
    advance(request_a, to=Status.CONFIRMED, actor=staff_a, now=now)
    before = state(request_a)

    registration_confirm(registration=request_a, actor=staff_a, now=now + DAY)

    assert state(request_a) == before


@pytest.mark.parametrize(
    ("status", "shown"), [(Status.SUBMITTED, "soumise"), (Status.PRE_VALIDATED, "pré-validée")]
)
def test_confirm_needs_a_payment_or_a_financing(request_a, staff_a, now, status, shown):
    if status != Status.SUBMITTED:
        advance(request_a, to=status, actor=staff_a, now=now)
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_confirm(registration=request_a, actor=staff_a, now=now)

    assert error.value.message == (
        "Une demande ne peut être validée définitivement qu'une fois réglée ou prise en charge "
        f"par la formation (statut actuel : {shown})."
    )
    assert state(request_a) == before
