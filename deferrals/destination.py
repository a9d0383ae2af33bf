"""Where an accepted deferral's exam goes: the next session, at the same centre when it offers
the exam there, else at the centre UPPCTSC chose. The deferral app decides this; the rows are
written by ``registrations.carry_over.registration_carry_over``."""

import uuid

from centres.models import Centre, ExamOffer, Session
from certifup.errors import DomainError
from deferrals.models import Deferral
from registrations.models import RegistrationExam

# The carried-over registration's submission key derives from the deferral: a second
# carry-over of the same request would collide on the unique key.
CARRY_OVER_KEYS = uuid.UUID("0b6f7c1a-3d5e-4c1b-9a4f-6e2d8c7b5a19")


def carry_over_key(deferral: Deferral) -> uuid.UUID:
    return uuid.uuid5(CARRY_OVER_KEYS, f"deferral:{deferral.pk}")


def destination_offer(*, line: RegistrationExam, target_centre: Centre | None) -> ExamOffer:
    """The offer of the next session the exam goes to."""
    next_session = line.session.next_session()
    if next_session is None:
        raise DomainError(
            f"Aucune session n'existe encore après « {line.session} » : créez la session "
            "suivante et ses épreuves proposées, puis acceptez ce report."
        )
    return target_offer(line=line, session=next_session, centre=target_centre)


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
        raise DomainError(
            f"Le centre « {chosen.name} » ne propose pas l'épreuve {line.exam.code} à la "
            f"session « {session} » : choisissez un centre habilité qui la propose."
        )
    raise DomainError(
        f"Le centre « {chosen.name} » ne propose pas l'épreuve {line.exam.code} à la session "
        f"« {session} », ou n'est pas habilité : choisissez-en un autre."
    )
