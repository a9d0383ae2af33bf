"""Which periodic tasks are late: not completed for more than two of their intervals."""

import datetime

from celery import schedules
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from certifup.health.models import PeriodicRun

LATE_AFTER_INTERVALS = 2


def _expected_intervals() -> dict[str, datetime.timedelta]:
    """Every periodic task that should run, and how often: the settings' entries, as the
    database holds them once the beat installed them (UPPCTSC may have paused one), and those
    added in /admin/. An entry the database does not hold yet still counts: a beat that never
    started must show. Crontab, solar and one-off tasks have no interval and are not watched."""
    expected = {}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = schedules.maybe_schedule(entry["schedule"])
        if type(schedule) is schedules.schedule:  # an interval; a crontab is its own class
            # celery-types leaves out run_every, which schedule.__init__ sets (a timedelta).
            expected[name] = schedule.run_every  # type: ignore[attr-defined]
    for task in PeriodicTask.objects.select_related("interval"):
        if not task.enabled or task.interval is None or task.one_off:
            expected.pop(task.name, None)
        else:
            expected[task.name] = task.interval.schedule.run_every
    return expected


def late_periodic_tasks(*, now: datetime.datetime) -> list[str]:
    """Names of the watched tasks whose last completion (or, never completed, the start of
    the watch) is older than two intervals. A task without a watch row is not judged: it has
    no date to count from (rows are written by `migrate` and when a task is created)."""
    intervals = _expected_intervals()
    runs = PeriodicRun.objects.filter(name__in=intervals)
    late = [
        run.name
        for run in runs
        if now - (run.last_completed_at or run.watched_since)
        > LATE_AFTER_INTERVALS * intervals[run.name]
    ]
    return sorted(late)
