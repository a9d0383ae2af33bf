"""Writes ``PeriodicRun`` rows: the worker after each periodic task it completed, and the
deployment (``migrate``) or the admin for the tasks to watch."""

import datetime

from django.apps import apps as django_apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from certifup.health.models import PeriodicRun


def periodic_run_record(*, name: str, now: datetime.datetime) -> None:
    """One conditional UPDATE per completion; an INSERT only the first time. The condition
    keeps the latest time when two workers finish the same task out of order."""
    updated = (
        PeriodicRun.objects.filter(name=name)
        .filter(Q(last_completed_at__isnull=True) | Q(last_completed_at__lt=now))
        .update(last_completed_at=now)
    )
    if not updated:
        PeriodicRun.objects.bulk_create(
            [PeriodicRun(name=name, watched_since=now, last_completed_at=now)],
            ignore_conflicts=True,  # the row exists with a later completion: keep it
        )


def periodic_runs_watch(*, names: list[str], now: datetime.datetime) -> None:
    """Start watching these tasks from ``now``; rows that exist keep their dates."""
    PeriodicRun.objects.bulk_create(
        [PeriodicRun(name=name, watched_since=now) for name in names], ignore_conflicts=True
    )


def on_task_success(sender=None, **kwargs) -> None:
    # The beat (django-celery-beat) puts the periodic task's name in the message headers,
    # which Celery exposes on the request: tasks sent by hand or run inline are not counted.
    name = getattr(sender.request, "periodic_task_name", None)
    if name:
        periodic_run_record(name=name, now=timezone.now())


def on_post_migrate(apps=None, using="default", **kwargs) -> None:
    # Every deployment migrates, beat or no beat: a beat that never starts is seen too.
    # `flush` (the test runner's, between transactional tests) sends post_migrate without
    # `apps`: the installed models are the current ones then.
    try:
        model = (apps or django_apps).get_model("health", "PeriodicRun")
    except LookupError:  # `migrate` stopped before this app's table: nothing to write to
        return
    model.objects.using(using).bulk_create(
        [model(name=name, watched_since=timezone.now()) for name in settings.CELERY_BEAT_SCHEDULE],
        ignore_conflicts=True,
    )


def on_periodic_task_saved(sender, instance, created, **kwargs) -> None:
    # A task added in /admin/ (or a new settings entry installed by the beat) is watched from
    # its creation.
    if created:
        periodic_runs_watch(names=[instance.name], now=timezone.now())
