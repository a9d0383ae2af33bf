"""Payment deadlines counted in working hours ("heures ouvrées") in a centre's local time.

A working day is Monday to Friday minus the public holidays of the centre's territory and minus
the days the centre itself is closed (`centres.Closure`), and it counts as 24 working hours of
local wall-clock time. So 72 working hours are three working days: pre-validated Friday 15:00,
due Wednesday 15:00 local, whatever daylight-saving change happens in between.

Pure Python on purpose: no Django, so the rules are tested without a database. The centre's
closed days come in as a value (`closed_days`, local dates) that the caller reads
(`centres.closures.closed_days`).
"""

from collections.abc import Set
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from centres.holiday_overrides import public_holidays
from centres.territories import Territory

_DAY = timedelta(days=1)
_NO_TIME = timedelta(0)
_WORKING_WEEKDAYS = 5  # Monday (0) to Friday (4)
NO_CLOSURE: frozenset[date] = frozenset()


def add_working_hours(
    *, start: datetime, hours: int, territory: Territory, closed_days: Set[date] = NO_CLOSURE
) -> datetime:
    """Return, in UTC, the instant at which `hours` working hours have elapsed since `start`.

    A start on a non-working day counts from 00:00 of the next working day. A count that ends
    exactly with a working day gives the midnight closing that day, not the next working day.
    """
    _require_aware(start, "start")
    if hours < 0:
        raise ValueError(f"hours must not be negative, got {hours}")
    calendar = _Calendar(territory.holiday_subdivision, closed_days)
    day, elapsed = _counting_start(start.astimezone(territory.timezone), calendar)
    remaining = timedelta(hours=hours)
    # Walk whole local days so the deadline keeps the wall-clock time of the start across a
    # daylight-saving change; `>` (not `>=`) stops at the midnight ending the last working day.
    while remaining > _DAY - elapsed:
        remaining -= _DAY - elapsed
        day = calendar.next_working_day(day)
        elapsed = _NO_TIME
    wall_clock = datetime.combine(day, time()) + elapsed + remaining
    return wall_clock.replace(tzinfo=territory.timezone).astimezone(UTC)


def working_hours_between(
    *,
    start: datetime,
    end: datetime,
    territory: Territory,
    closed_days: Set[date] = NO_CLOSURE,
) -> timedelta:
    """Return the local working time from `start` to `end` (negative if `end` is earlier).

    A timedelta rather than a float so that "exactly 72 hours" compares exactly.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end < start:
        return -working_hours_between(
            start=end, end=start, territory=territory, closed_days=closed_days
        )
    calendar = _Calendar(territory.holiday_subdivision, closed_days)
    local_start = start.astimezone(territory.timezone)
    local_end = end.astimezone(territory.timezone)
    # Full working days from the start's midnight to the end's midnight, then correct both ends
    # by the part of their own day already worked.
    whole_days = calendar.working_days_from(local_start.date(), local_end.date())
    return (
        _DAY * whole_days
        + calendar.worked_so_far_today(local_end)
        - calendar.worked_so_far_today(local_start)
    )


@dataclass(frozen=True)
class _Calendar:
    """Which local days are worked: weekdays, minus the territory's legal days off (through
    `public_holidays`, their one reader) and the centre's own closed days."""

    subdivision: str | None
    closed_days: Set[date]

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < _WORKING_WEEKDAYS
            and day not in public_holidays(self.subdivision, day.year)
            and day not in self.closed_days
        )

    def next_working_day(self, day: date) -> date:
        day += _DAY
        while not self.is_working_day(day):
            day += _DAY
        return day

    def worked_so_far_today(self, local: datetime) -> timedelta:
        return _since_midnight(local) if self.is_working_day(local.date()) else _NO_TIME

    def working_days_from(self, first: date, last: date) -> int:
        """Count working days in [first, last), with first <= last, without walking day by
        day: the weekdays, minus the holidays and closed days that fall on one of them."""
        weeks, extra_days = divmod((last - first).days, 7)
        weekdays = weeks * _WORKING_WEEKDAYS + sum(
            1 for offset in range(extra_days) if (first.weekday() + offset) % 7 < _WORKING_WEEKDAYS
        )
        days_off = {
            holiday
            for year in range(first.year, last.year + 1)
            for holiday in public_holidays(self.subdivision, year)
        }
        days_off.update(self.closed_days)  # a closure on a holiday counts once
        return weekdays - sum(
            1 for day in days_off if first <= day < last and day.weekday() < _WORKING_WEEKDAYS
        )


def _require_aware(moment: datetime, name: str) -> None:
    # A naive datetime would be read in the server's zone, not the centre's: refuse it.
    if moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {moment!r}")


def _counting_start(local: datetime, calendar: _Calendar) -> tuple[date, timedelta]:
    """Return the local day on which counting starts and the time already past on that day."""
    if calendar.is_working_day(local.date()):
        return local.date(), _since_midnight(local)
    return calendar.next_working_day(local.date()), _NO_TIME


def _since_midnight(local: datetime) -> timedelta:
    # Wall-clock difference (naive), so a day always counts 24 hours, even a 23- or 25-hour one.
    return local.replace(tzinfo=None) - datetime.combine(local.date(), time())
