"""The demo's closure: the Paris centre's coming year-end closure, declared by its staff."""

import datetime

from django.utils import timezone

from backoffice.demo.accounts import Accounts
from backoffice.demo_data import PARIS, YEAR_END_CLOSURE
from centres.models import Centre, Closure
from registrations.closures import closure_declare


def year_end_closure_declare(*, accounts: Accounts, now: datetime.datetime) -> None:
    """Declared once: a second run finds it and does nothing."""
    (first_month, first_day), (last_month, last_day), reason = YEAR_END_CLOSURE
    centre = Centre.objects.get(name=PARIS)
    today = timezone.localdate(now, timezone=centre.department.territory.timezone)
    year = (
        today.year
        if today <= datetime.date(today.year, first_month, first_day)
        else today.year + 1
    )
    first = datetime.date(year, first_month, first_day)
    if Closure.objects.filter(centre=centre, first_day=first).exists():
        return
    closure_declare(
        centre=centre,
        first_day=first,
        last_day=datetime.date(year, last_month, last_day),
        reason=reason,
        actor=accounts.centre_staff[PARIS],
        now=now,
    )
