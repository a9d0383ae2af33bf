"""Reads of the centres' own closures (`Closure`): which closures concern a centre, and the
local days they close. The deadline arithmetic (`registrations.deadlines`) takes these days as a
value; the service that declares a closure is `registrations.closures.closure_declare`."""

import datetime

from django.db.models import Q, QuerySet

from centres.models import Centre, Closure


def closures_concerning(centre: Centre) -> Q:
    """A closure of this centre, of its département, or of every centre."""
    return (
        Q(centre=centre)
        | Q(department_id=centre.department_id, centre__isnull=True)
        | Q(centre__isnull=True, department__isnull=True)
    )


def closures_for_centre(centre: Centre) -> QuerySet[Closure]:
    return Closure.objects.filter(closures_concerning(centre))


def closed_days(
    *, centre: Centre, first: datetime.date, last: datetime.date | None = None
) -> frozenset[datetime.date]:
    """The centre's closed local days from `first` (to `last`, both included; open-ended when
    `last` is None, since a deadline's end is what these days decide). One query."""
    closures = closures_for_centre(centre).filter(last_day__gte=first)
    if last is not None:
        closures = closures.filter(first_day__lte=last)
    days: set[datetime.date] = set()
    for first_day, last_day in closures.values_list("first_day", "last_day"):
        days.update(days_of(max(first_day, first), last_day))
    return frozenset(day for day in days if last is None or day <= last)


def days_of(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
