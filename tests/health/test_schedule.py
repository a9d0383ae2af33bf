"""The periodic schedule lives in the database (django-celery-beat): the beat needs no file,
installs the settings' entries at start, and UPPCTSC sees and pauses each of them in /admin/."""

import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler
from kombu.utils.imports import symbol_by_name

from certifup.celery import app


def start_scheduler() -> DatabaseScheduler:
    """What `celery beat` (or `worker --beat`) does at start: build the configured scheduler,
    which runs setup_schedule()."""
    return symbol_by_name(app.conf.beat_scheduler)(app=app, lazy=False)


def test_the_beat_uses_the_database_scheduler_and_no_schedule_file():
    assert issubclass(symbol_by_name(app.conf.beat_scheduler), DatabaseScheduler)
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE_FILENAME")


def test_celery_keeps_time_in_the_sites_time_zone_with_aware_datetimes():
    # Crontabs added in /admin/ default to CELERY_TIMEZONE: Paris time, as UPPCTSC reads it.
    assert settings.USE_TZ and settings.DJANGO_CELERY_BEAT_TZ_AWARE
    assert str(app.timezone) == settings.TIME_ZONE == settings.CELERY_TIMEZONE
    assert app.conf.enable_utc  # messages carry UTC times


# The scheduler closes "old" connections as it runs: outside a test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_holds_every_periodic_task_after_setup():
    start_scheduler()

    tasks = {task.name: task for task in PeriodicTask.objects.select_related("interval")}
    # Only the settings' entries: without a result backend, no backend_cleanup to schedule.
    assert set(tasks) == set(settings.CELERY_BEAT_SCHEDULE)
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert tasks[name].task == entry["task"]
        assert tasks[name].enabled
        assert tasks[name].interval.every * 1.0 == entry["schedule"]
        assert tasks[name].interval.period == "seconds"


# The scheduler closes "old" connections as it runs: outside a test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_paused_in_the_admin_stays_paused_when_the_beat_restarts():
    start_scheduler()
    PeriodicTask.objects.filter(name="registrations-expire-overdue").update(enabled=False)

    scheduler = start_scheduler()

    assert not PeriodicTask.objects.get(name="registrations-expire-overdue").enabled
    assert "registrations-expire-overdue" not in scheduler.schedule
    assert "registrations-send-reminders" in scheduler.schedule


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_uppctsc_sees_and_pauses_the_periodic_tasks_in_french(client, uppctsc):
    start_scheduler()
    client.force_login(uppctsc)
    task = PeriodicTask.objects.get(name="registrations-expire-overdue")

    listing = client.get("/admin/django_celery_beat/periodictask/").content.decode()
    form = client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/").content.decode()
    paused = client.post(
        "/admin/django_celery_beat/periodictask/",
        {"action": "disable_tasks", "_selected_action": [task.pk]},
    )

    assert "registrations-expire-overdue" in listing and "Tâches Périodique" in listing
    assert "Activée" in form and "Planification intervalée" in form
    assert paused.status_code == 302
    assert not PeriodicTask.objects.get(pk=task.pk).enabled
