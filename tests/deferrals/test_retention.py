"""Justification files are deleted N months after the decision; the record stays."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from deferrals.models import Deferral
from deferrals.retention import deferral_files_purge, months_before
from deferrals.services import deferral_reject
from deferrals.tasks import deferral_files_purge_task
from tests.deferrals.conftest import request

UTC = datetime.UTC
SIX_MONTHS_LATER = datetime.datetime(2026, 9, 10, 9, 0, tzinfo=UTC)  # NOW + 6 months


@pytest.fixture
def decided(confirmed, uppctsc, now):
    return deferral_reject(
        deferral=request(confirmed, "E1", now=now), actor=uppctsc, now=now, note="Illisible."
    )


def test_file_is_deleted_six_months_after_the_decision_and_the_record_stays(
    decided, confirmed, private_storage, now
):
    stored = private_storage / decided.justification.name
    pending = request(confirmed, "E2", now=now)  # undecided: kept whatever its age

    assert deferral_files_purge(now=SIX_MONTHS_LATER - datetime.timedelta(minutes=1)) == 0
    assert stored.exists()
    assert deferral_files_purge(now=SIX_MONTHS_LATER) == 1
    assert deferral_files_purge(now=SIX_MONTHS_LATER) == 0  # idempotent

    assert not stored.exists()
    decided.refresh_from_db()
    assert decided.file_deleted_at == SIX_MONTHS_LATER
    assert not decided.has_file
    assert decided.file_name == "certificat-medical.pdf" and decided.file_size > 0
    assert len(decided.file_sha256) == 64
    pending.refresh_from_db()
    assert pending.has_file


def test_the_retention_is_a_setting(decided, settings):
    settings.DEFERRAL_FILE_RETENTION_MONTHS = 1

    assert deferral_files_purge(now=datetime.datetime(2026, 4, 10, 9, 0, tzinfo=UTC)) == 1


def test_a_deleted_file_answers_gone_with_its_record(client, candidate, decided):
    deferral_files_purge(now=SIX_MONTHS_LATER)
    client.force_login(candidate.user)

    response = client.get(reverse("deferrals:justification", args=[decided.pk]))

    assert response.status_code == 410
    assert "certificat-medical.pdf" in response.content.decode()


def test_the_command_and_the_task_call_the_same_purge(decided, capsys, settings):
    settings.DEFERRAL_FILE_RETENTION_MONTHS = 0  # due at once: the clock is frozen at the decision

    call_command("purge_deferral_files")
    assert "1 justificatif(s) supprimé(s)" in capsys.readouterr().out
    assert deferral_files_purge_task() == 0
    assert Deferral.objects.get().file_deleted_at is not None


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ((2026, 3, 10), 6, (2025, 9, 10)),
        ((2026, 8, 31), 6, (2026, 2, 28)),
        ((2026, 1, 15), 1, (2025, 12, 15)),
    ],
)
def test_months_before(moment, months, expected):
    start = datetime.datetime(*moment, 9, 0, tzinfo=UTC)

    assert months_before(start, months) == datetime.datetime(*expected, 9, 0, tzinfo=UTC)
