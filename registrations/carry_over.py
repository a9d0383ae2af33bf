"""An accepted deferral's exam moves to the next session: a new confirmed request there with
its one line and seat, the original line marked deferred and its seat given back.

The deferral app decides (its rules, UPPCTSC's ruling, the target offer); this service writes
the registrations' rows, under the same locks and checks as every move that creates active
lines. Called by ``deferrals.services.deferral_accept`` inside its transaction, the deferral
row locked first (lock order: deferral, candidate, registration, offers)."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from candidates.models import User
from centres.models import ExamOffer
from certifup.errors import DomainError
from registrations import seats, waiting
from registrations.invariants import active_lines_clash, lock_candidate
from registrations.models import EventKind, LineStatus, Registration, RegistrationExam, Status
from registrations.transitions import create, lock, record_event


@dataclass(frozen=True)
class CarryOver:
    line: RegistrationExam
    capacity_note: str  # empty unless UPPCTSC overrode a full offer


def registration_carry_over(
    *,
    line: RegistrationExam,
    offer: ExamOffer,
    override_capacity: bool,
    actor: User,
    now: datetime.datetime,
    key: uuid.UUID,
) -> CarryOver:
    """``line``'s exam carried over to ``offer`` (the next session's, chosen by the deferral
    app), without a new payment. ``key`` is the new request's submission key: derived from the
    deferral, a second carry-over of it collides instead of creating a second request."""
    if offer.exam_id != line.exam_id:
        raise ValueError("A carry-over keeps the exam: the offer is for another exam.")
    lock_candidate(line.candidate_id)
    original = lock(line.registration)
    line.refresh_from_db(fields=["status", "is_active"])  # read again under the lock
    if original.status != Status.CONFIRMED or line.status != LineStatus.REQUESTED:
        raise DomainError(
            "Cette épreuve n'est plus une épreuve confirmée : il n'y a rien à reporter."
        )
    _check_next_session(line=line, offer=offer)
    capacity_note = _move_seat(line=line, offer=offer, override=override_capacity)
    # The seat the exam leaves goes to the waiting list, in this transaction.
    waiting.waiting_offer_freed(offer_ids=[line.exam_offer_id], now=now)
    line.status = LineStatus.DEFERRED
    line.is_active = False
    line.save(update_fields=["status", "is_active"])
    new_line = _new_line(line=line, offer=offer, original=original, now=now, key=key)
    record_event(
        new_line.registration,
        kind=EventKind.CARRIED_OVER,
        actor=actor,
        now=now,
        to_status=new_line.registration.status,
        note=(
            f"Épreuve {line.exam.code} reportée depuis la session « {line.session} » "
            f"(demande {original.reference}), sans nouveau règlement."
        ),
    )
    return CarryOver(line=new_line, capacity_note=capacity_note)


def _check_next_session(*, line: RegistrationExam, offer: ExamOffer) -> None:
    """Invariants 1 and 2 in the next session, with a message for UPPCTSC."""
    clash = active_lines_clash(
        candidate_id=line.candidate_id,
        session_id=offer.session_id,
        centre_id=offer.centre_id,
        exam_ids=[line.exam_id],
    )
    if clash is not None and clash.elsewhere is not None:
        elsewhere = clash.elsewhere
        raise DomainError(
            f"Le candidat a déjà une demande en cours au centre « {elsewhere.centre.name} » "
            f"pour la session « {offer.session} » ({elsewhere.reference}) : toutes ses "
            "épreuves d'une session se passent dans le même centre. Choisissez ce centre."
        )
    if clash is not None:
        raise DomainError(
            f"Le candidat a déjà une demande en cours pour l'épreuve {line.exam.code} à la "
            f"session « {offer.session} » : elle ne peut pas y être reportée en plus."
        )


def _move_seat(*, line: RegistrationExam, offer: ExamOffer, override: bool) -> str:
    """Takes a seat in ``offer`` and gives back the original one: the exam is not sat there.
    Returns the note of a capacity override, or an empty string."""
    try:
        full = seats.move_one(
            source_id=line.exam_offer_id, target_id=offer.pk, override_capacity=override
        )
    except seats.NoSeatLeft as error:
        raise DomainError(
            f"Plus de place pour l'épreuve {offer.exam.code} au centre "
            f"« {offer.centre.name} » à la session « {offer.session} » (capacité : "
            f"{error.offer.capacity}, toutes les places sont prises). Cochez « Dépasser la "
            "capacité » pour l'accepter tout de même."
        ) from error
    if full is None:
        return ""
    return (
        f"Capacité dépassée : l'épreuve {offer.exam.code} au centre « {offer.centre.name} » "
        f"passe de {full.capacity} à {full.capacity + 1} places pour ce report."
    )


def _new_line(
    *,
    line: RegistrationExam,
    offer: ExamOffer,
    original: Registration,
    now: datetime.datetime,
    key: uuid.UUID,
) -> RegistrationExam:
    """A new confirmed registration in the next session, fee 0: the original payment stays on
    the original registration, which the line points back to."""
    try:
        with transaction.atomic():
            registration = create(
                action="carry_over",
                candidate_id=line.candidate_id,
                session=offer.session,
                centre=offer.centre,
                submission_key=key,
                fee_per_exam=Decimal("0.00"),
                financed_by_training=original.financed_by_training,
                training_body=original.training_body,
                submitted_at=now,
                confirmed_at=now,
            )
            return RegistrationExam.objects.create(
                registration=registration,
                exam_offer=offer,
                candidate_id=line.candidate_id,
                session=offer.session,
                exam_id=line.exam_id,
                carried_over_from=line,
            )
    except IntegrityError as error:  # the database's guards of invariants 1 and 2
        raise DomainError(
            "Le report est impossible : le candidat a déjà une demande en cours incompatible "
            f"à la session « {offer.session} »."
        ) from error
