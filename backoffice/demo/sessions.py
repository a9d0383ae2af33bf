"""The demo's three sessions, dated from today: a past one, the open one and the next one."""

import datetime

from django.utils import timezone

from backoffice.demo_data import FEE, MONTHS
from centres.models import Session


def sessions_load(*, now: datetime.datetime) -> dict[str, Session]:
    # Exam dates follow today's date: the open session's exams start on the Monday six to
    # seven weeks from now, so its window opened 8 to 14 days ago and closes in four to five
    # weeks; the past session is a year before it, the next one six months after.
    in_six_weeks = timezone.localdate(now) + datetime.timedelta(weeks=6)
    exams_start = in_six_weeks + datetime.timedelta(days=-in_six_weeks.weekday() % 7)
    starts = {
        "past": exams_start - datetime.timedelta(weeks=52),
        "open": exams_start,
        "next": exams_start + datetime.timedelta(weeks=26),
    }
    return {role: _session(start) for role, start in starts.items()}


def _session(exams_start: datetime.date) -> Session:
    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(
            day, datetime.time(), tzinfo=timezone.get_current_timezone()
        )

    name = f"{MONTHS[exams_start.month - 1].capitalize()} {exams_start.year}"
    return Session.objects.update_or_create(
        name=name,
        defaults={
            "registration_opens_at": midnight(exams_start - datetime.timedelta(weeks=8)),
            "registration_closes_at": midnight(exams_start - datetime.timedelta(weeks=2)),
            "exams_start_on": exams_start,
            "exams_end_on": exams_start + datetime.timedelta(days=11),
            "fee_per_exam": FEE,
        },
    )[0]
