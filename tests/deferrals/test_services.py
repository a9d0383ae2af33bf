"""Deferral requests and decisions through the services: every rule, accepted and refused."""

import datetime
from decimal import Decimal

import pytest

from centres.models import ExamOffer, Session
from certifup.errors import DomainError
from deferrals.models import Deferral, DeferralStatus, Reason
from deferrals.rules import deferral_refusal
from deferrals.services import deferral_accept, deferral_reject
from registrations.models import EventKind, LineStatus, Registration, RegistrationEvent, Status
from registrations.money import registration_amounts
from tests.deferrals.conftest import line_of, request
from tests.factories import CentreFactory, StaffFactory, advance, offers_for, submit


def offer(centre, session, code) -> ExamOffer:
    return ExamOffer.objects.get(centre=centre, session=session, exam__code=code)


def kinds(registration) -> list[str]:
    return list(registration.events.values_list("kind", flat=True))


# --- Request --------------------------------------------------------------------------------


def test_request_stores_the_file_privately_and_writes_the_timeline(
    confirmed, private_storage, now
):
    deferral = request(confirmed, now=now)

    assert deferral.status == DeferralStatus.PENDING
    assert (deferral.file_name, deferral.file_content_type) == (
        "certificat-medical.pdf",
        "application/pdf",
    )
    assert len(deferral.file_sha256) == 64
    stored = private_storage / deferral.justification.name
    assert stored.read_bytes().startswith(b"%PDF-")
    assert "certificat" not in deferral.justification.name  # a random name in the storage
    event = confirmed.events.get(kind=EventKind.DEFERRAL_REQUESTED)
    assert (
        event.note == "Report demandé pour l'épreuve E1 (en attente de la décision de l'UPPCTSC)."
    )
    assert "Hospitalisée" not in event.note  # health data stay out of the shared timeline


def test_request_is_refused_for_a_registration_not_yet_confirmed(
    candidate, centre_a, session, exams, staff_a, now
):
    registration = advance(
        submit(candidate, centre_a, session, exams[:1], now), to="paid", actor=staff_a, now=now
    )

    with pytest.raises(DomainError, match="validée définitivement"):
        request(registration, now=now)
    assert not Deferral.objects.exists()


def test_a_second_request_while_one_is_pending_is_refused(confirmed, now):
    request(confirmed, now=now)

    with pytest.raises(DomainError, match="déjà en attente"):
        request(confirmed, now=now)
    assert Deferral.objects.count() == 1


def test_another_exam_of_the_same_registration_may_be_requested(confirmed, now):
    request(confirmed, "E1", now=now)
    request(confirmed, "E2", now=now)

    assert Deferral.objects.filter(status=DeferralStatus.PENDING).count() == 2


@pytest.mark.parametrize(
    ("days_after_end", "allowed"), [(0, True), (7, True), (8, False)], ids=["day", "7th", "8th"]
)
def test_request_is_allowed_until_seven_days_after_the_exams(
    confirmed, session, now, days_after_end, allowed
):
    end = now.date() - datetime.timedelta(days=days_after_end)
    Session.objects.filter(pk=session.pk).update(exams_start_on=end, exams_end_on=end)
    line = line_of(confirmed, "E1")

    refusal = deferral_refusal(line=line, now=now)

    if allowed:
        assert refusal is None
        request(confirmed, now=now)
    else:
        assert refusal.startswith("Le délai pour demander le report de cette épreuve est dépassé")
        assert "jusqu'au 9 mars 2026 (7 jours après les épreuves)" in refusal
        with pytest.raises(DomainError, match="délai"):
            request(confirmed, now=now)


def test_the_delay_is_a_setting_of_the_session(confirmed, session, now):
    end = now.date() - datetime.timedelta(days=10)
    Session.objects.filter(pk=session.pk).update(
        exams_start_on=end, exams_end_on=end, deferral_days_after_exam=10
    )

    assert request(confirmed, now=now).status == DeferralStatus.PENDING


def test_only_the_two_reasons_of_the_seed_are_accepted(confirmed, now):
    with pytest.raises(DomainError, match="deux motifs"):
        request(confirmed, now=now, reason="family")


def test_request_without_a_next_session_waits_for_it(confirmed, now):
    """Decision: accepted and pending. The candidate's window is a few days after the exams,
    often before UPPCTSC creates the next session; UPPCTSC accepts once it exists."""
    deferral = request(confirmed, now=now)

    with pytest.raises(DomainError, match="Aucune session n'existe encore après"):
        deferral_accept(deferral=deferral, actor=confirmed.candidate.user, now=now, note="")
    deferral.refresh_from_db()
    assert deferral.status == DeferralStatus.PENDING


# --- Accept ---------------------------------------------------------------------------------


def test_accept_carries_the_exam_over_at_the_same_centre(
    confirmed, next_session, centre_a, session, uppctsc, now
):
    deferral = request(confirmed, "E1", now=now)
    before = offer(centre_a, session, "E1").seats_taken

    deferral = deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="Certificat vu.")

    new_line = deferral.carried_over_line
    new = new_line.registration
    assert (new.session, new.centre, new.status) == (next_session, centre_a, Status.CONFIRMED)
    assert new.fee_per_exam == Decimal("0.00") and registration_amounts(new).due == 0
    assert new_line.carried_over_from == line_of(confirmed, "E1")
    original_line = line_of(confirmed, "E1")
    assert (original_line.status, original_line.is_active) == (LineStatus.DEFERRED, False)
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED  # never cancelled
    assert confirmed.payments.count() == 1  # the original payment stays where it was
    assert offer(centre_a, session, "E1").seats_taken == before - 1
    assert offer(centre_a, next_session, "E1").seats_taken == 1
    assert (deferral.status, deferral.decided_by, deferral.target_centre) == (
        DeferralStatus.ACCEPTED,
        uppctsc,
        centre_a,
    )
    decided = confirmed.events.get(kind=EventKind.DEFERRAL_DECIDED)
    assert decided.note.startswith(
        "Report de l'épreuve E1 accepté : elle est reportée à la "
        "session « Décembre 2026 », au centre « Lycée Voltaire »"
    )
    assert decided.note.endswith("Note de l'UPPCTSC : Certificat vu.")
    assert kinds(new) == [EventKind.CARRIED_OVER]
    assert new.events.get().note.startswith("Épreuve E1 reportée depuis la session « Juin 2026 »")


def test_accept_twice_carries_over_once(confirmed, next_session, uppctsc, now):
    deferral = request(confirmed, now=now)

    first = deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")
    second = deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")

    assert first.carried_over_line == second.carried_over_line
    assert Registration.objects.filter(session=next_session).count() == 1
    assert RegistrationEvent.objects.filter(kind=EventKind.DEFERRAL_DECIDED).count() == 1


def test_accept_needs_a_centre_when_the_same_one_does_not_offer_the_exam(
    confirmed, next_session, centre_b, uppctsc, now
):
    deferral = request(confirmed, "E2", now=now)

    with pytest.raises(DomainError, match="ne propose pas l'épreuve E2 à la session"):
        deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")
    assert Registration.objects.filter(session=next_session).count() == 0

    deferral = deferral_accept(
        deferral=deferral, actor=uppctsc, now=now, note="", target_centre=centre_b
    )
    assert deferral.carried_over_line.registration.centre == centre_b
    assert deferral.target_centre == centre_b


def test_accept_refuses_a_chosen_centre_that_is_not_accredited(
    confirmed, next_session, exams, uppctsc, now
):
    closed = CentreFactory(is_accredited=False)
    offers_for(centre=closed, session=next_session, exams=exams[:2])
    deferral = request(confirmed, "E2", now=now)

    with pytest.raises(DomainError, match="ou n'est pas habilité"):
        deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="", target_centre=closed)


def test_a_full_offer_is_refused_unless_uppctsc_overrides_the_capacity(
    confirmed, next_session, centre_a, uppctsc, now
):
    ExamOffer.objects.filter(pk=offer(centre_a, next_session, "E1").pk).update(capacity=0)
    deferral = request(confirmed, now=now)

    with pytest.raises(DomainError, match="Plus de place pour l'épreuve E1 .*capacité : 0"):
        deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")
    assert line_of(confirmed, "E1").status == LineStatus.REQUESTED

    deferral = deferral_accept(
        deferral=deferral, actor=uppctsc, now=now, note="Accord du centre.", override_capacity=True
    )
    target = offer(centre_a, next_session, "E1")
    assert (target.capacity, target.seats_taken) == (1, 1)
    assert deferral.capacity_overridden
    assert deferral.decision_note == (
        "Accord du centre.\nCapacité dépassée : l'épreuve E1 au centre « Lycée Voltaire » "
        "passe de 0 à 1 places pour ce report."
    )


def test_accept_keeps_one_centre_per_session_for_the_candidate(
    confirmed, next_session, exams, centre_b, candidate, uppctsc, now
):
    elsewhere = submit(
        candidate, centre_b, next_session, exams[1:2], now + datetime.timedelta(days=6)
    )
    deferral = request(confirmed, "E1", now=now)

    with pytest.raises(DomainError, match="déjà une demande en cours au centre « CFA Paris"):
        deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")

    deferral = deferral_accept(
        deferral=deferral, actor=uppctsc, now=now, note="", target_centre=centre_b
    )
    assert deferral.carried_over_line.registration.centre == centre_b
    assert elsewhere.centre == centre_b


def test_accept_refuses_an_exam_already_asked_in_the_next_session(
    confirmed, next_session, exams, centre_a, candidate, uppctsc, now
):
    submit(candidate, centre_a, next_session, exams[:1], now + datetime.timedelta(days=6))
    deferral = request(confirmed, "E1", now=now)

    with pytest.raises(DomainError, match="déjà une demande en cours pour l'épreuve E1"):
        deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")


def test_a_carried_over_exam_cannot_be_deferred_again(confirmed, next_session, uppctsc, now):
    """« Le report ne peut se faire qu'une fois » — across two sessions."""
    deferral = deferral_accept(
        deferral=request(confirmed, now=now), actor=uppctsc, now=now, note=""
    )
    carried = deferral.carried_over_line.registration

    with pytest.raises(DomainError, match="déjà été reportée une fois"):
        request(carried, "E1", now=now)
    with pytest.raises(DomainError, match="déjà reportée à la session suivante"):
        request(confirmed, "E1", now=now)


# --- Reject ---------------------------------------------------------------------------------


def test_reject_keeps_the_registration_confirmed(confirmed, next_session, uppctsc, now):
    deferral = request(confirmed, now=now)

    with pytest.raises(DomainError, match="Indiquez le motif du refus"):
        deferral_reject(deferral=deferral, actor=uppctsc, now=now, note="  ")
    deferral = deferral_reject(
        deferral=deferral, actor=uppctsc, now=now, note="Le justificatif est illisible."
    )

    assert deferral.status == DeferralStatus.REJECTED
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED
    line = line_of(confirmed, "E1")
    assert (line.status, line.is_active) == (LineStatus.REQUESTED, True)
    assert not Registration.objects.filter(session=next_session).exists()
    assert confirmed.events.get(kind=EventKind.DEFERRAL_DECIDED).note == (
        "Report de l'épreuve E1 refusé : Le justificatif est illisible. "
        "L'inscription reste validée ; elle n'est ni annulée ni remboursée."
    )
    with pytest.raises(DomainError, match="déjà été tranchée"):
        deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")


def test_after_a_refusal_the_candidate_may_ask_again_with_a_better_document(
    confirmed, uppctsc, now
):
    deferral_reject(
        deferral=request(confirmed, now=now), actor=uppctsc, now=now, note="Illisible."
    )

    again = request(confirmed, now=now, reason=Reason.EMPLOYER)

    assert again.status == DeferralStatus.PENDING
    assert Deferral.objects.filter(line=again.line).count() == 2


def test_the_deadline_is_counted_in_the_centres_own_time_zone(candidate, session, exams, now):
    """At NOW (10 March, 09:00 UTC) it is still 9 March in Papeete: the last day there."""
    tahiti = CentreFactory(department_code="987", city="Papeete")
    offers_for(centre=tahiti, session=session, exams=exams[:1])
    staff = StaffFactory(centre=tahiti)
    registration = advance(
        submit(candidate, tahiti, session, exams[:1], now), to="confirmed", actor=staff, now=now
    )
    end = datetime.date(2026, 3, 2)  # deadline: 9 March
    Session.objects.filter(pk=session.pk).update(exams_start_on=end, exams_end_on=end)

    assert deferral_refusal(line=line_of(registration, "E1"), now=now) is None
    later = now + datetime.timedelta(hours=11)  # 10 March, 00:00 in Papeete
    assert "dépassé" in deferral_refusal(line=line_of(registration, "E1"), now=later)
