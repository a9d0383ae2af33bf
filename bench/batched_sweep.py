"""A PROTOTYPE of the batched expiry sweep proposed in docs/performance.md, measured by the
benchmark as the « after » figure. Not used by the application: the fix belongs in
``registrations.services.registrations_expire_overdue`` (owned by the registrations work).

Same writes as ``registration_expire`` for each request, but a few hundred requests per
transaction and set-based statements: one lock query, one aggregated seat update per distinct
decrement, one lines update, one status update, one bulk insert of events. Every event still
goes through ``queue_mails_for_event``, the one mail hook."""

import datetime
from itertools import groupby

from django.db import transaction
from django.db.models import Count, F

from centres.models import ExamOffer
from registrations.models import (
    EventKind,
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    Status,
)
from registrations.notifications import queue_mails_for_event

BATCH = 500


def expire_overdue_batched(*, now: datetime.datetime, batch: int = BATCH) -> int:
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
                .order_by("pk")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                return expired
            _release_seats(ids)
            RegistrationExam.objects.filter(registration_id__in=ids, is_active=True).update(
                is_active=False
            )
            Registration.objects.filter(pk__in=ids).update(status=Status.EXPIRED, closed_at=now)
            events = RegistrationEvent.objects.bulk_create(
                RegistrationEvent(
                    registration_id=pk,
                    at=now,
                    kind=EventKind.STATUS,
                    from_status=Status.PRE_VALIDATED,
                    to_status=Status.EXPIRED,
                    note="Délai de règlement dépassé",
                )
                for pk in ids
            )
            for event in events:
                queue_mails_for_event(event)
        expired += len(ids)


def _release_seats(ids: list[int]) -> None:
    held = (
        RegistrationExam.objects.filter(registration_id__in=ids, status=LineStatus.REQUESTED)
        .values("exam_offer_id")
        .annotate(n=Count("pk"))
        .order_by("n", "exam_offer_id")
    )
    counts = [(row["n"], row["exam_offer_id"]) for row in held]
    # Offers locked in primary-key order, as _take_seats does: no deadlock with centre actions.
    list(
        ExamOffer.objects.select_for_update()
        .filter(pk__in=[offer for _, offer in counts])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for n, group in groupby(counts, key=lambda row: row[0]):
        offers = [offer for _, offer in group]
        ExamOffer.objects.filter(pk__in=offers).update(seats_taken=F("seats_taken") - n)
