"""A freed seat is owed to the waiting list: real parallel transactions on PostgreSQL
(``run_together``). The seat comes back and is held for the first waiting candidate in the
transaction that frees it, so a normal request's pre-validation racing for it never gets it,
and nothing is ever overbooked."""

from bench.invariants import violations
from centres.models import ExamOffer
from registrations.models import Status, WaitingStatus
from registrations.seats import NoSeatLeft
from registrations.services import registration_pre_validate, registration_withdraw
from registrations.waiting import waiting_join, waiting_leave
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    StaffFactory,
    advance,
    offers_for,
    submit,
)
from tests.registrations.test_concurrency import concurrent, run_together, split


@concurrent
def test_a_freed_seat_goes_to_the_first_waiting_candidate_not_to_a_racing_request(
    session, exams, now
):
    centre = CentreFactory()
    (offer,) = offers_for(centre=centre, session=session, exams=exams[:1], capacity=1)
    staff = StaffFactory(centre=centre)
    holder = advance(
        submit(CandidateFactory(), centre, session, exams[:1], now),
        to=Status.PRE_VALIDATED,
        actor=staff,
        now=now,
    )
    first, second = (
        waiting_join(
            candidate=CandidateFactory(), session=session, centre=centre, exams=exams[:1], now=now
        )
        for _ in range(2)
    )
    racer = submit(CandidateFactory(), centre, session, exams[:1], now)

    successes, errors = split(
        run_together(
            lambda: registration_withdraw(
                registration=holder, actor=holder.candidate.user, now=now
            ),
            lambda: registration_pre_validate(registration=racer, actor=staff, now=now),
        )
    )

    assert len(successes) == len(errors) == 1
    assert isinstance(errors[0], NoSeatLeft)
    racer.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert racer.status == Status.SUBMITTED
    assert (first.status, second.status) == (WaitingStatus.OFFERED, WaitingStatus.WAITING)
    offer.refresh_from_db()
    assert offer.seats_taken == 1
    assert set(violations().values()) == {0}


@concurrent
def test_leaving_an_offer_while_seats_free_up_never_double_books(session, exams, now):
    """The first candidate leaves with the offer while another seat comes back: both seats go
    down the list in order, each exactly once, without a deadlock."""
    centre = CentreFactory()
    offers_for(centre=centre, session=session, exams=exams[:2], capacity=2)
    staff = StaffFactory(centre=centre)
    holders = [
        advance(
            submit(CandidateFactory(), centre, session, exams[:2], now),
            to=Status.PRE_VALIDATED,
            actor=staff,
            now=now,
        )
        for _ in range(2)
    ]
    waiting = [
        waiting_join(
            candidate=CandidateFactory(), session=session, centre=centre, exams=exams[:2], now=now
        )
        for _ in range(4)
    ]
    registration_withdraw(registration=holders[0], actor=holders[0].candidate.user, now=now)

    split(
        run_together(
            lambda: waiting_leave(entry=waiting[0], now=now),
            lambda: registration_withdraw(
                registration=holders[1], actor=holders[1].candidate.user, now=now
            ),
        )
    )

    statuses = [entry.__class__.objects.get(pk=entry.pk).status for entry in waiting]
    assert statuses == [
        WaitingStatus.LEFT,
        WaitingStatus.OFFERED,
        WaitingStatus.OFFERED,
        WaitingStatus.WAITING,
    ]
    assert list(ExamOffer.objects.filter(centre=centre).values_list("seats_taken", flat=True)) == [
        2,
        2,
    ]
    assert set(violations().values()) == {0}
