"""Aggregates for both databases: PostgreSQL has them built in; SQLite (``make run``) gets the
same aggregate in Python, registered on each of its connections. The median serves the admin's
national view; the sorted list, the software names the submit's mails read with the offers."""

import json
import statistics

from django.db.backends.signals import connection_created
from django.db.models import Aggregate, DurationField, JSONField

_SQLITE_NAME = "certifup_median"
_SQLITE_SORTED = "certifup_sorted_list"


class Median(Aggregate):
    """The median of a duration; NULLs (a step not reached yet) are left out, as by any
    aggregate."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()
    allow_distinct = False

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function=_SQLITE_NAME,
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )


class _SqliteMedian:
    # SQLite hands durations over as microseconds (Django's django_timestamp_diff).
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


class SortedList(Aggregate):
    """The values of a NOT NULL column as a list, in the column's ``ORDER BY`` order. No rows:
    NULL, as by any aggregate."""

    function = "jsonb_agg"
    template = "%(function)s(%(expressions)s ORDER BY %(expressions)s)"
    output_field = JSONField()
    allow_distinct = False

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function=_SQLITE_SORTED,
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )


class _SqliteSortedList:
    # SQLite's own ORDER BY of text is by code point, as Python's sorted.
    def __init__(self) -> None:
        self.values: list[str] = []

    def step(self, value: str) -> None:
        self.values.append(value)

    def finalize(self) -> str | None:
        return json.dumps(sorted(self.values)) if self.values else None


def _register_on_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(_SQLITE_NAME, 1, _SqliteMedian)
        connection.connection.create_aggregate(_SQLITE_SORTED, 1, _SqliteSortedList)


def install() -> None:
    """Called once from an AppConfig.ready()."""
    connection_created.connect(_register_on_sqlite, dispatch_uid=_SQLITE_NAME)
