"""The bench database: created and migrated when missing, regenerated only when its data marker
differs from the scale asked for, so a second ``make bench`` starts measuring at once."""

import datetime
import os
import subprocess
import sys
import time
from urllib.parse import urlparse

import psycopg

from bench.views import PING_TABLE

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/certifup_bench"
MARKER_TABLE = "bench_marker"


def database_url(small: bool = False) -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    return url + "_small" if small else url


def _admin_url(url: str) -> str:
    return urlparse(url)._replace(path="/postgres").geturl()


def _exists(url: str) -> bool:
    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def _marker(url: str) -> str | None:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()
        if row[0] is None:
            return None
        row = conn.execute(f"SELECT marker FROM {MARKER_TABLE}").fetchone()
        return row[0] if row else None


def recreate(url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    assert name.startswith("certifup_bench"), f"refusing to drop {name}"
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_env(url: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url}


def ensure(url: str, marker: str, log) -> float:
    """Returns the seconds spent generating (0 when the data was already there, migrated to
    the current code)."""
    if _exists(url) and _marker(url) == marker:
        _migrate(django_env(url))
        return 0.0
    started = time.monotonic()
    log(f"Génération de {urlparse(url).path.lstrip('/')} ({marker})…")
    recreate(url)
    env = django_env(url)
    _migrate(env)
    subprocess.run([sys.executable, "-m", "bench.generate", marker], env=env, check=True)
    return time.monotonic() - started


def _migrate(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, check=True
    )


def ensure_bench_tables(cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {PING_TABLE} (id bigserial PRIMARY KEY, payload text)"
    )
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (marker text NOT NULL)")


def write_marker(cursor, marker: str) -> None:
    cursor.execute(f"DELETE FROM {MARKER_TABLE}")
    cursor.execute(f"INSERT INTO {MARKER_TABLE} (marker) VALUES (%s)", [marker])


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
