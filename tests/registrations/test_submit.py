"""registration_submit: a request is created only within the rules of DESIGN.md (the window,
the centre's offers, one centre per session, one active request per exam), and once per key."""

import uuid

import pytest

from certifup.errors import DomainError
from registrations.models import Registration, RegistrationEvent, RegistrationExam, Status
from tests.factories import (
    CentreFactory,
    ExamOfferFactory,
    SessionFactory,
    advance,
    offers_for,
    submit,
)
from tests.registrations.helpers import DAY, status_events

pytestmark = pytest.mark.django_db


def test_submit_creates_a_submitted_request_with_one_line_per_exam(request_a, candidate, now):
    assert request_a.status == Status.SUBMITTED
    assert request_a.submitted_at == now
    assert request_a.fee_per_exam == 50
    assert sorted(request_a.lines.values_list("exam__code", flat=True)) == ["E1", "E2"]
    assert status_events(request_a) == [("", Status.SUBMITTED, candidate.user.pk)]
    assert request_a.events.get().at == now


def test_submit_again_with_the_same_key_returns_the_same_request(
    candidate, centre_a, session, exams, now
):
    key = uuid.uuid4()
    first = submit(candidate, centre_a, session, exams[:2], now, key=key)
    again = submit(candidate, centre_a, session, exams[:2], now, key=key)

    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    assert RegistrationExam.objects.count() == 2
    assert RegistrationEvent.objects.count() == 1


def test_submit_with_another_candidates_key_is_refused(
    request_a, other_candidate, centre_a, session, exams, now
):
    with pytest.raises(DomainError) as error:
        submit(other_candidate, centre_a, session, exams[2:], now, key=request_a.submission_key)

    assert error.value.message == "Cette demande ne vous appartient pas."
    assert Registration.objects.count() == 1


def test_submit_without_any_exam_is_refused(candidate, centre_a, session, now):
    with pytest.raises(DomainError) as error:
        submit(candidate, centre_a, session, [], now)

    assert error.value.message == "Choisissez au moins une épreuve."
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(+1, +20), (-20, -1), (-20, 0)],
    ids=["not-yet-open", "closed", "closing-instant"],
)
def test_submit_only_while_the_window_is_open(candidate, exams, now, opens, closes):
    session = SessionFactory(
        name="Novembre 2026",
        registration_opens_at=now + opens * DAY,
        registration_closes_at=now + closes * DAY,
    )
    centre = CentreFactory()
    offers_for(centre=centre, session=session, exams=exams)

    with pytest.raises(DomainError) as error:
        submit(candidate, centre, session, exams[:1], now)

    assert error.value.message == (
        "Les inscriptions à la session « Novembre 2026 » ne sont pas ouvertes."
    )
    assert not Registration.objects.exists()


def test_submit_is_accepted_from_the_opening_instant(candidate, exams, now):
    session = SessionFactory(registration_opens_at=now, registration_closes_at=now + DAY)
    centre = CentreFactory()
    offers_for(centre=centre, session=session, exams=exams)

    assert submit(candidate, centre, session, exams[:1], now).status == Status.SUBMITTED


def test_submit_at_a_centre_that_is_not_accredited_is_refused(candidate, session, exams, now):
    centre = CentreFactory(name="Centre Fermé", is_accredited=False)
    offers_for(centre=centre, session=session, exams=exams)

    with pytest.raises(DomainError) as error:
        submit(candidate, centre, session, exams[:1], now)

    assert error.value.message == (
        "Le centre « Centre Fermé » n'organise pas toutes les épreuves choisies "
        "pour la session « Juin 2026 »."
    )
    assert not Registration.objects.exists()


def test_submit_an_exam_the_centre_offers_only_in_another_session_is_refused(
    candidate, session, exams, now
):
    centre = CentreFactory()
    offers_for(centre=centre, session=session, exams=exams[:1])
    ExamOfferFactory(centre=centre, exam=exams[1], session=SessionFactory())

    with pytest.raises(DomainError, match="n'organise pas toutes les épreuves"):
        submit(candidate, centre, session, exams[:2], now)

    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.PRE_VALIDATED, Status.PAID, Status.CONFIRMED]
)
def test_a_second_centre_is_refused_while_a_request_is_active(
    request_a, staff_a, candidate, centre_b, session, exams, now, status
):
    if status != Status.SUBMITTED:
        advance(request_a, to=status, actor=staff_a, now=now)

    with pytest.raises(DomainError) as error:
        submit(candidate, centre_b, session, exams[2:], now)

    assert error.value.message == (
        "Vous avez déjà une demande en cours au centre « Lycée Voltaire » pour la session "
        "« Juin 2026 » : toutes vos épreuves d'une session se passent dans le même centre."
    )
    assert Registration.objects.count() == 1


def test_a_forgotten_exam_is_a_new_request_at_the_same_centre(
    request_a, candidate, centre_a, session, exams, now
):
    forgotten = submit(candidate, centre_a, session, exams[2:3], now)

    assert forgotten.pk != request_a.pk
    assert Registration.objects.filter(candidate=candidate, status=Status.SUBMITTED).count() == 2


def test_an_exam_already_requested_cannot_be_requested_again(
    request_a, candidate, centre_a, session, exams, now
):
    with pytest.raises(DomainError) as error:
        submit(candidate, centre_a, session, exams[1:3], now)

    assert error.value.message == (
        "Vous avez déjà une demande en cours pour l'épreuve E2 : "
        "ne redemandez pas une inscription déjà en cours."
    )
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("closed", [Status.REFUSED, Status.EXPIRED, Status.WITHDRAWN])
def test_a_closed_request_frees_the_candidate_to_start_again_elsewhere(
    request_a, staff_a, candidate, centre_b, session, exams, now, closed
):
    advance(request_a, to=closed, actor=staff_a, now=now)

    again = submit(candidate, centre_b, session, exams[:2], now)

    assert again.status == Status.SUBMITTED
    assert not request_a.lines.filter(is_active=True).exists()
