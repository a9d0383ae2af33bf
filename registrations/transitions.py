"""The building blocks of every registration transition, always called inside a transaction on
a locked registration: lock, check the move against the table (``states``), take or give back
seats (``seats``), move and close, and ``record_event``, the one hook where a step's timeline
event and e-mails are written.

The one module that writes ``Registration.status``: ``create`` (a new request, in the status
its action declares), ``move`` (one request) and ``close_many`` (the sweep's bulk version).

Split from ``services`` (which re-exports ``record_event``) so that the public services read
as a list of transitions and these few rules live in one place."""

import datetime
from collections.abc import Sequence

from django.db.models import Count, QuerySet

from candidates.models import User
from certifup.errors import DomainError
from certifup.inserts import insert_rows
from certifup.lookups import any_of
from notifications.services import Outbox
from registrations import seats, waiting
from registrations.models import (
    SEAT_HOLDING_STATUSES,
    EventKind,
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
)
from registrations.notifications import mail_lines_read, queue_mails_for_event
from registrations.states import CREATIONS, not_allowed, require_move, transition


def lock(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("centre__department", "session")
        .get(pk=registration.pk)
    )


def require(registration: Registration, allowed: set[str], action: str) -> None:
    """For the actions that change no status (financing, removing an exam): status moves are
    checked against the table by ``states.require_move``."""
    if registration.status not in allowed:
        raise DomainError(
            f"Impossible de {action} une demande au statut « "
            f"{registration.get_status_display()} »."
        )


def requested_lines(registration: Registration) -> QuerySet[RegistrationExam]:
    return registration.lines.filter(status=LineStatus.REQUESTED).select_related("exam")


def take_seats(registration: Registration, *, now: datetime.datetime) -> None:
    """A seat in each requested exam; those the waiting list holds for this request (it was
    made on an offer) are already taken, and become the lines' seats."""
    held = waiting.waiting_serve(registration=registration, now=now)
    lines = requested_lines(registration)
    seats.take(line.exam_offer_id for line in lines if line.exam_offer_id not in held)


def release_seats(registration: Registration, *, now: datetime.datetime) -> None:
    """Seats back, and offered to the waiting list before this transaction commits."""
    offer_ids = [line.exam_offer_id for line in requested_lines(registration)]
    seats.release(offer_ids)
    waiting.waiting_offer_freed(offer_ids=offer_ids, now=now)


def close(
    registration: Registration,
    *,
    action: str,
    actor: User | None,
    now: datetime.datetime,
    note: str,
    fields: Sequence[str] = (),
) -> None:
    """Refused, expired and withdrawn are final: seats go back, the exams may be asked again."""
    require_move(registration, action)  # before the seats: a refused move changes nothing
    if registration.status in SEAT_HOLDING_STATUSES:
        release_seats(registration, now=now)
    else:  # a request made on a waiting list's offer holds its seats until the centre decides
        waiting.waiting_release(registration=registration, now=now)
    registration.lines.filter(is_active=True).update(is_active=False)
    registration.closed_at = now
    move(
        registration, action=action, actor=actor, now=now, note=note, fields=["closed_at", *fields]
    )


def close_many(ids: list[int], *, action: str, now: datetime.datetime, note: str) -> None:
    """``close`` for many locked seat-holding requests at once, by the system: the table checked
    once per distinct status, one aggregated seat update per distinct count, one update of the
    lines and of the requests, the events in one insert, then each event's mails through the
    same hook as ``record_event``, written in one insert and handed to a worker in one task."""
    if not ids:
        return
    to = _bulk_target(ids, action=action)
    held = (
        RegistrationExam.objects.filter(
            any_of("registration_id", ids), status=LineStatus.REQUESTED
        )
        .values("exam_offer_id")
        .annotate(seats=Count("pk"))
        .order_by("exam_offer_id")
    )
    freed = {row["exam_offer_id"]: row["seats"] for row in held}
    seats.release_many(freed)  # locks the lists of ``freed``: the waiting step needs no more
    waiting.waiting_offer_freed(offer_ids=freed, now=now, locked=True)
    RegistrationExam.objects.filter(any_of("registration_id", ids), is_active=True).update(
        is_active=False
    )
    registrations = list(
        Registration.objects.filter(any_of("pk", ids))
        # What the mails' frozen context reads (the centre's clock is its département's code).
        .select_related("candidate", "centre", "session")
    )
    mail_lines_read(registrations)
    statuses = {registration.pk: registration.status for registration in registrations}
    Registration.objects.filter(any_of("pk", ids)).update(status=to, closed_at=now)
    events = insert_rows(
        RegistrationEvent,
        [
            RegistrationEvent(
                registration=registration,
                at=now,
                kind=EventKind.STATUS,
                from_status=statuses[registration.pk],
                to_status=to,
                note=note,
            )
            for registration in registrations
        ],
    )
    outbox = Outbox()
    for registration, event in zip(registrations, events, strict=True):
        registration.status, registration.closed_at = to, now
        queue_mails_for_event(event, outbox=outbox)
    outbox.save()


def _bulk_target(ids: list[int], *, action: str) -> str:
    """The one status ``action`` leads every request of ``ids`` to, checked against the table
    once per distinct current status (one small query), before anything is written."""
    rows = Registration.objects.filter(
        any_of("pk", ids)
    ).order_by()  # no ordering: DISTINCT on status
    targets = set()
    for source in rows.values_list("status", flat=True).distinct():
        allowed = transition(action, source)
        if allowed is None or allowed.only_if:  # a condition is a per-row matter: use ``move``
            shown = Registration(status=source).get_status_display()
            raise not_allowed(action, shown)
        targets.add(allowed.target)
    if len(targets) != 1:
        raise ValueError(f"close_many({action!r}) needs one target status, got {targets}.")
    return targets.pop()


def create(*, action: str, **fields: object) -> Registration:
    """A new request, in the status its action declares in ``states.CREATIONS``."""
    return Registration.objects.create(status=CREATIONS[action], **fields)


def move(
    registration: Registration,
    *,
    action: str,
    actor: User | None,
    now: datetime.datetime,
    note: str = "",
    fields: Sequence[str] = (),
) -> None:
    """The one change of a request's status: refused (domain error, nothing written) when the
    table of ``states`` does not allow ``action`` from the current status."""
    to = require_move(registration, action)
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
