"""Registration services: every allowed move, every refused one (which changes nothing), the
invariants of DESIGN.md, idempotency and the timeline."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import ExamOffer
from registrations.errors import RegistrationError
from registrations.models import (
    SEAT_HOLDING_STATUSES,
    EventKind,
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    Status,
)
from registrations.services import (
    registration_confirm,
    registration_expire,
    registration_pre_validate,
    registration_refuse,
    registration_withdraw,
    registrations_expire_overdue,
)
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    ExamOfferFactory,
    SessionFactory,
    advance,
    finance,
    offers_for,
    pay,
    submit,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
DAY = datetime.timedelta(days=1)


def state(registration: Registration) -> tuple:
    """What a refused move must leave untouched, read back from the database."""
    registration.refresh_from_db()
    seats = ExamOffer.objects.filter(centre=registration.centre, session=registration.session)
    return (
        registration.status,
        sorted(seats.values_list("exam__code", "seats_taken")),
        sorted(registration.lines.values_list("exam__code", "is_active")),
        RegistrationEvent.objects.filter(registration=registration).count(),
    )


def seats(centre, session) -> dict[str, int]:
    offers = ExamOffer.objects.filter(centre=centre, session=session)
    return dict(offers.values_list("exam__code", "seats_taken"))


def seat_holding_lines(offer: ExamOffer) -> int:
    return RegistrationExam.objects.filter(
        exam_offer=offer,
        status=LineStatus.REQUESTED,
        registration__status__in=SEAT_HOLDING_STATUSES,
    ).count()


def status_events(registration: Registration) -> list[tuple]:
    events = registration.events.filter(kind=EventKind.STATUS)
    return list(events.values_list("from_status", "to_status", "actor"))


@pytest.fixture
def request_a(candidate, centre_a, session, exams, now):
    """The candidate's request for E1 and E2 at centre A."""
    return submit(candidate, centre_a, session, exams[:2], now)


# --- Submit -------------------------------------------------------------------------------


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
    with pytest.raises(RegistrationError) as error:
        submit(other_candidate, centre_a, session, exams[2:], now, key=request_a.submission_key)

    assert error.value.message == "Cette demande ne vous appartient pas."
    assert Registration.objects.count() == 1


def test_submit_without_any_exam_is_refused(candidate, centre_a, session, now):
    with pytest.raises(RegistrationError) as error:
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

    with pytest.raises(RegistrationError) as error:
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

    with pytest.raises(RegistrationError) as error:
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

    with pytest.raises(RegistrationError, match="n'organise pas toutes les épreuves"):
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

    with pytest.raises(RegistrationError) as error:
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
    with pytest.raises(RegistrationError) as error:
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


# --- Pre-validate -------------------------------------------------------------------------


def test_pre_validate_takes_a_seat_per_exam_and_starts_the_payment_clock(
    request_a, staff_a, centre_a, session, now
):
    registration = registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    assert registration.status == Status.PRE_VALIDATED
    assert registration.pre_validated_at == now
    assert seats(centre_a, session) == {"E1": 1, "E2": 1, "E3": 0, "E4": 0}
    assert status_events(registration)[-1] == (Status.SUBMITTED, Status.PRE_VALIDATED, staff_a.pk)


def test_payment_is_due_72_working_hours_later_friday_to_wednesday(request_a, staff_a):
    friday = datetime.datetime(2026, 3, 13, 15, 0, tzinfo=PARIS)

    registration = registration_pre_validate(registration=request_a, actor=staff_a, now=friday)

    registration.refresh_from_db()
    assert registration.payment_due_at == datetime.datetime(2026, 3, 18, 15, 0, tzinfo=PARIS)


def test_pre_validate_twice_counts_the_seats_and_the_event_once(
    request_a, staff_a, centre_a, session, now
):
    registration_pre_validate(registration=request_a, actor=staff_a, now=now)
    registration_pre_validate(registration=request_a, actor=staff_a, now=now + DAY)

    request_a.refresh_from_db()
    assert request_a.pre_validated_at == now
    assert seats(centre_a, session)["E1"] == 1
    assert len(status_events(request_a)) == 2


def test_pre_validate_locks_the_request_and_the_offers(request_a, staff_a, now):
    with CaptureQueriesContext(connection) as queries:
        registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert any('FROM "registrations_registration"' in sql for sql in locking)
    assert any('FROM "centres_examoffer"' in sql for sql in locking)


def test_pre_validate_without_a_seat_left_is_refused_and_takes_no_seat(
    request_a, staff_a, other_candidate, centre_a, session, exams, now
):
    ExamOffer.objects.filter(centre=centre_a, exam=exams[1]).update(capacity=1)
    advance(
        submit(other_candidate, centre_a, session, exams[1:2], now),
        to=Status.PRE_VALIDATED,
        actor=staff_a,
        now=now,
    )
    before = state(request_a)

    with pytest.raises(RegistrationError) as error:
        registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    assert error.value.message == (
        "Plus de place pour l'épreuve E2 dans ce centre "
        "(capacité : 1, toutes les places sont prises)."
    )
    assert state(request_a) == before  # E1 had seats, yet none was taken


def test_seats_taken_always_matches_the_seat_holding_lines(staff_a, centre_a, session, exams, now):
    for target in [
        Status.PRE_VALIDATED,
        Status.PAID,
        Status.CONFIRMED,
        Status.EXPIRED,
        Status.WITHDRAWN,
        Status.REFUSED,
    ]:
        registration = submit(CandidateFactory(), centre_a, session, exams, now)
        advance(registration, to=target, actor=staff_a, now=now)

    for offer in ExamOffer.objects.filter(centre=centre_a):
        assert offer.seats_taken == seat_holding_lines(offer) == 3


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Status.PAID, "réglée"),
        (Status.CONFIRMED, "confirmée"),
        (Status.REFUSED, "refusée"),
        (Status.EXPIRED, "expirée"),
        (Status.WITHDRAWN, "retirée"),
    ],
)
def test_pre_validate_is_refused_from_any_other_state(request_a, staff_a, now, status, shown):
    advance(request_a, to=status, actor=staff_a, now=now)
    before = state(request_a)

    with pytest.raises(RegistrationError) as error:
        registration_pre_validate(registration=request_a, actor=staff_a, now=now)

    assert error.value.message == f"Impossible de pré-valider une demande au statut « {shown} »."
    assert state(request_a) == before


# --- Refuse -------------------------------------------------------------------------------


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

    with pytest.raises(RegistrationError) as error:
        registration_refuse(registration=request_a, actor=staff_a, now=now, reason="   ")

    assert error.value.message == "Indiquez le motif du refus : il est communiqué au candidat."
    assert state(request_a) == before


@pytest.mark.parametrize(
    ("status", "shown"), [(Status.PRE_VALIDATED, "pré-validée"), (Status.CONFIRMED, "confirmée")]
)
def test_refuse_is_only_for_a_submitted_request(request_a, staff_a, now, status, shown):
    advance(request_a, to=status, actor=staff_a, now=now)
    before = state(request_a)

    with pytest.raises(RegistrationError) as error:
        registration_refuse(registration=request_a, actor=staff_a, now=now, reason="Complet.")

    assert error.value.message == f"Impossible de refuser une demande au statut « {shown} »."
    assert state(request_a) == before


# --- Confirm ------------------------------------------------------------------------------


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

    with pytest.raises(RegistrationError) as error:
        registration_confirm(registration=request_a, actor=staff_a, now=now)

    assert error.value.message == (
        "Une demande ne peut être validée définitivement qu'une fois réglée ou prise en charge "
        f"par la formation (statut actuel : {shown})."
    )
    assert state(request_a) == before


# --- Expire -------------------------------------------------------------------------------


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

    with pytest.raises(RegistrationError) as error:
        registration_expire(registration=request_a, now=later)

    assert error.value.message == (
        "Cette demande est prise en charge par la formation : elle n'expire pas."
        if financed
        else "Le délai de règlement de cette demande n'est pas dépassé."
    )
    assert state(request_a) == before


def test_expire_a_submitted_request_is_refused(request_a, now):
    before = state(request_a)

    with pytest.raises(RegistrationError) as error:
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


# --- Withdraw -----------------------------------------------------------------------------


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

    with pytest.raises(RegistrationError) as error:
        registration_withdraw(registration=request_a, actor=candidate.user, now=now)

    assert error.value.message == f"Impossible de retirer une demande au statut « {shown} »."
    assert state(request_a) == before


def test_withdraw_twice_writes_one_event(request_a, candidate, now):
    registration_withdraw(registration=request_a, actor=candidate.user, now=now)
    before = state(request_a)

    registration_withdraw(registration=request_a, actor=candidate.user, now=now + DAY)

    assert state(request_a) == before
