"""/sante/ and the admin index say when a periodic task has not completed for two of its
intervals; a new site is given two intervals from its first `migrate` before it is late."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from certifup.health.models import PeriodicRun
from certifup.health.recording import on_post_migrate, periodic_run_record, periodic_runs_watch
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

SWEEP = "registrations-expire-overdue"  # every SWEEP_INTERVAL_SECONDS (120 s)
PICK_UP = "mails-send-due"  # every minute: the shortest interval
# Every task of the shortest interval, as the late list names them (sorted).
EVERY_MINUTE = f"candidates-recovery-sweep, {PICK_UP}"
# Every task of the sweep interval, in the order the page lists them (by name).
SWEEPS = (
    "registrations-chase-answers, registrations-expire-overdue, registrations-send-reminders, "
    "registrations-waiting-sweep"
)
DAILY = "deferrals-purge-files"  # every day
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def deployed(now):
    """A site migrated at NOW: every settings task is watched from then on, none has run."""
    PeriodicRun.objects.all().delete()
    periodic_runs_watch(names=list(settings.CELERY_BEAT_SCHEDULE), now=now)


def completed_all(at: datetime.datetime) -> None:
    for name in settings.CELERY_BEAT_SCHEDULE:
        periodic_run_record(name=name, now=at)


def sweep_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SWEEP_INTERVAL_SECONDS)


MINUTE = datetime.timedelta(minutes=1)


def test_ok_when_every_task_completed_in_time(client, deployed, time_machine):
    completed_all(NOW)
    time_machine.move_to(NOW + 2 * MINUTE - SECOND, tick=False)
    # Two queries: django-celery-beat's periodic tasks, then their runs.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sante/")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-store" in response["Cache-Control"]
    assert len(queries) == 2


def test_503_with_the_late_tasks_names_after_two_intervals(client, deployed, time_machine):
    completed_all(NOW)
    time_machine.move_to(NOW + 2 * MINUTE + SECOND, tick=False)

    response = client.get("/sante/")

    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    # Each task by its own interval: the sweeps (every 2 minutes) are not late yet.
    assert response.content.decode() == f"tâches périodiques en retard : {EVERY_MINUTE}\n"

    time_machine.move_to(NOW + 2 * sweep_interval() + SECOND, tick=False)
    text = client.get("/sante/").content.decode()
    assert f"{PICK_UP}, {SWEEPS}" in text
    assert DAILY not in text  # ran today: in time


def test_a_new_site_is_not_late_before_two_intervals_from_its_first_migrate(
    client, deployed, time_machine
):
    time_machine.move_to(NOW + 2 * MINUTE - SECOND, tick=False)
    assert PeriodicRun.objects.filter(last_completed_at__isnull=False).count() == 0
    assert client.get("/sante/").status_code == 200

    # The beat never started (no row in django-celery-beat's table either): it shows.
    time_machine.move_to(NOW + 2 * MINUTE + SECOND, tick=False)
    assert not PeriodicTask.objects.exists()
    response = client.get("/sante/")
    assert response.status_code == 503
    assert PICK_UP in response.content.decode()


def test_migrate_starts_the_watch_without_moving_it(deployed, time_machine):
    from django.core.management import call_command

    time_machine.move_to(NOW + datetime.timedelta(days=3), tick=False)
    call_command("migrate", verbosity=0)  # the next release's deployment

    assert {run.watched_since for run in PeriodicRun.objects.all()} == {NOW}


def test_a_paused_task_is_not_late(client, deployed, time_machine):
    completed_all(NOW)
    every, _ = IntervalSchedule.objects.get_or_create(every=120, period="seconds")
    PeriodicTask.objects.create(
        name=SWEEP, task="registrations.expire_overdue", interval=every, enabled=False
    )
    for name in set(settings.CELERY_BEAT_SCHEDULE) - {SWEEP}:
        periodic_run_record(name=name, now=NOW + datetime.timedelta(minutes=10))
    time_machine.move_to(NOW + datetime.timedelta(minutes=10), tick=False)

    assert client.get("/sante/").status_code == 200


def test_the_interval_set_in_the_admin_is_the_one_judged(client, deployed, time_machine):
    completed_all(NOW)
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.create(name=SWEEP, task="registrations.expire_overdue", interval=hourly)
    for name in set(settings.CELERY_BEAT_SCHEDULE) - {SWEEP}:
        periodic_run_record(name=name, now=NOW + datetime.timedelta(minutes=121))
    time_machine.move_to(NOW + datetime.timedelta(minutes=119), tick=False)
    assert client.get("/sante/").status_code == 200

    time_machine.move_to(NOW + datetime.timedelta(minutes=121), tick=False)
    assert client.get("/sante/").content.decode().endswith(f": {SWEEP}\n")


def test_a_task_added_in_the_admin_is_watched_from_its_creation(client, deployed, now):
    minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(
        name="ajout-uppctsc", task="deferrals.purge_files", interval=minute
    )

    assert PeriodicRun.objects.get(name="ajout-uppctsc").watched_since == now


def test_a_completion_never_moves_back(deployed):
    periodic_run_record(name=SWEEP, now=NOW + SECOND)
    periodic_run_record(name=SWEEP, now=NOW)  # a slower worker finishing an older run

    assert PeriodicRun.objects.get(name=SWEEP).last_completed_at == NOW + SECOND


def test_the_admin_index_names_the_late_tasks_to_uppctsc(client, uppctsc, deployed, time_machine):
    client.force_login(uppctsc)
    completed_all(NOW)
    time_machine.move_to(NOW + 2 * MINUTE - SECOND, tick=False)
    assert "Tâches périodiques en retard" not in client.get("/admin/").content.decode()

    time_machine.move_to(NOW + 2 * sweep_interval() + SECOND, tick=False)
    page = client.get("/admin/").content.decode()

    assert "Tâches périodiques en retard" in page
    assert f"{PICK_UP}, {SWEEPS}" in page
    assert "/admin/django_celery_beat/periodictask/" in page


def test_the_healthcheck_command_fails_with_the_late_tasks(deployed, time_machine, capsys):
    from django.core.management import CommandError, call_command

    completed_all(NOW)
    call_command("periodic_tasks_health")
    assert capsys.readouterr().out == "ok\n"

    time_machine.move_to(NOW + 2 * MINUTE + SECOND, tick=False)
    with pytest.raises(CommandError, match=f"en retard : {EVERY_MINUTE}$"):
        call_command("periodic_tasks_health")


def test_a_flush_without_apps_still_watches_the_schedule():
    # `flush` (between transactional tests, or by hand) sends post_migrate with apps=None.
    PeriodicRun.objects.all().delete()
    on_post_migrate(apps=None)
    assert set(PeriodicRun.objects.values_list("name", flat=True)) == set(
        settings.CELERY_BEAT_SCHEDULE
    )
