"""registration_remove_exam: an exam asked by mistake, removed by the centre before payment."""

import pytest

from certifup.errors import DomainError
from registrations.models import EventKind, LineStatus, RegistrationExam, Status
from registrations.services import registration_remove_exam
from tests.factories import advance, submit

pytestmark = pytest.mark.django_db


def test_the_line_is_kept_as_removed_and_its_exam_can_be_asked_again(
    request_a, staff_a, exams, now, candidate, centre_a, session
):
    line = request_a.lines.get(exam=exams[0])
    registration_remove_exam(line=line, actor=staff_a, now=now, reason="Erreur")
    line.refresh_from_db()
    assert (line.status, line.is_active, line.removal_reason) == (
        LineStatus.REMOVED, False, "Erreur",
    )  # fmt: skip
    assert RegistrationExam.objects.filter(registration=request_a).count() == 2
    event = request_a.events.get(kind=EventKind.EXAM_REMOVED)
    assert (event.actor, event.note) == (staff_a, f"{exams[0].code} : Erreur")
    submit(candidate, centre_a, session, [exams[0]], now)  # invariant 2 no longer blocks it


def test_a_seat_held_by_a_pre_validation_goes_back(request_a, staff_a, centre_a, exams, now):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    line = request_a.lines.get(exam=exams[0])
    registration_remove_exam(line=line, actor=staff_a, now=now, reason="Erreur")
    assert centre_a.offers.get(exam=exams[0]).seats_taken == 0
    assert centre_a.offers.get(exam=exams[1]).seats_taken == 1


def test_removing_the_last_exam_withdraws_the_request(request_a, staff_a, centre_a, now):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    for line in request_a.lines.all():
        registration = registration_remove_exam(line=line, actor=staff_a, now=now, reason="X")
    assert registration.status == Status.WITHDRAWN
    assert registration.closed_at == now
    assert sum(offer.seats_taken for offer in centre_a.offers.all()) == 0


def test_twice_is_a_no_op(request_a, staff_a, now):
    line = request_a.lines.first()
    registration_remove_exam(line=line, actor=staff_a, now=now, reason="Erreur")
    registration_remove_exam(line=line, actor=staff_a, now=now, reason="Erreur")
    assert request_a.events.filter(kind=EventKind.EXAM_REMOVED).count() == 1


@pytest.mark.parametrize("state", [Status.PAID, Status.CONFIRMED, Status.REFUSED])
def test_refused_once_paid_or_closed(request_a, staff_a, now, state):
    advance(request_a, to=state, actor=staff_a, now=now)
    with pytest.raises(DomainError, match="Impossible de retirer une épreuve"):
        registration_remove_exam(line=request_a.lines.first(), actor=staff_a, now=now, reason="X")
    assert not request_a.lines.filter(status=LineStatus.REMOVED).exists()


def test_a_reason_is_required(request_a, staff_a, now):
    with pytest.raises(DomainError, match="motif du retrait"):
        registration_remove_exam(line=request_a.lines.first(), actor=staff_a, now=now, reason=" ")
