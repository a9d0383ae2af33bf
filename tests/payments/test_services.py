"""Recording what the centre received: the exact fee, or the training body's financing."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certifup.errors import DomainError
from payments.models import Method, Payment
from payments.services import payment_record, payment_record_financing
from registrations.models import EventKind, Registration, Status
from registrations.services import registration_confirm
from tests.factories import advance, finance, pay, submit

pytestmark = pytest.mark.django_db


def record(registration: Registration, *, actor, now, amount: str, method: str = Method.CHEQUE):
    return payment_record(
        registration=registration,
        actor=actor,
        now=now,
        amount=Decimal(amount),
        method=method,
        received_on=datetime.date(2026, 3, 9),
        reference="Chèque n° 0004321",
    )


def unchanged(registration: Registration) -> tuple:
    registration.refresh_from_db()
    return (
        registration.status,
        registration.financed_by_training,
        Payment.objects.count(),
        registration.events.count(),
    )


@pytest.fixture
def pre_validated(candidate, centre_a, session, exams, staff_a, now):
    """The candidate's request for E1 and E2 at centre A, pre-validated: 100,00 € due."""
    registration = submit(candidate, centre_a, session, exams[:2], now)
    return advance(registration, to=Status.PRE_VALIDATED, actor=staff_a, now=now)


def test_the_exact_fee_marks_the_request_paid(pre_validated, staff_a, now):
    payment = record(pre_validated, actor=staff_a, now=now, amount="100.00")

    pre_validated.refresh_from_db()
    assert pre_validated.status == Status.PAID
    assert pre_validated.paid_at == now
    assert Payment.objects.get() == payment
    assert (payment.amount, payment.method, payment.recorded_by, payment.recorded_at) == (
        Decimal("100.00"),
        Method.CHEQUE,
        staff_a,
        now,
    )
    event = pre_validated.events.last()
    assert (event.from_status, event.to_status, event.actor) == (
        Status.PRE_VALIDATED,
        Status.PAID,
        staff_a,
    )


def test_recording_a_payment_locks_the_request(pre_validated, staff_a, now):
    with CaptureQueriesContext(connection) as queries:
        record(pre_validated, actor=staff_a, now=now, amount="100.00")

    assert any(
        'FROM "registrations_registration"' in q["sql"] and "FOR UPDATE" in q["sql"]
        for q in queries.captured_queries
    )


@pytest.mark.parametrize("amount", ["50.00", "150.00", "99.99"])
def test_a_wrong_amount_is_refused_naming_the_expected_figure(pre_validated, staff_a, now, amount):
    before = unchanged(pre_validated)

    with pytest.raises(DomainError) as error:
        record(pre_validated, actor=staff_a, now=now, amount=amount)

    shown = amount.replace(".", ",")
    assert error.value.message == (
        f"Le montant attendu est de 100,00 € (50,00 € par épreuve) ; {shown} € ne correspond pas."
    )
    assert unchanged(pre_validated) == before


def test_a_financing_is_not_a_payment_method(pre_validated, staff_a, now):
    before = unchanged(pre_validated)

    with pytest.raises(DomainError) as error:
        record(pre_validated, actor=staff_a, now=now, amount="100.00", method=Method.TRAINING)

    assert error.value.message == "Choisissez un mode de règlement valide."
    assert unchanged(pre_validated) == before


@pytest.mark.parametrize("status", [Status.PAID, Status.CONFIRMED])
def test_a_second_payment_is_refused(pre_validated, staff_a, now, status):
    pay(pre_validated, actor=staff_a, now=now)
    if status == Status.CONFIRMED:
        registration_confirm(registration=pre_validated, actor=staff_a, now=now)
    before = unchanged(pre_validated)

    with pytest.raises(DomainError) as error:
        record(pre_validated, actor=staff_a, now=now, amount="100.00")

    assert error.value.message == "Le règlement de cette demande est déjà enregistré."
    assert unchanged(pre_validated) == before


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Status.SUBMITTED, "soumise"),
        (Status.REFUSED, "refusée"),
        (Status.WITHDRAWN, "retirée"),
        # Expired: a payment received by the deadline reinstates it (test_late_transfer.py).
    ],
)
def test_a_payment_needs_a_pre_validated_request(
    candidate, centre_a, session, exams, staff_a, now, status, shown
):
    registration = submit(candidate, centre_a, session, exams[:2], now)
    if status != Status.SUBMITTED:
        advance(registration, to=status, actor=staff_a, now=now)
    before = unchanged(registration)

    with pytest.raises(DomainError) as error:
        record(registration, actor=staff_a, now=now, amount="100.00")

    assert error.value.message == (
        "Un règlement ne s'enregistre que sur une demande pré-validée "
        f"(statut actuel : « {shown} »)."
    )
    assert unchanged(registration) == before


# --- Financing by the training body -------------------------------------------------------


def test_financing_is_recorded_as_a_zero_payment_and_allows_confirming(
    pre_validated, staff_a, now
):
    payment = payment_record_financing(
        registration=pre_validated, actor=staff_a, now=now, training_body=" Greta Paris Centre "
    )

    pre_validated.refresh_from_db()
    assert (pre_validated.status, pre_validated.financed_by_training) == (
        Status.PRE_VALIDATED,
        True,
    )
    assert pre_validated.training_body == "Greta Paris Centre"
    assert (payment.amount, payment.method, payment.training_body) == (
        Decimal("0.00"),
        Method.TRAINING,
        "Greta Paris Centre",
    )
    event = pre_validated.events.last()
    assert (event.kind, event.actor, event.note) == (
        EventKind.FINANCING,
        staff_a,
        "Prise en charge par la formation : Greta Paris Centre",
    )
    confirmed = registration_confirm(registration=pre_validated, actor=staff_a, now=now)
    assert confirmed.status == Status.CONFIRMED


@pytest.mark.parametrize("training_body", ["", "   "])
def test_financing_without_a_training_body_is_refused(pre_validated, staff_a, now, training_body):
    before = unchanged(pre_validated)

    with pytest.raises(DomainError) as error:
        payment_record_financing(
            registration=pre_validated, actor=staff_a, now=now, training_body=training_body
        )

    assert (
        error.value.message == "Indiquez l'organisme de formation qui prend en charge les frais."
    )
    assert unchanged(pre_validated) == before


def test_financing_twice_is_refused(pre_validated, staff_a, now):
    finance(pre_validated, actor=staff_a, now=now)
    before = unchanged(pre_validated)

    with pytest.raises(DomainError) as error:
        finance(pre_validated, actor=staff_a, now=now)

    assert error.value.message == (
        "La prise en charge de cette demande est déjà enregistrée : aucun règlement n'est dû."
    )
    assert unchanged(pre_validated) == before


def test_financing_needs_a_pre_validated_request(
    candidate, centre_a, session, exams, staff_a, now
):
    registration = submit(candidate, centre_a, session, exams[:1], now)
    before = unchanged(registration)

    with pytest.raises(DomainError, match="statut actuel : « soumise »"):
        finance(registration, actor=staff_a, now=now)

    assert unchanged(registration) == before


def test_a_financed_request_is_not_charged_the_fee_as_well(pre_validated, staff_a, now):
    finance(pre_validated, actor=staff_a, now=now)
    before = unchanged(pre_validated)

    with pytest.raises(DomainError, match="aucun règlement n'est dû"):
        record(pre_validated, actor=staff_a, now=now, amount="100.00")

    assert unchanged(pre_validated) == before
