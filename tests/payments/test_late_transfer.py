"""A transfer made before the deadline but received after the expiry (pretix's users' lesson):
the request is reinstated if its seats are still free, refused clearly otherwise."""

import datetime
from decimal import Decimal

import pytest

from centres.models import ExamOffer
from certifup.errors import DomainError
from notifications.models import OutboundMail
from payments.models import Method, Payment
from payments.services import payment_record
from registrations.models import Status
from tests.factories import CandidateFactory, advance, submit

pytestmark = pytest.mark.django_db

# Pre-validated at NOW: due Friday 13 March 2026, 10:00 in Paris.
DEADLINE_DAY = datetime.date(2026, 3, 13)
LATER = datetime.datetime(2026, 3, 17, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def expired(candidate, centre_a, session, exams, staff_a, now):
    return advance(submit(candidate, centre_a, session, exams[:2]), to=Status.EXPIRED,
                   actor=staff_a)  # fmt: skip


def transfer(registration, actor, received_on, amount=Decimal("100.00")):
    return payment_record(
        registration=registration,
        actor=actor,
        now=LATER,
        amount=amount,
        method=Method.TRANSFER,
        received_on=received_on,
        reference="VIR 20260313",
    )


def seats(centre, exams) -> list[int]:
    return list(
        ExamOffer.objects.filter(centre=centre, exam__in=exams)
        .order_by("exam__code")
        .values_list("seats_taken", flat=True)
    )


def test_a_transfer_received_by_the_deadline_day_reinstates_and_pays_the_request(
    expired, staff_a, centre_a, exams, mailoutbox, django_capture_on_commit_callbacks
):
    assert seats(centre_a, exams[:2]) == [0, 0]
    with django_capture_on_commit_callbacks(execute=True):
        payment = transfer(expired, staff_a, received_on=DEADLINE_DAY)

    expired.refresh_from_db()
    assert expired.status == Status.PAID and expired.closed_at is None
    assert payment.received_on == DEADLINE_DAY
    assert seats(centre_a, exams[:2]) == [1, 1]
    assert expired.lines.filter(is_active=True).count() == 2
    moves = list(expired.events.values_list("from_status", "to_status", "note"))[-2:]
    assert moves == [
        (Status.EXPIRED, Status.PRE_VALIDATED,
         "Rétablie : règlement reçu le 13 mars 2026, avant l'échéance"),
        (Status.PRE_VALIDATED, Status.PAID, ""),
    ]  # fmt: skip
    [message] = mailoutbox
    assert message.subject == f"Demande {expired.reference} rétablie : règlement reçu"
    assert not OutboundMail.objects.filter(registration=expired, template="pre_validated",
                                           created_at=LATER).exists()  # fmt: skip


def test_a_transfer_received_after_the_deadline_day_is_refused(expired, staff_a):
    with pytest.raises(DomainError) as refusal:
        transfer(expired, staff_a, received_on=DEADLINE_DAY + datetime.timedelta(days=1))

    assert refusal.value.message == (
        "Ce règlement a été reçu le 14 mars 2026, après l'échéance du 13 mars 2026 : la "
        "demande a expiré et ne peut pas être rétablie. Le candidat peut faire une nouvelle "
        "demande."
    )
    expired.refresh_from_db()
    assert expired.status == Status.EXPIRED and not Payment.objects.exists()


def test_seats_given_to_others_meanwhile_refuse_the_reinstatement(
    expired, staff_a, centre_a, session, exams
):
    ExamOffer.objects.filter(centre=centre_a, exam=exams[1]).update(capacity=1)
    advance(submit(CandidateFactory(), centre_a, session, exams[1:2]), to=Status.PRE_VALIDATED,
            actor=staff_a)  # fmt: skip

    with pytest.raises(DomainError) as refusal:
        transfer(expired, staff_a, received_on=DEADLINE_DAY)

    assert refusal.value.message.startswith(
        "La demande ne peut pas être rétablie : Plus de place pour l'épreuve E2"
    )
    expired.refresh_from_db()
    assert expired.status == Status.EXPIRED
    assert seats(centre_a, exams[:2]) == [0, 1]
    assert expired.lines.filter(is_active=True).count() == 0


def test_a_new_request_by_the_candidate_refuses_the_reinstatement(
    expired, candidate, staff_a, centre_b, session, exams
):
    submit(candidate, centre_b, session, exams[:1])
    with pytest.raises(DomainError, match="le candidat a fait depuis une autre demande"):
        transfer(expired, staff_a, received_on=DEADLINE_DAY)
    expired.refresh_from_db()
    assert expired.status == Status.EXPIRED


def test_a_wrong_amount_leaves_the_request_expired(expired, staff_a, centre_a, exams):
    with pytest.raises(DomainError, match="Le montant attendu est de 100,00 €"):
        transfer(expired, staff_a, received_on=DEADLINE_DAY, amount=Decimal("50.00"))
    expired.refresh_from_db()
    assert expired.status == Status.EXPIRED
    assert seats(centre_a, exams[:2]) == [0, 0]
