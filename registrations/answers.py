"""Centres that answer: a request neither pre-validated nor refused within
``CENTRE_ANSWER_HOURS`` of its centre's working hours reminds the centre's staff, once; past
twice that it is late, once. Both are stamped on the request by the sweep below, so every
reader (UPPCTSC's list, the candidate's page, the national view) reads one fact instead of
recounting working hours. Called by a periodic task; safe when two runs overlap.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from registrations.centre_hours import centre_deadline, centre_hours_since
from registrations.models import Registration, Status
from registrations.notifications import CENTRE, Mail, queue_registration_mail

ANSWER_REMINDER = Mail("answer_reminder_centre", CENTRE)
# Working time never runs faster than the wall clock, but a daylight-saving change gives a
# local day of 25 hours: one hour of slack keeps such a request among those looked at.
_DST_SLACK = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Chased:
    reminded: int
    late: int


def answer_hours() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.CENTRE_ANSWER_HOURS)


def registrations_chase_answers(*, now: datetime.datetime) -> Chased:
    """Remind the centre of each request waiting ``N`` working hours, and mark late each one
    waiting ``2N``. A request found late at its first sweep gets both, in that order."""
    first = answer_hours()
    waiting = list(
        Registration.objects.filter(
            status=Status.SUBMITTED,
            submitted_at__lte=now - first + _DST_SLACK,
        )
        # Late implies reminded (the reminder is stamped first, in the same run at the latest).
        .filter(answer_late_at__isnull=True)
        .select_related("centre__department", "candidate", "session")
        .order_by("pk")
    )
    reminded = late = 0
    hours = centre_hours_since(
        ((registration.centre, registration.submitted_at) for registration in waiting), now=now
    )
    for registration, waited in zip(waiting, hours, strict=True):
        if waited >= first and registration.answer_reminder_sent_at is None:
            reminded += _remind(registration, now=now)
        if waited >= 2 * first:
            late += _mark_late(registration, since=_late_since(registration, now=now))
    return Chased(reminded=reminded, late=late)


def _remind(registration: Registration, *, now: datetime.datetime) -> int:
    """The stamp and the mail in one transaction; the conditional UPDATE lets one of two
    overlapping sweeps win, and skips a request answered since it was read."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration.pk, status=Status.SUBMITTED, answer_reminder_sent_at__isnull=True
        ).update(answer_reminder_sent_at=now)
        if claimed:
            registration.answer_reminder_sent_at = now
            queue_registration_mail(registration, ANSWER_REMINDER, now=now)
    return claimed


def _late_since(registration: Registration, *, now: datetime.datetime) -> datetime.datetime:
    """The moment it became late, not the sweep's: what the list and the candidate read."""
    became_late = centre_deadline(
        centre=registration.centre,
        start=registration.submitted_at,
        hours=2 * settings.CENTRE_ANSWER_HOURS,
    )
    return min(became_late, now)


def _mark_late(registration: Registration, *, since: datetime.datetime) -> int:
    return Registration.objects.filter(
        pk=registration.pk, status=Status.SUBMITTED, answer_late_at__isnull=True
    ).update(answer_late_at=since)
