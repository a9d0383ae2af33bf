"""One dated archive holds everything that cannot be rebuilt: the PostgreSQL database
(``pg_dump -Fc``) and the private files (deferral justifications). ``make backup`` writes it,
``make restore FILE=…`` puts both back into an empty database and an empty folder.

The dump comes first, then the files: a justification is written before the row that names it
is committed, so every file the dump names is on disk when the files are copied (unless the
retention purge deletes it in between, which it would have done anyway)."""

import datetime
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

DUMP_NAME = "database.dump"
FILES_NAME = "private"


class BackupError(Exception):
    """A backup or a restore that must not go on; the message says why, for the operator."""


def backup_write(*, directory: Path, now: datetime.datetime) -> Path:
    """Write ``certifup-<UTC time>.tar`` in ``directory`` and return its path. Only readable by
    its owner: it holds every candidate's personal data."""
    private_root = _private_root()
    archive = directory / f"certifup-{now.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}.tar"
    directory.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        _run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", dump)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w") as tar:
            tar.add(dump, arcname=DUMP_NAME)
            if private_root.exists():
                tar.add(private_root, arcname=FILES_NAME)
    # Under its final name only once complete: a crash never leaves a truncated « backup ».
    partial.rename(archive)
    return archive


def backup_restore(*, archive: Path) -> None:
    """Restore ``archive`` into the configured database and private folder, both empty."""
    private_root = _private_root()
    if connection.introspection.table_names():
        raise BackupError(f"The database {_database()['NAME']} is not empty: restore refused.")
    if private_root.exists() and any(private_root.iterdir()):
        raise BackupError(f"The folder {private_root} is not empty: restore refused.")
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        tar.extractall(work, filter="data")
        _run_pg("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                "--single-transaction", Path(work) / DUMP_NAME)  # fmt: skip
        files = Path(work) / FILES_NAME
        if files.exists():
            shutil.copytree(files, private_root, dirs_exist_ok=True)


def _database() -> dict:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…).")
    return database


def _private_root() -> Path:
    private = settings.STORAGES["private"]
    if private["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        raise BackupError(
            "The private files are in a bucket: back it up with the provider's versioning."
        )
    return Path(private["OPTIONS"]["location"])


def _run_pg(program: str, *arguments: str | Path) -> None:
    """pg_dump or pg_restore on the configured database; the password through the environment,
    never on a command line that `ps` shows."""
    database = _database()
    target = [f"--dbname={database['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            target.append(f"{flag}={database[key]}")
    environment = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    result = subprocess.run(
        [program, *target, *map(str, arguments)], env=environment, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
