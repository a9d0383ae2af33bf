"""« N heures ouvrées du centre », one calendar for every such count: the territory's time zone
and legal days off (``deadlines``, pure) and the centre's own closures (``centres.closures``).
The payment deadline, a waiting-list hold and a centre's time to answer all count here."""

import datetime
from collections.abc import Iterable

from centres.closures import closed_days
from centres.models import Centre
from registrations.deadlines import add_working_hours, working_hours_between


def centre_deadline(*, centre: Centre, start: datetime.datetime, hours: int) -> datetime.datetime:
    """``hours`` of the centre's working hours after ``start``. Read after the caller's locks,
    so a closure committed meanwhile is counted."""
    territory = centre.department.territory
    return add_working_hours(
        start=start,
        hours=hours,
        territory=territory,
        closed_days=closed_days(centre=centre, first=_local_day(centre, start)),
    )


def centre_hours_since(
    starts: Iterable[tuple[Centre, datetime.datetime]], *, now: datetime.datetime
) -> list[datetime.timedelta]:
    """For each (centre, start), the centre's working hours from ``start`` to ``now``: one
    query per centre for the closures, however many starts (the sweeps' shape)."""
    starts = list(starts)
    first: dict[int, datetime.date] = {}
    for centre, start in starts:
        day = _local_day(centre, start)
        first[centre.pk] = min(day, first.get(centre.pk, day))
    closed = {
        centre.pk: closed_days(centre=centre, first=first[centre.pk])
        for centre in {centre.pk: centre for centre, _ in starts}.values()
    }
    return [
        working_hours_between(
            start=start,
            end=now,
            territory=centre.department.territory,
            closed_days=closed[centre.pk],
        )
        for centre, start in starts
    ]


def _local_day(centre: Centre, moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(centre.department.territory.timezone).date()
