"""Changes centre staff make to their own catalogue rows, each in one transaction on a lock."""

import datetime
from collections.abc import Sequence

from django.db import transaction

from candidates.models import User
from centres.models import ExamOffer, Software
from certifup.errors import DomainError
from registrations import seats, waiting


def exam_offer_update(
    *,
    offer: ExamOffer,
    actor: User,
    now: datetime.datetime,
    capacity: int,
    software: Sequence[Software],
) -> ExamOffer:
    """A centre sets the seats and the imposed software of one of its exams. Allowed until the
    session's exams start; the capacity never goes below the seats already taken (the lock
    keeps a concurrent pre-validation from slipping in between the check and the save). Seats
    added go to the waiting list at once, in this transaction."""
    with transaction.atomic():
        # The list's lock (every offer of the centre and session), as any seat change takes it.
        seats.lock_lists([offer.pk])
        offer = ExamOffer.objects.select_related("session", "exam").get(pk=offer.pk)
        if not offer.centre.memberships.filter(user=actor).exists():
            raise DomainError("Cette épreuve n'est pas organisée par votre centre.")
        if now.date() >= offer.session.exams_start_on:
            raise DomainError(
                f"Les épreuves de la session « {offer.session} » ont commencé : "
                "l'offre ne peut plus être modifiée."
            )
        if capacity < offer.seats_taken:
            raise DomainError(
                f"{offer.seats_taken} places sont déjà prises pour l'épreuve {offer.exam.code} : "
                "la capacité ne peut pas être inférieure."
            )
        if not software:
            raise DomainError("Choisissez au moins un logiciel imposé.")
        added = capacity > offer.capacity
        offer.capacity = capacity
        offer.save(update_fields=["capacity"])
        offer.software.set(software)
        if added:
            waiting.waiting_offer_freed(offer_ids=[offer.pk], now=now)
    return offer
