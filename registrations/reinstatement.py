"""A payment made in time that reaches the centre after its request expired.

A bank transfer, typically: the candidate paid before the deadline, the centre sees it days
later, after the sweep has expired the request. ``payments.services.payment_record`` calls
``registration_reinstate_late_payment`` first, then records the payment under the same lock.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import formats

from candidates.models import User
from certifup.errors import DomainError
from registrations.invariants import Clash, active_lines_clash, lock_candidate
from registrations.models import Registration, Status
from registrations.seats import NoSeatLeft
from registrations.transitions import lock, move, requested_lines, take_seats


def registration_reinstate_late_payment(
    *,
    registration: Registration,
    actor: User,
    now: datetime.datetime,
    received_on: datetime.date,
) -> Registration:
    """A payment made in time (a bank transfer, typically) reached the centre after the
    request expired: the request comes back to pre-validated, if its seats are still free.
    Called by ``payments.services.payment_record``, which records the payment right after."""
    with transaction.atomic():
        # The candidate first (lock order: candidate, registration, offers): a submit or another
        # reinstatement for the same candidate waits, then sees this one (invariants 1 and 2).
        lock_candidate(registration.candidate_id)
        registration = lock(registration)
        if registration.status != Status.EXPIRED:
            return registration
        # Expired from pre-validated, where the deadline is set (a constraint of the table).
        assert registration.payment_due_at is not None
        zone = registration.centre.department.territory.timezone
        deadline_day = registration.payment_due_at.astimezone(zone).date()
        if received_on > deadline_day:
            raise DomainError(
                f"Ce règlement a été reçu le {_date_fr(received_on)}, après l'échéance du "
                f"{_date_fr(deadline_day)} : la demande a expiré et ne peut pas être rétablie. "
                "Le candidat peut faire une nouvelle demande."
            )
        _require_still_alone(registration)
        try:
            take_seats(registration, now=now)
        except NoSeatLeft as error:
            raise DomainError(f"La demande ne peut pas être rétablie : {error.message}") from error
        registration.closed_at = None
        registration.save(update_fields=["closed_at"])
        move(
            registration,
            action="reinstate",
            actor=actor,
            now=now,
            note=f"Rétablie : règlement reçu le {_date_fr(received_on)}, avant l'échéance",
        )
    return registration


def _require_still_alone(registration: Registration) -> None:
    """Invariants 1 and 2 again: meanwhile the candidate may have asked elsewhere."""
    lines = list(requested_lines(registration))
    clash = active_lines_clash(
        candidate_id=registration.candidate_id,
        session_id=registration.session_id,
        centre_id=registration.centre_id,
        exam_ids=[line.exam_id for line in lines],
        excluding=registration,
    )
    if clash is not None:
        raise DomainError(
            "La demande ne peut pas être rétablie : le candidat a fait depuis une autre "
            f"demande pour cette session ({_clash_text(clash)})."
        )
    try:
        with transaction.atomic():
            requested_lines(registration).update(is_active=True)
    except IntegrityError as error:  # pragma: no cover — guarded by the check above
        raise DomainError(
            "La demande ne peut pas être rétablie : l'une de ses épreuves est déjà demandée."
        ) from error


def _clash_text(clash: Clash) -> str:
    if clash.elsewhere is not None:
        return f"{clash.elsewhere.reference}, au centre « {clash.elsewhere.centre.name} »"
    return f"avec l'épreuve {', '.join(clash.taken)}"


def _date_fr(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")
