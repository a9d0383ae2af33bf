"""`make backup` / `make restore FILE=…`: one archive holds the database (pg_dump -Fc) and the
private files; restored into an empty database and folder, every row and every justification
byte is back. The scripts run as the operator runs them, against real PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from deferrals.models import Deferral
from notifications.models import MailStatus, OutboundMail
from notifications.services import mails_send_due
from payments.models import Payment
from registrations.models import Registration, RegistrationEvent
from tests.deferrals.conftest import request
from tests.factories import advance, submit

BASE_DIR = Path(__file__).resolve().parent.parent
BACKUP = [sys.executable, str(BASE_DIR / "bin" / "backup")]


def database_url(name: str) -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    return f"postgres://{database['USER']}{password}@{host}:{database.get('PORT') or 5432}/{name}"


def run_backup(*arguments: str, database: str, private: Path) -> subprocess.CompletedProcess:
    environment = {
        **os.environ, "CERTIFUP_ENV": "development", "DATABASE_URL": database_url(database),
        "PRIVATE_STORAGE_ROOT": str(private),
    }  # fmt: skip
    return subprocess.run(
        [*BACKUP, *arguments], env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def empty_database():
    """A database beside the test one, created empty and dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(name: str) -> dict[str, list[str]]:
    """Each table's rows as JSON text, sorted: equal only if every value is."""
    with psycopg.connect(database_url(name)) as database:
        tables = database.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        return {
            table: sorted(row for (row,) in database.execute(
                f'SELECT row_to_json(t)::text FROM "{table}" t'
            ))
            for (table,) in tables
        }  # fmt: skip


def every_file(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# Committed, so that pg_dump sees the rows. serialized_rollback: the flush after a transactional
# test sends post_migrate without `apps`, which certifup.health's receiver does not expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_every_row_and_justification_byte_for_byte(
    candidate, centre_a, session, exams, staff_a, now, settings, tmp_path, empty_database,
):  # fmt: skip
    private = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private},
        },
    }
    registration = advance(
        submit(candidate, centre_a, session, exams[:2], now), to="confirmed", actor=staff_a,
        now=now,
    )  # fmt: skip
    request(registration, "E1", now=now)
    mails_send_due(now=now)  # those not already sent after the commit
    assert OutboundMail.objects.filter(status=MailStatus.SENT).exists()
    counts = [
        model.objects.count()
        for model in (Registration, RegistrationEvent, Payment, OutboundMail, Deferral)
    ]
    assert all(counts), counts
    source = connection.settings_dict["NAME"]
    rows, files = every_row(source), every_file(private)
    assert len(files) == 1 and next(iter(files.values())).startswith(b"%PDF")

    made = run_backup("--to", str(tmp_path / "backups"), database=source, private=private)
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.strip())
    assert archive.name.startswith("certifup-") and archive.suffix == ".tar"
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only

    restored_files = tmp_path / "restored-private"
    restore = run_backup(
        "--restore", str(archive), database=empty_database, private=restored_files
    )
    assert restore.returncode == 0, restore.stderr

    assert every_row(empty_database) == rows
    assert every_file(restored_files) == files


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_over_existing_data_is_refused(tmp_path, empty_database):
    private = tmp_path / "private"
    made = run_backup("--to", str(tmp_path), database=connection.settings_dict["NAME"],
                      private=private)  # fmt: skip
    assert made.returncode == 0, made.stderr
    archive = made.stdout.strip()
    assert (
        run_backup("--restore", archive, database=empty_database, private=private).returncode == 0
    )

    again = run_backup("--restore", archive, database=empty_database, private=private)
    assert again.returncode == 1
    assert "is not empty: restore refused" in again.stderr
