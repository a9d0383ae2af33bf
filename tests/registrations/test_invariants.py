"""Invariants 1 and 2 are one check (``registrations.invariants``) for the three moves that
create or revive active lines; each words the refusal for its reader. The submit's and the
carry-over's wording are in test_submit.py and tests/deferrals/test_services.py; here, the
reinstatement, which is now judged by the same two rules as the others."""

import pytest

from certifup.errors import DomainError
from registrations.invariants import active_lines_clash
from registrations.models import Status
from tests.factories import advance, submit
from tests.registrations.test_reinstatement_race import transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired(candidate, centre_a, session, exams, staff_a, now):
    """The candidate's E1 at centre A, expired; the transfer was made in time."""
    return advance(submit(candidate, centre_a, session, exams[:1], now), to=Status.EXPIRED,
                   actor=staff_a, now=now)  # fmt: skip


def test_the_clash_names_the_other_centre_and_the_exams_already_asked(
    candidate, centre_a, centre_b, session, exams, now
):
    elsewhere = submit(candidate, centre_b, session, exams[:2], now)

    clash = active_lines_clash(
        candidate_id=candidate.pk,
        session_id=session.pk,
        centre_id=centre_a.pk,
        exam_ids=[exams[1].pk, exams[2].pk],
    )

    assert (clash.elsewhere, clash.taken) == (elsewhere, ("E2",))
    assert active_lines_clash(
        candidate_id=candidate.pk,
        session_id=session.pk,
        centre_id=centre_b.pk,
        exam_ids=[exams[2].pk],
    ) is None  # fmt: skip


def test_a_new_request_for_the_same_exam_refuses_the_reinstatement(
    expired, candidate, centre_a, session, exams, staff_a, now
):
    submit(candidate, centre_a, session, exams[:1], now)

    with pytest.raises(DomainError) as refusal:
        transfer(expired, staff_a, now)

    assert refusal.value.message == (
        "La demande ne peut pas être rétablie : le candidat a fait depuis une autre demande "
        "pour cette session (avec l'épreuve E1)."
    )
    expired.refresh_from_db()
    assert expired.status == Status.EXPIRED


def test_a_request_elsewhere_is_named_in_the_refusal(
    expired, candidate, centre_b, session, exams, staff_a, now
):
    other = submit(candidate, centre_b, session, exams[1:2], now)

    with pytest.raises(DomainError) as refusal:
        transfer(expired, staff_a, now)

    assert refusal.value.message == (
        "La demande ne peut pas être rétablie : le candidat a fait depuis une autre demande "
        f"pour cette session ({other.reference}, au centre « CFA Paris Est »)."
    )


def test_another_exam_asked_meanwhile_at_the_same_centre_lets_the_payment_in(
    expired, candidate, centre_a, session, exams, staff_a, now
):
    """Decision: the reinstatement follows invariants 1 and 2 like every other move (before,
    any other active request refused it). The candidate paid E1 in time and asked E2 since, at
    the same centre: both stand, as they would have without the expiry."""
    forgotten = submit(candidate, centre_a, session, exams[1:2], now)

    transfer(expired, staff_a, now)

    expired.refresh_from_db()
    forgotten.refresh_from_db()
    assert (expired.status, forgotten.status) == (Status.PAID, Status.SUBMITTED)
