"""The building blocks of every registration transition, always called inside a transaction on
a locked registration: lock, check the state, take or give back seats, move and close, and
``record_event``, the one hook where a step's timeline event and e-mails are written.

Split from ``services`` (which re-exports ``record_event``) so that the public services read
as a list of transitions and these few rules live in one place."""

import datetime
from collections.abc import Iterable, Sequence

from django.db.models import Count, F

from candidates.models import User
from centres.models import ExamOffer
from notifications.services import Outbox
from registrations.errors import RegistrationError
from registrations.models import (
    SEAT_HOLDING_STATUSES,
    EventKind,
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
)
from registrations.notifications import mail_lines_prefetch, queue_mails_for_event


def lock(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("centre__department", "session")
        .get(pk=registration.pk)
    )


def require(registration: Registration, allowed: set[str], action: str) -> None:
    if registration.status not in allowed:
        raise RegistrationError(
            f"Impossible de {action} une demande au statut « "
            f"{registration.get_status_display()} »."
        )


def requested_lines(registration: Registration) -> Iterable[RegistrationExam]:
    return registration.lines.filter(status=LineStatus.REQUESTED).select_related("exam")


def take_seats(registration: Registration) -> None:
    offer_ids = [line.exam_offer_id for line in requested_lines(registration)]
    # Offers are locked in primary-key order so that two centres' actions never deadlock.
    offers = (
        ExamOffer.objects.select_for_update(of=("self",))
        .filter(pk__in=offer_ids)
        .select_related("exam")
        .order_by("pk")
    )
    for offer in offers:
        if offer.seats_taken >= offer.capacity:
            raise RegistrationError(
                f"Plus de place pour l'épreuve {offer.exam.code} dans ce centre "
                f"(capacité : {offer.capacity}, toutes les places sont prises)."
            )
    ExamOffer.objects.filter(pk__in=offer_ids).update(seats_taken=F("seats_taken") + 1)


def release_seats(registration: Registration) -> None:
    offer_ids = sorted(line.exam_offer_id for line in requested_lines(registration))
    ExamOffer.objects.filter(pk__in=offer_ids).update(seats_taken=F("seats_taken") - 1)


def close(
    registration: Registration,
    *,
    to: str,
    actor: User | None,
    now: datetime.datetime,
    note: str,
    fields: Sequence[str] = (),
) -> None:
    """Refused, expired and withdrawn are final: seats go back, the exams may be asked again."""
    if registration.status in SEAT_HOLDING_STATUSES:
        release_seats(registration)
    registration.lines.filter(is_active=True).update(is_active=False)
    registration.closed_at = now
    move(registration, to=to, actor=actor, now=now, note=note, fields=["closed_at", *fields])


def close_many(ids: list[int], *, to: str, now: datetime.datetime, note: str) -> None:
    """``close`` for many locked seat-holding requests at once, by the system: one aggregated
    seat update per distinct count, one update of the lines and of the requests, the events
    in one insert, then each event's mails through the same hook as ``record_event``, written
    in one insert and handed to a worker in one task."""
    held = (
        RegistrationExam.objects.filter(registration_id__in=ids, status=LineStatus.REQUESTED)
        .values("exam_offer_id")
        .annotate(seats=Count("pk"))
        .order_by("exam_offer_id")
    )
    by_offer = {row["exam_offer_id"]: row["seats"] for row in held}
    # Offers locked in primary-key order, as take_seats does: no deadlock with centre actions.
    list(ExamOffer.objects.select_for_update().filter(pk__in=by_offer).order_by("pk").values("pk"))
    for seats in set(by_offer.values()):
        offers = [offer for offer, count in by_offer.items() if count == seats]
        ExamOffer.objects.filter(pk__in=offers).update(seats_taken=F("seats_taken") - seats)
    RegistrationExam.objects.filter(registration_id__in=ids, is_active=True).update(
        is_active=False
    )
    registrations = list(
        Registration.objects.filter(pk__in=ids)
        .select_related("candidate", "centre__department", "session")
        .prefetch_related(mail_lines_prefetch())
    )
    statuses = {registration.pk: registration.status for registration in registrations}
    Registration.objects.filter(pk__in=ids).update(status=to, closed_at=now)
    events = RegistrationEvent.objects.bulk_create(
        RegistrationEvent(
            registration=registration,
            at=now,
            kind=EventKind.STATUS,
            from_status=statuses[registration.pk],
            to_status=to,
            note=note,
        )
        for registration in registrations
    )
    outbox = Outbox()
    for registration, event in zip(registrations, events, strict=True):
        registration.status, registration.closed_at = to, now
        queue_mails_for_event(event, outbox=outbox)
    outbox.save()


def move(
    registration: Registration,
    *,
    to: str,
    actor: User | None,
    now: datetime.datetime,
    note: str = "",
    fields: Sequence[str] = (),
) -> None:
    from_status = registration.status
    registration.status = to
    registration.save(update_fields=["status", *fields])
    record_event(
        registration,
        kind=EventKind.STATUS,
        actor=actor,
        now=now,
        from_status=from_status,
        to_status=to,
        note=note,
    )


def record_event(
    registration: Registration,
    *,
    kind: str,
    actor: User | None,
    now: datetime.datetime,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> RegistrationEvent:
    """The one way a request's timeline grows. Every step's e-mails hang off its event, so
    they are queued in the same transaction as the change they announce."""
    event = RegistrationEvent.objects.create(
        registration=registration,
        at=now,
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    queue_mails_for_event(event)
    return event
