import datetime
from decimal import Decimal

from django.db import transaction

from candidates.models import User
from certifup.errors import DomainError
from certifup.formats import euros
from payments.models import Method, Payment
from registrations.models import Registration, Status
from registrations.money import registration_amounts
from registrations.reinstatement import registration_reinstate_late_payment
from registrations.services import registration_mark_financed, registration_mark_paid

PAID_METHODS = {Method.CHEQUE, Method.TRANSFER, Method.CASH, Method.CARD}


def payment_record(
    *,
    registration: Registration,
    actor: User,
    now: datetime.datetime,
    amount: Decimal,
    method: str,
    received_on: datetime.date,
    reference: str = "",
) -> Payment:
    """Step 4: the centre received the fee. Safe to run twice: the second call is refused."""
    if method not in PAID_METHODS:
        raise DomainError("Choisissez un mode de règlement valide.")
    with transaction.atomic():
        # A transfer made in time but received after the expiry brings the request back first.
        registration_reinstate_late_payment(
            registration=registration, actor=actor, now=now, received_on=received_on
        )
        registration = _lock_pre_validated(registration)
        expected = registration_amounts(registration).due
        if amount != expected:
            raise DomainError(
                f"Le montant attendu est de {euros(expected)} "
                f"({euros(registration.fee_per_exam)} par épreuve) ; "
                f"{euros(amount)} ne correspond pas."
            )
        payment = Payment.objects.create(
            registration=registration,
            amount=amount,
            method=method,
            received_on=received_on,
            reference=reference,
            recorded_by=actor,
            recorded_at=now,
        )
        registration_mark_paid(registration=registration, actor=actor, now=now, amount=amount)
    return payment


def payment_record_financing(
    *,
    registration: Registration,
    actor: User,
    now: datetime.datetime,
    training_body: str,
) -> Payment:
    """« Prise en charge par la formation » : the trainee pays nothing, the centre confirms."""
    training_body = training_body.strip()
    if not training_body:
        raise DomainError("Indiquez l'organisme de formation qui prend en charge les frais.")
    with transaction.atomic():
        registration = _lock_pre_validated(registration)
        payment = Payment.objects.create(
            registration=registration,
            amount=Decimal("0.00"),
            method=Method.TRAINING,
            received_on=now.date(),
            training_body=training_body,
            recorded_by=actor,
            recorded_at=now,
        )
        registration_mark_financed(
            registration=registration, actor=actor, now=now, training_body=training_body
        )
    return payment


def _lock_pre_validated(registration: Registration) -> Registration:
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.financed_by_training:
        raise DomainError(
            "La prise en charge de cette demande est déjà enregistrée : aucun règlement n'est dû."
        )
    if registration.status in {Status.PAID, Status.CONFIRMED}:
        raise DomainError("Le règlement de cette demande est déjà enregistré.")
    if registration.status != Status.PRE_VALIDATED:
        raise DomainError(
            "Un règlement ne s'enregistre que sur une demande pré-validée "
            f"(statut actuel : « {registration.get_status_display()} »)."
        )
    return registration
