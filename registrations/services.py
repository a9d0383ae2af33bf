"""Every change of a request's state happens here, in one transaction, on a locked row.

Each function locks the registration, returns early when it is already in the target state,
raises ``DomainError`` (French message) when the move is not allowed, saves with
``update_fields`` and writes one timeline event. Views, admin actions, tasks and commands call
these functions; none of them changes a status or a seat count itself. The allowed moves are
the table of ``states``, checked by ``transitions.move``; seats change in ``seats`` only;
invariants 1 and 2 are checked by ``invariants``, under the candidate's lock. The submit, the
rush path, is ``submission`` (re-exported here). Rarer moves live beside this module, on the
same building blocks: the reinstatement after a late transfer
(``reinstatement``), an accepted deferral's carry-over (``carry_over``) and the « aucun
centre » alert (``alerts``).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from candidates.models import User
from centres.models import Centre
from certifup.errors import DomainError
from registrations import seats, waiting
from registrations.centre_hours import centre_deadline
from registrations.models import (
    SEAT_HOLDING_STATUSES,
    EventKind,
    LineStatus,
    Registration,
    RegistrationExam,
    Status,
)
from registrations.money import registration_amounts
from registrations.states import move_refusal, require_move
from registrations.submission import registration_submit as registration_submit  # re-exported
from registrations.submission import (  # re-exported
    registration_submit_once as registration_submit_once,
)
from registrations.transitions import (
    close,
    close_many,
    lock,
    move,
    require,
    take_seats,
)
from registrations.transitions import record_event as record_event  # re-exported


def registration_pre_validate(
    *, registration: Registration, actor: User, now: datetime.datetime
) -> Registration:
    """Step 2: the centre takes a seat in every exam and starts the payment clock."""
    with transaction.atomic():
        registration = lock(registration)
        if registration.status == Status.PRE_VALIDATED:
            return registration
        require_move(registration, "pre_validate")
        take_seats(registration, now=now)
        registration.pre_validated_at = now
        registration.payment_due_at = payment_deadline(centre=registration.centre, start=now)
        move(
            registration,
            action="pre_validate",
            actor=actor,
            now=now,
            fields=["pre_validated_at", "payment_due_at"],
        )
    return registration


def payment_deadline(*, centre: Centre, start: datetime.datetime) -> datetime.datetime:
    """The one computation of a payment deadline: at pre-validation, and again from the same
    start when a closure is declared later (``closures.closure_declare``)."""
    return centre_deadline(
        centre=centre, start=start, hours=settings.PAYMENT_DEADLINE_WORKING_HOURS
    )


def registration_refuse(
    *, registration: Registration, actor: User, now: datetime.datetime, reason: str
) -> Registration:
    reason = reason.strip()
    if not reason:
        raise DomainError("Indiquez le motif du refus : il est communiqué au candidat.")
    with transaction.atomic():
        registration = lock(registration)
        if registration.status == Status.REFUSED:
            return registration
        require_move(registration, "refuse")
        registration.refusal_reason = reason
        close(
            registration,
            action="refuse",
            actor=actor,
            now=now,
            note=reason,
            fields=["refusal_reason"],
        )
    return registration


def registration_mark_paid(
    *, registration: Registration, actor: User, now: datetime.datetime, amount: Decimal
) -> Registration:
    """Called by ``payments.services`` under the same lock, once the payment row is written.
    The amount received is recorded here, once: a later deferral never rewrites it."""
    require_move(registration, "record_payment")
    registration.paid_at = now
    registration.amount_paid = amount
    move(
        registration,
        action="record_payment",
        actor=actor,
        now=now,
        fields=["paid_at", "amount_paid"],
    )
    return registration


def registration_mark_financed(
    *, registration: Registration, actor: User, now: datetime.datetime, training_body: str
) -> Registration:
    """The training body pays: no payment is due, the centre may confirm directly."""
    require(registration, {Status.PRE_VALIDATED}, "enregistrer la prise en charge de")
    registration.amount_financed = registration_amounts(registration).due
    registration.financed_by_training = True
    registration.training_body = training_body
    registration.save(update_fields=["financed_by_training", "training_body", "amount_financed"])
    record_event(
        registration,
        kind=EventKind.FINANCING,
        actor=actor,
        now=now,
        note=f"Prise en charge par la formation : {training_body}",
    )
    return registration


def registration_confirm(
    *, registration: Registration, actor: User, now: datetime.datetime
) -> Registration:
    """Step 4: « inscription définitive ». Then it can be neither cancelled nor refunded."""
    with transaction.atomic():
        registration = lock(registration)
        if registration.status == Status.CONFIRMED:
            return registration
        refusal = move_refusal(registration, "confirm")
        if refusal is not None:
            raise DomainError(refusal)
        registration.confirmed_at = now
        move(registration, action="confirm", actor=actor, now=now, fields=["confirmed_at"])
    return registration


def registration_expire(*, registration: Registration, now: datetime.datetime) -> Registration:
    """The payment deadline passed without payment nor financing: the seats go back."""
    with transaction.atomic():
        registration = lock(registration)
        if registration.status == Status.EXPIRED:
            return registration
        require_move(registration, "expire")
        if registration.financed_by_training:
            raise DomainError(
                "Cette demande est prise en charge par la formation : elle n'expire pas."
            )
        # Only a pre-validated request expires, and it has its deadline (a table constraint).
        assert registration.payment_due_at is not None
        if registration.payment_due_at > now:
            raise DomainError("Le délai de règlement de cette demande n'est pas dépassé.")
        close(
            registration, action="expire", actor=None, now=now, note="Délai de règlement dépassé"
        )
    return registration


EXPIRY_BATCH = 500


def registrations_expire_overdue(*, now: datetime.datetime, batch: int = EXPIRY_BATCH) -> int:
    """Periodic sweep: the writes of ``registration_expire``, a few hundred requests per
    transaction with set-based statements (the benchmark's expiry of 10,000 requests). Safe
    when runs overlap: rows another run holds are skipped (SKIP LOCKED), and a request paid
    meanwhile no longer matches; running it again finds nothing to do."""
    expired = 0
    while True:
        with transaction.atomic():
            ids = list(
                Registration.objects.select_for_update(skip_locked=True)
                .filter(
                    status=Status.PRE_VALIDATED,
                    financed_by_training=False,
                    payment_due_at__lte=now,
                )
                # The oldest deadlines first, along the index registration_due: in pk order
                # the planner walked the whole table past the expired rows (0.3 s a batch).
                .order_by("payment_due_at", "pk")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                return expired
            close_many(ids, action="expire", now=now, note="Délai de règlement dépassé")
        expired += len(ids)


def registration_withdraw(
    *, registration: Registration, actor: User, now: datetime.datetime
) -> Registration:
    """The candidate takes back a request the centre has not been paid for yet."""
    with transaction.atomic():
        registration = lock(registration)
        if registration.status == Status.WITHDRAWN:
            return registration
        require_move(registration, "withdraw")
        close(
            registration, action="withdraw", actor=actor, now=now, note="Retirée par le candidat"
        )
    return registration


def registration_remove_exam(
    *, line: RegistrationExam, actor: User, now: datetime.datetime, reason: str
) -> Registration:
    """The centre removes an exam asked by mistake, before confirmation. The line is kept
    (removed, with its reason), its seat goes back and the amount due follows; a request left
    with no exam ends withdrawn, like one the candidate takes back."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Indiquez le motif du retrait de l'épreuve.")
    with transaction.atomic():
        registration = lock(line.registration)
        line = RegistrationExam.objects.select_for_update().select_related("exam").get(pk=line.pk)
        if line.status == LineStatus.REMOVED:
            return registration
        # Once paid, removing an exam would mean a refund, which the seed rules out.
        require(registration, {Status.SUBMITTED, Status.PRE_VALIDATED}, "retirer une épreuve sur")
        if line.status != LineStatus.REQUESTED:
            raise DomainError(
                f"L'épreuve {line.exam.code} est « {line.get_status_display()} » : "
                "elle ne peut plus être retirée."
            )
        if registration.status in SEAT_HOLDING_STATUSES:
            seats.release([line.exam_offer_id])
            waiting.waiting_offer_freed(offer_ids=[line.exam_offer_id], now=now)
        else:
            waiting.waiting_release(
                registration=registration, now=now, offer_ids=[line.exam_offer_id]
            )
        line.status = LineStatus.REMOVED
        line.is_active = False
        line.removal_reason = reason
        line.save(update_fields=["status", "is_active", "removal_reason"])
        record_event(
            registration,
            kind=EventKind.EXAM_REMOVED,
            actor=actor,
            now=now,
            note=f"{line.exam.code} : {reason}",
        )
        if not registration.lines.filter(status=LineStatus.REQUESTED).exists():
            close(
                registration,
                action="withdraw",
                actor=actor,
                now=now,
                note="Plus aucune épreuve demandée",
            )
    return registration
