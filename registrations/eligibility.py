"""Who may ask for what: invariants 1, 2, 4 and 5 checked for a new request, and for a place
on a centre's waiting list (which would become one), with the candidate's French refusal."""

import datetime
from collections.abc import Sequence

from candidates.models import Candidate
from centres.models import Centre, Exam, ExamOffer, Session
from certifup.errors import DomainError
from registrations.invariants import Clash, active_lines_clash


def offers_for_request(
    *,
    candidate: Candidate,
    session: Session,
    centre: Centre,
    exams: Sequence[Exam],
    now: datetime.datetime,
) -> list[ExamOffer]:
    """The offers a request (or a place on a waiting list) for ``exams`` at ``centre`` would
    use, or the French refusal of invariants 1, 2, 4 and 5; under the candidate's lock."""
    if not session.is_open(now):  # invariant 5
        raise DomainError(f"Les inscriptions à la session « {session} » ne sont pas ouvertes.")
    if not exams:
        raise DomainError("Choisissez au moins une épreuve.")
    offers = list(
        ExamOffer.objects.filter(
            session=session, centre=centre, centre__is_accredited=True, exam__in=exams
        ).select_related("exam")
    )
    if len(offers) != len({exam.pk for exam in exams}):  # invariant 4
        raise DomainError(
            f"Le centre « {centre.name} » n'organise pas toutes les épreuves choisies "
            f"pour la session « {session} »."
        )
    clash = active_lines_clash(
        candidate_id=candidate.pk,
        session_id=session.pk,
        centre_id=centre.pk,
        exam_ids=[offer.exam_id for offer in offers],
    )
    if clash is not None:  # invariants 1 and 2
        raise DomainError(clash_refusal(clash=clash))
    return offers


def clash_refusal(*, clash: Clash) -> str:
    """The candidate's words for invariants 1 and 2: said by « Soumettre » (and joining a
    waiting list), and by the pages of « Faire une demande » before it."""
    if clash.elsewhere is not None:  # invariant 1
        return (
            f"Vous avez déjà une demande en cours au centre « {clash.elsewhere.centre.name} » "
            f"pour la session « {clash.elsewhere.session} » : toutes vos épreuves d'une "
            "session se passent dans le même centre."
        )
    return (  # invariant 2
        f"Vous avez déjà une demande en cours pour l'épreuve {', '.join(clash.taken)} : "
        "ne redemandez pas une inscription déjà en cours."
    )
