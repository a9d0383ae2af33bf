"""Thin Celery tasks: each calls one plain function, which the tests call directly.
``deferrals.purge_files`` runs daily from the beat schedule (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils import timezone

from deferrals.retention import deferral_files_purge


@shared_task(name="deferrals.purge_files")
def deferral_files_purge_task() -> int:
    return deferral_files_purge(now=timezone.now())
