"""The waiting list through its services: join, the offer of freed seats (each way a seat comes
back), the hold used by a normal submit, its lapse, leaving, and registering elsewhere."""

import datetime

import pytest

from bench.invariants import violations
from centres.models import ExamOffer
from certifup.errors import DomainError
from notifications.models import OutboundMail
from registrations.models import EventKind, Status, WaitingEntry, WaitingStatus
from registrations.seats import NoSeatLeft
from registrations.selectors import WaitingCounts, offers_waiting_counts, waiting_for_candidate
from registrations.services import (
    registration_pre_validate,
    registration_refuse,
    registration_remove_exam,
    registration_withdraw,
    registrations_expire_overdue,
)
from registrations.waiting import waiting_join, waiting_leave, waiting_sweep
from tests.factories import CandidateFactory, CentreFactory, advance, offers_for, submit
from tests.outbox import rendered

W = WaitingStatus


@pytest.fixture
def full(session, exams, now):
    """A centre whose E1 (capacity 1) is taken by a pre-validated request; E2 has seats."""
    from tests.factories import StaffFactory

    centre = CentreFactory(name="Lycée Gauguin")
    offers_for(centre=centre, session=session, exams=exams[:1], capacity=1)
    offers_for(centre=centre, session=session, exams=exams[1:2], capacity=5)
    staff = StaffFactory(centre=centre)
    holder = submit(CandidateFactory(), centre, session, exams[:1], now)
    advance(holder, to=Status.PRE_VALIDATED, actor=staff, now=now)
    return centre, staff, holder


def join(candidate, centre, session, exams, now):
    return waiting_join(candidate=candidate, session=session, centre=centre, exams=exams, now=now)


def e1(centre):
    return ExamOffer.objects.get(centre=centre, exam__code="E1")


def sound():
    assert set(violations().values()) == {0}


def test_joining_needs_a_full_exam(candidate, centre_a, session, exams, now):
    with pytest.raises(DomainError, match="a encore des places pour ces épreuves"):
        join(candidate, centre_a, session, exams[:1], now)
    assert not WaitingEntry.objects.exists()


def test_a_candidate_joins_a_full_centre_once(full, candidate, session, exams, now):
    centre, _, _ = full
    entry = join(candidate, centre, session, exams[:2], now)

    assert entry.status == W.WAITING
    assert waiting_for_candidate(candidate=candidate)[0].position == 1
    with pytest.raises(DomainError, match="déjà sur la liste d'attente du centre"):
        join(candidate, centre, session, exams[:1], now)


def test_the_position_counts_who_waits_ahead_on_the_same_list_only(
    full, candidate, session, exams, now
):
    """Joined first goes first, the smaller id breaks a tie; who left, and other lists, do not
    count."""
    centre, _, _ = full
    other_centre = CentreFactory()
    offers_for(centre=other_centre, session=session, exams=exams[:1], capacity=0)
    left, tied, *_ = [join(CandidateFactory(), centre, session, exams[:1], now) for _ in range(3)]
    join(CandidateFactory(), other_centre, session, exams[:1], now)
    waiting_leave(entry=left, now=now)
    join(candidate, centre, session, exams[:1], now)
    join(candidate, other_centre, session, exams[:1], now + datetime.timedelta(1))

    assert [place.position for place in waiting_for_candidate(candidate=candidate)] == [3, 2]
    assert waiting_for_candidate(candidate=tied.candidate)[0].position == 1


def test_joining_follows_the_request_rules(full, candidate, centre_a, session, exams, now):
    """One centre at a time: a candidate with a request elsewhere cannot wait here."""
    centre, _, _ = full
    submit(candidate, centre_a, session, exams[2:3], now)
    with pytest.raises(DomainError, match="Vous avez déjà une demande en cours au centre"):
        join(candidate, centre, session, exams[:1], now)


def test_a_withdrawal_offers_the_seat_to_the_first_waiting_candidate(
    full, candidate, other_candidate, session, exams, now
):
    centre, _, holder = full
    first = join(candidate, centre, session, exams[:1], now)
    second = join(other_candidate, centre, session, exams[:1], now + datetime.timedelta(1))

    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (W.OFFERED, W.WAITING)
    # Tuesday 10:00 Paris + 48 working hours = Thursday 10:00 Paris.
    assert first.hold_until == datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)
    assert e1(centre).seats_taken == 1  # held: never free in between
    assert waiting_for_candidate(candidate=other_candidate)[0].position == 1
    mail = rendered(OutboundMail.objects.get(template="waiting_offer"))
    assert mail.recipient == candidate.email
    assert "Une place s'est libérée au centre Lycée Gauguin" in mail.subject
    assert "au plus tard le jeudi 12 mars 2026 à 10 h 00" in mail.body_text
    assert f"/inscription/formulaire/?centre={centre.pk}&examens=E1" in mail.body_text
    assert offers_waiting_counts([e1(centre).pk])[e1(centre).pk] == WaitingCounts(
        held=1, waiting=1
    )
    sound()


def test_a_held_seat_is_not_free_for_another_request(full, candidate, session, exams, now):
    centre, staff, holder = full
    join(candidate, centre, session, exams[:1], now)
    other = submit(CandidateFactory(), centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)

    with pytest.raises(NoSeatLeft):
        registration_pre_validate(registration=other, actor=staff, now=now)
    sound()


def test_the_first_candidate_whose_exams_all_fit_gets_the_offer(
    full, candidate, other_candidate, session, exams, now
):
    centre, _, holder = full
    ExamOffer.objects.filter(centre=centre, exam__code="E2").update(capacity=0)
    wants_both = join(candidate, centre, session, exams[:2], now)
    wants_e1 = join(other_candidate, centre, session, exams[:1], now + datetime.timedelta(1))

    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)

    wants_both.refresh_from_db()
    wants_e1.refresh_from_db()
    assert (wants_both.status, wants_e1.status) == (W.WAITING, W.OFFERED)


def test_a_request_on_the_offer_keeps_the_held_seat_until_pre_validation(
    full, candidate, session, exams, now
):
    centre, staff, holder = full
    entry = join(candidate, centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)

    request = submit(candidate, centre, session, exams[:1], now)
    entry.refresh_from_db()
    assert (entry.status, entry.registration) == (W.CLAIMED, request)
    assert e1(centre).seats_taken == 1
    sound()

    registration_pre_validate(registration=request, actor=staff, now=now)  # no seat taken twice
    entry.refresh_from_db()
    assert entry.status == W.SERVED
    assert e1(centre).seats_taken == 1
    sound()


def test_refusing_a_request_made_on_an_offer_offers_its_seats_to_the_next(
    full, candidate, other_candidate, session, exams, now
):
    centre, staff, holder = full
    join(candidate, centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)
    request = submit(candidate, centre, session, exams[:1], now)
    nxt = join(other_candidate, centre, session, exams[:1], now)

    registration_refuse(registration=request, actor=staff, now=now, reason="Dossier incomplet.")

    nxt.refresh_from_db()
    assert nxt.status == W.OFFERED
    assert request.waiting_entries.get().status == W.RELEASED
    sound()


def test_a_hold_lapses_and_goes_to_the_next_candidate(
    full, candidate, other_candidate, session, exams, now
):
    centre, _, holder = full
    first = join(candidate, centre, session, exams[:1], now)
    second = join(other_candidate, centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)
    first.refresh_from_db()

    assert waiting_sweep(now=first.hold_until - datetime.timedelta(seconds=1)) == 0
    assert waiting_sweep(now=first.hold_until) == 1
    assert waiting_sweep(now=first.hold_until) == 0  # twice: nothing more

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (W.LAPSED, W.OFFERED)
    assert e1(centre).seats_taken == 1
    sound()


def test_leaving_with_an_offer_passes_it_on(full, candidate, other_candidate, session, exams, now):
    centre, _, holder = full
    first = join(candidate, centre, session, exams[:1], now)
    second = join(other_candidate, centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)

    waiting_leave(entry=first, now=now)
    waiting_leave(entry=first, now=now)  # twice: nothing more

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (W.LEFT, W.OFFERED)
    sound()


def test_registering_elsewhere_takes_the_candidate_off_the_list(
    full, candidate, other_candidate, centre_b, session, exams, now
):
    centre, _, holder = full
    first = join(candidate, centre, session, exams[:1], now)
    second = join(other_candidate, centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)

    elsewhere = submit(candidate, centre_b, session, exams[:1], now)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (W.REGISTERED, W.OFFERED)
    note = elsewhere.events.get(kind=EventKind.NOTE).note
    assert note == "Retiré(e) de la liste d'attente du centre « Lycée Gauguin » par cette demande."
    assert waiting_for_candidate(candidate=candidate) == []
    sound()


def test_an_expiry_by_the_sweep_makes_the_offer(full, candidate, session, exams, now):
    centre, _, holder = full
    entry = join(candidate, centre, session, exams[:1], now)
    holder.refresh_from_db()

    assert registrations_expire_overdue(now=holder.payment_due_at) == 1

    entry.refresh_from_db()
    assert entry.status == W.OFFERED
    sound()


def test_removing_an_exam_makes_the_offer(full, candidate, session, exams, now):
    centre, staff, holder = full
    entry = join(candidate, centre, session, exams[:1], now)
    line = holder.lines.get()

    registration_remove_exam(line=line, actor=staff, now=now, reason="Demandée par erreur.")

    entry.refresh_from_db()
    assert entry.status == W.OFFERED
    sound()


def test_the_sweep_offers_seats_added_outside_the_services(full, candidate, session, exams, now):
    """A capacity raised in the admin: the next sweep offers the seat."""
    centre, _, _ = full
    entry = join(candidate, centre, session, exams[:1], now)
    ExamOffer.objects.filter(pk=e1(centre).pk).update(capacity=2)

    waiting_sweep(now=now)

    entry.refresh_from_db()
    assert entry.status == W.OFFERED
    sound()


def test_a_request_after_the_hold_ended_does_not_use_it(
    full, candidate, other_candidate, session, exams, now
):
    """The sweep has not run yet: the submit itself lets the hold lapse, to the next one."""
    centre, _, holder = full
    first = join(candidate, centre, session, exams[:1], now)
    second = join(other_candidate, centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)
    first.refresh_from_db()

    late = submit(candidate, centre, session, exams[:1], first.hold_until)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.registration, second.status) == (W.LAPSED, None, W.OFFERED)
    assert late.status == Status.SUBMITTED
    sound()


def test_the_task_runs_the_sweep(full, candidate, session, exams, now, time_machine):
    from registrations.tasks import waiting_sweep as task

    centre, _, holder = full
    entry = join(candidate, centre, session, exams[:1], now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)
    entry.refresh_from_db()
    time_machine.move_to(entry.hold_until, tick=False)

    assert task() == 1
