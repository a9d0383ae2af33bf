"""registration_refuse (by the centre, with a reason) and registration_withdraw (by the
candidate): both close the request and give its seats back; a refused move changes nothing."""

import html
import re

import pytest
from django.urls import reverse

from certifup.errors import DomainError
from registrations.models import Status
from registrations.services import registration_refuse, registration_withdraw
from tests.factories import advance
from tests.registrations.helpers import DAY, seats, state, status_events

pytestmark = pytest.mark.django_db


def test_refuse_closes_the_request_with_its_reason(request_a, staff_a, now):
    registration = registration_refuse(
        registration=request_a, actor=staff_a, now=now, reason="  Pièce d'identité illisible. "
    )

    registration.refresh_from_db()
    assert registration.status == Status.REFUSED
    assert registration.refusal_reason == "Pièce d'identité illisible."
    assert registration.closed_at == now
    assert registration.events.last().note == "Pièce d'identité illisible."
    assert status_events(registration)[-1] == (Status.SUBMITTED, Status.REFUSED, staff_a.pk)


def test_refuse_without_a_reason_is_refused(request_a, staff_a, now):
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_refuse(registration=request_a, actor=staff_a, now=now, reason="   ")

    assert error.value.message == "Indiquez le motif du refus : il est communiqué au candidat."
    assert state(request_a) == before


@pytest.mark.parametrize(
    ("status", "shown"), [(Status.PRE_VALIDATED, "pré-validée"), (Status.CONFIRMED, "confirmée")]
)
def test_refuse_is_only_for_a_submitted_request(request_a, staff_a, now, status, shown):
    advance(request_a, to=status, actor=staff_a, now=now)
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_refuse(registration=request_a, actor=staff_a, now=now, reason="Complet.")

    assert error.value.message == f"Impossible de refuser une demande au statut « {shown} »."
    assert state(request_a) == before


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PRE_VALIDATED])
def test_withdraw_closes_the_request_and_gives_the_seats_back(
    request_a, staff_a, candidate, centre_a, session, now, status
):
    if status != Status.SUBMITTED:
        advance(request_a, to=status, actor=staff_a, now=now)

    registration = registration_withdraw(registration=request_a, actor=candidate.user, now=now)

    assert registration.status == Status.WITHDRAWN
    assert seats(centre_a, session) == {"E1": 0, "E2": 0, "E3": 0, "E4": 0}
    assert status_events(registration)[-1] == (status, Status.WITHDRAWN, candidate.user.pk)


@pytest.mark.parametrize(
    ("status", "shown"), [(Status.PAID, "réglée"), (Status.CONFIRMED, "confirmée")]
)
def test_a_paid_or_confirmed_request_cannot_be_withdrawn(
    request_a, staff_a, candidate, now, status, shown
):
    advance(request_a, to=status, actor=staff_a, now=now)
    before = state(request_a)

    with pytest.raises(DomainError) as error:
        registration_withdraw(registration=request_a, actor=candidate.user, now=now)

    assert error.value.message == f"Impossible de retirer une demande au statut « {shown} »."
    assert state(request_a) == before


def test_withdraw_twice_writes_one_event(request_a, candidate, now):
    registration_withdraw(registration=request_a, actor=candidate.user, now=now)
    before = state(request_a)

    registration_withdraw(registration=request_a, actor=candidate.user, now=now + DAY)

    assert state(request_a) == before


def test_the_candidate_reads_the_reason_without_a_double_full_stop(
    client, request_a, staff_a, now
):
    reason = "Plus de place dans ce centre."
    registration_refuse(registration=request_a, actor=staff_a, now=now, reason=reason)
    client.force_login(request_a.candidate.user)

    page = client.get(reverse("registrations:detail", args=[request_a.pk])).content.decode()

    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert f"Le centre a refusé votre demande. Motif : « {reason} »" in text
    assert "centre. »." not in text
