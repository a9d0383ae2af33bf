"""Who may ask for what: invariants 1, 2, 4 and 5 checked for a new request, and for a place
on a centre's waiting list (which would become one), with the candidate's French refusal."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models.expressions import BaseExpression

from candidates.models import Candidate
from centres.models import Centre, Exam, ExamOffer, Session
from certifup.errors import DomainError
from registrations.invariants import Clash, active_lines_clash, clash_conditions


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
    reading = request_reading(candidate=candidate, session=session, centre=centre, exams=exams)
    return request_offers(reading, candidate=candidate, session=session, centre=centre, now=now)


@dataclass(frozen=True)
class RequestReading:
    """What one statement read for a request, under the candidate's lock: the offers it
    would use (their exams loaded) and the value of each condition (invariants 1 and 2's,
    then the caller's own)."""

    exams: Sequence[Exam]
    offers: list[ExamOffer]
    conditions: Mapping[str, object]


def request_reading(
    *,
    candidate: Candidate,
    session: Session,
    centre: Centre,
    exams: Sequence[Exam],
    extra: Mapping[str, BaseExpression] | None = None,
    per_offer: Mapping[str, BaseExpression] | None = None,
) -> RequestReading:
    """One statement: the offers, each row carrying the conditions (the same on every row, so
    PostgreSQL evaluates each once). The caller's ``extra`` conditions ride along (the submit's
    key and waiting places): a move under the candidate's lock then reads everything it checks
    in one go. Only when no offer can carry them (invariant 4 refuses) are they read alone.
    ``per_offer`` annotates each offer with what the caller reads of it (the submit's mails:
    its software)."""
    conditions = {
        **clash_conditions(
            candidate_id=candidate.pk,
            session_id=session.pk,
            centre_id=centre.pk,
            exam_ids=[exam.pk for exam in exams],
        ),
        **(extra or {}),
    }
    offers = list(
        ExamOffer.objects.filter(
            session=session, centre=centre, centre__is_accredited=True, exam__in=exams
        )
        .select_related("exam")
        .annotate(**conditions, **(per_offer or {}))
        .order_by("exam__code")  # one centre and session: no need for the offers' own order
    )
    values: Mapping[str, object]
    if offers:
        values = {name: getattr(offers[0], name) for name in conditions}
    else:
        values = Candidate.objects.filter(pk=candidate.pk).values(**conditions).get()
    return RequestReading(exams=exams, offers=offers, conditions=values)


def request_offers(
    reading: RequestReading,
    *,
    candidate: Candidate,
    session: Session,
    centre: Centre,
    now: datetime.datetime,
) -> list[ExamOffer]:
    """The offers read, or the French refusal of invariants 5, 4, then 1 and 2."""
    exams = reading.exams
    if not session.is_open(now):  # invariant 5
        raise DomainError(f"Les inscriptions à la session « {session} » ne sont pas ouvertes.")
    if not exams:
        raise DomainError("Choisissez au moins une épreuve.")
    offers = reading.offers
    if len(offers) != len({exam.pk for exam in exams}):  # invariant 4
        raise DomainError(
            f"Le centre « {centre.name} » n'organise pas toutes les épreuves choisies "
            f"pour la session « {session} »."
        )
    if reading.conditions["elsewhere"] or reading.conditions["taken"]:  # invariants 1 and 2
        # Rare: the requests and exams in the way, for the words of the refusal.
        clash = active_lines_clash(
            candidate_id=candidate.pk,
            session_id=session.pk,
            centre_id=centre.pk,
            exam_ids=[offer.exam_id for offer in offers],
        )
        if clash is not None:
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
