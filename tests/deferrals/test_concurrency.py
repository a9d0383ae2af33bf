"""Decisions that race: real parallel transactions on PostgreSQL, one thread and connection
each, released together (``run_together`` from the registrations' concurrency tests)."""

from centres.models import ExamOffer
from deferrals.models import Deferral, DeferralStatus
from deferrals.services import deferral_accept, deferral_reject
from registrations.models import EventKind, Registration, RegistrationEvent, RegistrationExam
from tests.deferrals.conftest import request
from tests.factories import CandidateFactory, UppctscFactory, advance, submit
from tests.registrations.test_concurrency import concurrent, run_together, split


def seats(centre, session, code="E1") -> tuple[int, int]:
    offer = ExamOffer.objects.get(centre=centre, session=session, exam__code=code)
    return offer.capacity, offer.seats_taken


@concurrent
def test_two_uppctsc_staff_accepting_at_once_carry_over_once(
    confirmed, next_session, session, centre_a, uppctsc, now
):
    deferral = request(confirmed, now=now)
    colleague = UppctscFactory()
    taken_before = seats(centre_a, session)[1]

    successes, errors = split(
        run_together(
            lambda: deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="Vu."),
            lambda: deferral_accept(deferral=deferral, actor=colleague, now=now, note="Vu !"),
        )
    )

    # The second one waits for the lock, then finds the request accepted: nothing to do.
    assert (len(successes), len(errors)) == (2, 0)
    assert successes[0].carried_over_line_id == successes[1].carried_over_line_id
    assert Registration.objects.filter(session=next_session).count() == 1
    assert RegistrationExam.objects.filter(carried_over_from__isnull=False).count() == 1
    assert RegistrationEvent.objects.filter(kind=EventKind.DEFERRAL_DECIDED).count() == 1
    assert seats(centre_a, next_session) == (10, 1)
    assert seats(centre_a, session)[1] == taken_before - 1


@concurrent
def test_accept_and_reject_at_once_let_exactly_one_decide(confirmed, next_session, uppctsc, now):
    deferral = request(confirmed, now=now)
    colleague = UppctscFactory()

    successes, errors = split(
        run_together(
            lambda: deferral_accept(deferral=deferral, actor=uppctsc, now=now, note=""),
            lambda: deferral_reject(deferral=deferral, actor=colleague, now=now, note="Non."),
        )
    )

    assert (len(successes), len(errors)) == (1, 1)
    assert errors[0].message.startswith("Cette demande de report a déjà été tranchée")
    deferral.refresh_from_db()
    assert deferral.status == successes[0].status
    carried = Registration.objects.filter(session=next_session).count()
    assert carried == (1 if deferral.status == DeferralStatus.ACCEPTED else 0)


@concurrent
def test_two_carry_overs_into_the_last_seat_let_one_through(
    confirmed, next_session, session, exams, centre_a, staff_a, uppctsc, now
):
    ExamOffer.objects.filter(session=next_session, centre=centre_a).update(capacity=1)
    other = advance(
        submit(CandidateFactory(), centre_a, session, exams[:1], now),
        to="confirmed",
        actor=staff_a,
        now=now,
    )
    first, second = request(confirmed, now=now), request(other, now=now)

    successes, errors = split(
        run_together(
            lambda: deferral_accept(deferral=first, actor=uppctsc, now=now, note=""),
            lambda: deferral_accept(deferral=second, actor=uppctsc, now=now, note=""),
        )
    )

    assert (len(successes), len(errors)) == (1, 1)
    assert errors[0].message.startswith("Plus de place pour l'épreuve E1")
    assert seats(centre_a, next_session) == (1, 1)
    assert Deferral.objects.filter(status=DeferralStatus.PENDING).count() == 1
