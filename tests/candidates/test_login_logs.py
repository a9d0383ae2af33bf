"""Login logs are personal data (address, username, browser): django-axes writes them on every
login and never deletes them; they go LOGIN_LOG_RETENTION_DAYS after the login."""

import datetime

import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client

from candidates.login_logs import login_logs_purge
from candidates.tasks import login_logs_purge_task
from tests.candidates.helpers import attempt
from tests.factories import PASSWORD, CandidateFactory

DAY = datetime.timedelta(days=1)


def logins(candidate) -> None:
    """A failure from one address (a counter row), then a success from another (an access log;
    a success clears only its own address's counter)."""
    client = Client()
    assert attempt(client, candidate.nuc, "mauvais", ip="198.51.100.9").status_code == 200
    assert attempt(client, candidate.nuc, PASSWORD).status_code == 302


def rows() -> tuple[int, int, int]:
    return (
        AccessLog.objects.count(),
        AccessFailureLog.objects.count(),
        AccessAttempt.objects.count(),
    )


def test_login_logs_older_than_the_retention_go_and_recent_ones_stay(candidate, now, settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 180
    logins(candidate)  # at NOW
    recent = CandidateFactory()
    with time_machine.travel(now + 10 * DAY, tick=False):
        logins(recent)  # axes itself drops the first counter, past its cool-off
    assert rows() == (2, 0, 1)

    later = now + 180 * DAY + datetime.timedelta(minutes=1)
    assert login_logs_purge(now=later) == 1
    assert rows() == (1, 0, 1)
    assert {log.username for log in AccessLog.objects.all()} == {recent.nuc}
    assert login_logs_purge(now=later) == 0  # idempotent
    assert rows() == (1, 0, 1)


def test_a_login_exactly_at_the_retention_stays_until_it_is_past(candidate, now, settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 1
    logins(candidate)
    assert login_logs_purge(now=now + DAY) == 0
    assert login_logs_purge(now=now + DAY + datetime.timedelta(seconds=1)) == 2
    assert rows() == (0, 0, 0)


def test_axes_failure_log_once_turned_on_is_purged_too(candidate, now, settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 30
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True  # off by default (axes)
    logins(candidate)
    assert rows() == (1, 1, 1)
    assert login_logs_purge(now=now + 31 * DAY) == 3
    assert rows() == (0, 0, 0)


def test_the_daily_task_purges_with_the_current_time(candidate, now, settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 30
    logins(candidate)
    with time_machine.travel(now + 29 * DAY, tick=False):
        assert login_logs_purge_task() == 0
    with time_machine.travel(now + 31 * DAY, tick=False):
        assert login_logs_purge_task() == 2
    assert rows() == (0, 0, 0)
