"""The payment reminder: once per request, ``PAYMENT_REMINDER_WORKING_HOURS`` working hours
before its deadline (the stored one, pushed back by a closure declared later; the centre's
closed days are not working hours). Called by a periodic task; safe when two runs overlap."""

import datetime

from django.conf import settings
from django.db import transaction

from centres.closures import closed_days
from registrations.deadlines import working_hours_between
from registrations.models import Registration, Status
from registrations.notifications import PAYMENT_REMINDER, queue_registration_mail

# No deadline is more than this far ahead of its reminder, holidays and weekends included.
_LOOKAHEAD = datetime.timedelta(days=14)


def registrations_send_payment_reminders(*, now: datetime.datetime) -> int:
    """Queue the reminder of every unpaid pre-validated request whose deadline is now within
    the reminder window. ``reminder_sent_at`` is set by a conditional UPDATE in the same
    transaction as the mail: of two overlapping runs, only one wins each request."""
    unpaid = Registration.objects.filter(
        status=Status.PRE_VALIDATED,
        financed_by_training=False,
        reminder_sent_at__isnull=True,
        payment_due_at__gt=now,
        payment_due_at__lte=now + _LOOKAHEAD,
    ).select_related("centre__department", "candidate", "session")
    sent = 0
    closed: dict[int, frozenset[datetime.date]] = {}  # one query per centre, not per request
    for registration in unpaid:
        centre = registration.centre
        if centre.pk not in closed:
            today = now.astimezone(centre.department.territory.timezone).date()
            closed[centre.pk] = closed_days(centre=centre, first=today)
        if not reminder_window_reached(registration, now=now, closed=closed[centre.pk]):
            continue
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk,
                status=Status.PRE_VALIDATED,
                financed_by_training=False,
                reminder_sent_at__isnull=True,
            ).update(reminder_sent_at=now)
            if claimed:
                registration.reminder_sent_at = now
                queue_registration_mail(registration, PAYMENT_REMINDER, now=now)
                sent += 1
    return sent


def reminder_window_reached(
    registration: Registration, *, now: datetime.datetime, closed: frozenset[datetime.date]
) -> bool:
    """Whether at most ``PAYMENT_REMINDER_WORKING_HOURS`` of the centre's working hours are
    left before the request's deadline; ``closed``: the centre's closed days from today."""
    assert registration.payment_due_at is not None
    left = working_hours_between(
        start=now,
        end=registration.payment_due_at,
        territory=registration.centre.department.territory,
        closed_days=closed,
    )
    return left <= datetime.timedelta(hours=settings.PAYMENT_REMINDER_WORKING_HOURS)
