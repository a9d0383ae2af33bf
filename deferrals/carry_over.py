"""The exam of an accepted deferral moves to the next session: a confirmed line there, the seat
taken in the next session's offer, the original line marked deferred and its seat given back.
Called by ``deferral_accept`` only, inside its transaction, with the deferral row locked."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

from candidates.models import Candidate, User
from centres.models import Centre, ExamOffer, Session
from registrations.errors import RegistrationError
from registrations.models import (
    ACTIVE_STATUSES,
    EventKind,
    LineStatus,
    Registration,
    RegistrationExam,
    Status,
)
from registrations.services import record_event

# The carried-over registration's submission key derives from the deferral: a second
# carry-over of the same request would collide on the unique key.
CARRY_OVER_KEYS = uuid.UUID("0b6f7c1a-3d5e-4c1b-9a4f-6e2d8c7b5a19")


@dataclass(frozen=True)
class CarryOver:
    line: RegistrationExam
    capacity_note: str  # empty unless UPPCTSC overrode a full offer


def carry_over(
    *,
    deferral,
    actor: User,
    now: datetime.datetime,
    target_centre: Centre | None,
    override_capacity: bool,
) -> CarryOver:
    line = deferral.line
    Candidate.objects.select_for_update().filter(pk=line.candidate_id).first()
    original = Registration.objects.select_for_update(of=("self",)).get(pk=line.registration_id)
    line.refresh_from_db(fields=["status", "is_active"])  # read again under the lock
    if original.status != Status.CONFIRMED or line.status != LineStatus.REQUESTED:
        raise RegistrationError(
            "Cette épreuve n'est plus une épreuve confirmée : il n'y a rien à reporter."
        )
    next_session = line.session.next_session()
    if next_session is None:
        raise RegistrationError(
            f"Aucune session n'existe encore après « {line.session} » : créez la session "
            "suivante et ses épreuves proposées, puis acceptez ce report."
        )
    offer = target_offer(line=line, session=next_session, centre=target_centre)
    _check_next_session(line=line, session=next_session, centre=offer.centre)
    capacity_note = _move_seat(line=line, offer=offer, override=override_capacity)
    line.status = LineStatus.DEFERRED
    line.is_active = False
    line.save(update_fields=["status", "is_active"])
    new_line = _new_line(deferral=deferral, offer=offer, original=original, now=now)
    record_event(
        new_line.registration,
        kind=EventKind.CARRIED_OVER,
        actor=actor,
        now=now,
        to_status=Status.CONFIRMED,
        note=(
            f"Épreuve {line.exam.code} reportée depuis la session « {line.session} » "
            f"(demande {original.reference}), sans nouveau règlement."
        ),
    )
    return CarryOver(line=new_line, capacity_note=capacity_note)


def target_offer(*, line: RegistrationExam, session: Session, centre: Centre | None) -> ExamOffer:
    """The same centre when it offers the exam in ``session``, else the centre UPPCTSC chose."""
    chosen = centre or line.registration.centre
    offer = (
        ExamOffer.objects.filter(
            session=session, centre=chosen, exam_id=line.exam_id, centre__is_accredited=True
        )
        .select_related("centre", "exam", "session")
        .first()
    )
    if offer is not None:
        return offer
    if centre is None:
        raise RegistrationError(
            f"Le centre « {chosen.name} » ne propose pas l'épreuve {line.exam.code} à la "
            f"session « {session} » : choisissez un centre habilité qui la propose."
        )
    raise RegistrationError(
        f"Le centre « {chosen.name} » ne propose pas l'épreuve {line.exam.code} à la session "
        f"« {session} », ou n'est pas habilité : choisissez-en un autre."
    )


def _check_next_session(*, line: RegistrationExam, session: Session, centre: Centre) -> None:
    """Invariants 1 and 2 in the next session, with a message for UPPCTSC."""
    elsewhere = (
        Registration.objects.filter(
            candidate_id=line.candidate_id, session=session, status__in=ACTIVE_STATUSES
        )
        .exclude(centre=centre)
        .select_related("centre")
        .first()
    )
    if elsewhere is not None:
        raise RegistrationError(
            f"Le candidat a déjà une demande en cours au centre « {elsewhere.centre.name} » "
            f"pour la session « {session} » ({elsewhere.reference}) : toutes ses épreuves "
            "d'une session se passent dans le même centre. Choisissez ce centre."
        )
    if RegistrationExam.objects.filter(
        candidate_id=line.candidate_id, session=session, exam_id=line.exam_id, is_active=True
    ).exists():
        raise RegistrationError(
            f"Le candidat a déjà une demande en cours pour l'épreuve {line.exam.code} à la "
            f"session « {session} » : elle ne peut pas y être reportée en plus."
        )


def _move_seat(*, line: RegistrationExam, offer: ExamOffer, override: bool) -> str:
    """Takes a seat in ``offer`` and gives back the original one: the exam is not sat there.
    Returns the note of a capacity override, or an empty string."""
    locked = {
        o.pk: o
        for o in ExamOffer.objects.select_for_update(of=("self",))
        .filter(pk__in=[line.exam_offer_id, offer.pk])
        .order_by("pk")
    }
    target = locked[offer.pk]
    note = ""
    if target.seats_taken >= target.capacity:
        if not override:
            raise RegistrationError(
                f"Plus de place pour l'épreuve {offer.exam.code} au centre "
                f"« {offer.centre.name} » à la session « {offer.session} » (capacité : "
                f"{target.capacity}, toutes les places sont prises). Cochez « Dépasser la "
                "capacité » pour l'accepter tout de même."
            )
        note = (
            f"Capacité dépassée : l'épreuve {offer.exam.code} au centre « {offer.centre.name} » "
            f"passe de {target.capacity} à {target.capacity + 1} places pour ce report."
        )
    ExamOffer.objects.filter(pk=offer.pk).update(
        capacity=F("capacity") + (1 if note else 0), seats_taken=F("seats_taken") + 1
    )
    ExamOffer.objects.filter(pk=line.exam_offer_id).update(seats_taken=F("seats_taken") - 1)
    return note


def _new_line(
    *, deferral, offer: ExamOffer, original: Registration, now: datetime.datetime
) -> RegistrationExam:
    """A new confirmed registration in the next session, fee 0: the original payment stays on
    the original registration, which the line points back to."""
    line = deferral.line
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                candidate_id=line.candidate_id,
                session=offer.session,
                centre=offer.centre,
                status=Status.CONFIRMED,
                submission_key=uuid.uuid5(CARRY_OVER_KEYS, f"deferral:{deferral.pk}"),
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
        raise RegistrationError(
            "Le report est impossible : le candidat a déjà une demande en cours incompatible "
            f"à la session « {offer.session} »."
        ) from error
