"""The invariants hold when requests race: real parallel transactions on PostgreSQL, each thread
on its own connection, released together by a barrier. Then the database's own guards, which
hold even for code that goes around the services."""

import contextlib
import threading
import time
import uuid
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from centres.models import ExamOffer
from certifup.errors import DomainError
from payments.models import Payment
from registrations.models import (
    SEAT_HOLDING_STATUSES,
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    Status,
)
from registrations.services import (
    registration_pre_validate,
    registration_submit,
    registrations_expire_overdue,
)
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    StaffFactory,
    advance,
    offers_for,
    pay,
    submit,
)

# serialized_rollback: a transactional test empties every table afterwards, départements
# included; this puts the migrations' data back before each test.
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREAD_TIMEOUT = 30  # seconds; a thread stuck longer than this is a deadlock, not a slow test
# Starting the threads and opening their connections, before the race: generous, because a
# loaded host (a browser test's Chromium still running, say) can make that slow.
CONNECT_TIMEOUT = 120


def run_together(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread and connection, all released at once. Return, in
    order, each call's result or the exception it raised: no thread dies silently."""
    ready = threading.Barrier(len(calls) + 1)  # the threads, connected, and this one
    outcomes: list[object] = [None] * len(calls)
    connected_in: list[float | None] = [None] * len(calls)

    def worker(index: int, call: Callable[[], object]) -> None:
        started = time.monotonic()
        try:
            try:
                connection.ensure_connection()  # connect first: the race is on the work itself
                connected_in[index] = round(time.monotonic() - started, 2)
                ready.wait(timeout=CONNECT_TIMEOUT)
            except BaseException:
                ready.abort()  # nobody waits for a thread that will not come
                raise
            # Not past this point: a call that fails fast must not abort the barrier, which
            # would break it for the threads released with it but not yet awake.
            outcomes[index] = call()
        except BaseException as error:  # handed back to the test, never lost
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # the threads say why
        ready.wait(timeout=CONNECT_TIMEOUT)
    deadline = time.monotonic() + THREAD_TIMEOUT
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    running = [index for index, thread in enumerate(threads) if thread.is_alive()]
    assert not running, f"threads {running} still running; connected in {connected_in} s"
    broken = [o for o in outcomes if isinstance(o, threading.BrokenBarrierError)]
    if broken and len(broken) == len(outcomes):
        raise AssertionError(f"the threads were not all connected in time: {connected_in} s")
    return outcomes


def split(outcomes: list[object]) -> tuple[list[object], list[DomainError]]:
    """Successes and refusals; any other exception fails the test with its traceback — the
    one that broke the barrier first, rather than the other threads' BrokenBarrierError."""
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    unexpected = [error for error in errors if not isinstance(error, DomainError)]
    unexpected.sort(key=lambda error: isinstance(error, threading.BrokenBarrierError))
    if unexpected:
        raise unexpected[0]
    errors = [o for o in outcomes if isinstance(o, DomainError)]
    return [o for o in outcomes if not isinstance(o, BaseException)], errors


@concurrent
def test_simultaneous_submits_at_two_centres_let_exactly_one_through(
    candidate, centre_a, centre_b, session, exams, now
):
    successes, errors = split(
        run_together(
            lambda: submit(candidate, centre_a, session, exams[:1], now),
            lambda: submit(candidate, centre_b, session, exams[1:2], now),
        )
    )

    assert len(successes) == len(errors) == 1
    assert errors[0].message.startswith("Vous avez déjà une demande en cours au centre")
    assert Registration.objects.get().pk == successes[0].pk


@concurrent
def test_simultaneous_submits_of_one_exam_let_exactly_one_through(
    candidate, centre_a, session, exams, now
):
    # Checked in the statement after the candidate's lock: it sees the first one's lines.
    successes, errors = split(
        run_together(*[lambda: submit(candidate, centre_a, session, exams[:1], now)] * 2)
    )

    assert len(successes) == len(errors) == 1
    assert errors[0].message.startswith("Vous avez déjà une demande en cours pour l'épreuve E1")
    assert Registration.objects.get().pk == successes[0].pk


@concurrent
def test_a_second_submit_racing_the_first_leaves_the_identity_alone(
    candidate, centre_a, session, exams, now
):
    def submit_as(birth_name: str, exam) -> Registration:
        return registration_submit(
            candidate=candidate,
            session=session,
            centre=centre_a,
            exams=[exam],
            submission_key=uuid.uuid4(),
            actor=candidate.user,
            now=now,
            details={"birth_name": birth_name},
        )

    successes, errors = split(
        run_together(lambda: submit_as("Premier", exams[0]), lambda: submit_as("Second", exams[1]))
    )

    assert errors == [] and len(successes) == 2
    first = min(successes, key=lambda registration: registration.pk)
    candidate.refresh_from_db()
    assert candidate.birth_name == ("Premier" if first.lines.get().exam == exams[0] else "Second")


@concurrent
def test_twenty_pre_validations_on_five_seats_give_exactly_five(session, exams, now):
    centre = CentreFactory()
    (offer,) = offers_for(centre=centre, session=session, exams=exams[:1], capacity=5)
    staff = StaffFactory(centre=centre)
    requests = [submit(CandidateFactory(), centre, session, exams[:1], now) for _ in range(20)]

    successes, errors = split(
        run_together(
            *(
                lambda r=r: registration_pre_validate(registration=r, actor=staff, now=now)
                for r in requests
            )
        )
    )

    assert (len(successes), len(errors)) == (5, 15)
    assert {e.message for e in errors} == {
        "Plus de place pour l'épreuve E1 dans ce centre "
        "(capacité : 5, toutes les places sont prises)."
    }
    offer.refresh_from_db()
    held = RegistrationExam.objects.filter(
        exam_offer=offer,
        status=LineStatus.REQUESTED,
        registration__status__in=SEAT_HOLDING_STATUSES,
    )
    assert offer.seats_taken == held.count() == 5


@concurrent
def test_the_same_submission_key_twice_at_once_makes_one_request(
    candidate, centre_a, session, exams, now
):
    key = uuid.uuid4()

    successes, errors = split(
        run_together(*[lambda: submit(candidate, centre_a, session, exams[:2], now, key=key)] * 2)
    )

    assert errors == []
    assert successes[0].pk == successes[1].pk
    assert Registration.objects.count() == 1
    assert RegistrationExam.objects.count() == 2
    assert RegistrationEvent.objects.count() == 1


@concurrent
def test_overlapping_expiry_sweeps_expire_each_request_once(
    centre_a, staff_a, session, exams, now
):
    overdue = [
        advance(
            submit(CandidateFactory(), centre_a, session, exams[:2], now),
            to=Status.PRE_VALIDATED,
            actor=staff_a,
            now=now,
        )
        for _ in range(6)
    ]
    later = max(r.payment_due_at for r in overdue)

    counts, errors = split(run_together(*[lambda: registrations_expire_overdue(now=later)] * 2))

    assert errors == []
    assert sum(counts) == 6
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.EXPIRED}
    for registration in overdue:
        assert registration.events.filter(to_status=Status.EXPIRED).count() == 1
    assert set(ExamOffer.objects.values_list("seats_taken", flat=True)) == {0}


@concurrent
def test_one_request_pre_validated_by_two_staff_at_once_takes_one_seat(
    candidate, centre_a, staff_a, session, exams, now
):
    registration = submit(candidate, centre_a, session, exams[:1], now)
    colleague = StaffFactory(centre=centre_a)

    successes, errors = split(
        run_together(
            *(
                lambda actor=actor: registration_pre_validate(
                    registration=registration, actor=actor, now=now
                )
                for actor in (staff_a, colleague)
            )
        )
    )

    assert (len(successes), errors) == (2, [])
    assert registration.events.filter(to_status=Status.PRE_VALIDATED).count() == 1
    assert ExamOffer.objects.get(centre=centre_a, exam=exams[0]).seats_taken == 1


@concurrent
def test_a_payment_racing_the_expiry_sweep_ends_either_paid_or_expired(
    candidate, centre_a, staff_a, session, exams, now
):
    registration = advance(
        submit(candidate, centre_a, session, exams[:1], now),
        to=Status.PRE_VALIDATED,
        actor=staff_a,
        now=now,
    )
    deadline = registration.payment_due_at

    outcomes = run_together(
        lambda: pay(registration, actor=staff_a, now=deadline),
        lambda: registrations_expire_overdue(now=deadline),
    )

    split(outcomes)  # anything but a DomainError fails here
    payment, expired = outcomes
    registration.refresh_from_db()
    seats_taken = ExamOffer.objects.get(centre=centre_a, exam=exams[0]).seats_taken
    # The payment was received on the deadline day: if the sweep won, the payment reinstates
    # the request (late transfer, tests/payments/test_late_transfer.py). Either way: paid once.
    assert registration.status == Status.PAID
    assert isinstance(payment, Payment)
    assert (Payment.objects.count(), seats_taken) == (1, 1)
    reinstated = registration.events.filter(from_status=Status.EXPIRED).count()
    assert reinstated == expired


# --- The database's own guards, behind the services ---------------------------------------


def _raw_registration(candidate, session, centre, now, **fields) -> Registration:
    return Registration.objects.create(
        candidate=candidate,
        session=session,
        centre=centre,
        submission_key=uuid.uuid4(),
        fee_per_exam=session.fee_per_exam,
        submitted_at=now,
        **fields,
    )


@pytest.mark.django_db
def test_the_database_refuses_active_requests_at_two_centres(
    candidate, centre_a, centre_b, session, exams, now
):
    submit(candidate, centre_a, session, exams[:1], now)
    _raw_registration(candidate, session, centre_b, now, status=Status.REFUSED)  # closed: fine

    with (
        pytest.raises(IntegrityError, match="registration_one_centre_per_session"),
        transaction.atomic(),
    ):
        _raw_registration(candidate, session, centre_b, now)


@pytest.mark.django_db
def test_the_database_refuses_the_same_exam_twice_among_active_lines(
    candidate, centre_a, session, exams, now
):
    first = submit(candidate, centre_a, session, exams[:1], now)
    second = _raw_registration(candidate, session, centre_a, now)
    line = first.lines.get()

    with pytest.raises(IntegrityError, match="line_exam_once_per_session"), transaction.atomic():
        RegistrationExam.objects.create(
            registration=second,
            exam_offer=line.exam_offer,
            candidate=candidate,
            session=session,
            exam=line.exam,
        )


@pytest.mark.django_db
def test_the_database_refuses_overbooking(centre_a):
    offer = ExamOffer.objects.filter(centre=centre_a).first()

    with pytest.raises(IntegrityError, match="offer_no_overbooking"), transaction.atomic():
        ExamOffer.objects.filter(pk=offer.pk).update(seats_taken=F("capacity") + 1)
