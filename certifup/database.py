"""The default database, for the settings' DATABASES: PostgreSQL on the real stack, SQLite under
var/ in the embedded default."""

from pathlib import Path
from typing import Any

import environ


def database(url: str, *, conn_max_age: int, var_dir: Path) -> dict[str, Any]:
    """The connection settings for DATABASE_URL, or the embedded SQLite file when it is empty."""
    config: dict[str, Any] = environ.Env.db_url_config(
        url or f"sqlite:///{var_dir / 'db.sqlite3'}"
    )
    config["CONN_MAX_AGE"] = conn_max_age
    # A PostgreSQL restart must not need a web restart: stale connections are checked and replaced.
    config["CONN_HEALTH_CHECKS"] = True
    # Form choices are read with QuerySet.iterator(), which on PostgreSQL declares a server-side
    # cursor WITH HOLD outside a transaction: several milliseconds for a list of ten software. Our
    # result sets are small and paginated; client-side cursors also keep a transaction-pooling
    # PgBouncer possible (docs/deployment.md).
    config["DISABLE_SERVER_SIDE_CURSORS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        var_dir.mkdir(exist_ok=True)
        # Several threads (runserver, the embedded worker and its beat) write: wait for the lock,
        # don't fail. IMMEDIATE: a transaction takes the write lock when it begins, so it waits for
        # it (timeout) instead of failing at once with « database is locked » when it upgrades from
        # a read (the beat lost a schedule entry that way at start).
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    return config
