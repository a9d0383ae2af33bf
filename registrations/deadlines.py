"""Payment deadlines counted in working hours ("heures ouvrées") in a centre's local time.

A working day is Monday to Friday minus the public holidays of the centre's territory, and it
counts as 24 working hours of local wall-clock time. So 72 working hours are three working days:
pre-validated Friday 15:00, due Wednesday 15:00 local, whatever daylight-saving change happens
in between.

Pure Python on purpose: no Django, so the rules are tested without a database.
"""

from datetime import UTC, date, datetime, time, timedelta

from centres.holiday_overrides import public_holidays
from centres.territories import Territory

_DAY = timedelta(days=1)
_NO_TIME = timedelta(0)
_WORKING_WEEKDAYS = 5  # Monday (0) to Friday (4)


def add_working_hours(*, start: datetime, hours: int, territory: Territory) -> datetime:
    """Return, in UTC, the instant at which `hours` working hours have elapsed since `start`.

    A start on a non-working day counts from 00:00 of the next working day. A count that ends
    exactly with a working day gives the midnight closing that day, not the next working day.
    """
    _require_aware(start, "start")
    if hours < 0:
        raise ValueError(f"hours must not be negative, got {hours}")
    subdivision = territory.holiday_subdivision
    day, elapsed = _counting_start(start, territory)
    remaining = timedelta(hours=hours)
    # Walk whole local days so the deadline keeps the wall-clock time of the start across a
    # daylight-saving change; `>` (not `>=`) stops at the midnight ending the last working day.
    while remaining > _DAY - elapsed:
        remaining -= _DAY - elapsed
        day = _next_working_day(day, subdivision)
        elapsed = _NO_TIME
    wall_clock = datetime.combine(day, time()) + elapsed + remaining
    return wall_clock.replace(tzinfo=territory.timezone).astimezone(UTC)


def working_hours_between(*, start: datetime, end: datetime, territory: Territory) -> timedelta:
    """Return the local working time from `start` to `end` (negative if `end` is earlier).

    A timedelta rather than a float so that "exactly 72 hours" compares exactly.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end < start:
        return -working_hours_between(start=end, end=start, territory=territory)
    subdivision = territory.holiday_subdivision
    local_start = start.astimezone(territory.timezone)
    local_end = end.astimezone(territory.timezone)
    # Full working days from the start's midnight to the end's midnight, then correct both ends
    # by the part of their own day already worked.
    whole_days = _working_days_from(local_start.date(), local_end.date(), subdivision)
    return (
        _DAY * whole_days
        + _worked_so_far_today(local_end, subdivision)
        - _worked_so_far_today(local_start, subdivision)
    )


def _require_aware(moment: datetime, name: str) -> None:
    # A naive datetime would be read in the server's zone, not the centre's: refuse it.
    if moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {moment!r}")


def _counting_start(start: datetime, territory: Territory) -> tuple[date, timedelta]:
    """Return the local day on which counting starts and the time already past on that day."""
    local = start.astimezone(territory.timezone)
    if _is_working_day(local.date(), territory.holiday_subdivision):
        return local.date(), _since_midnight(local)
    return _next_working_day(local.date(), territory.holiday_subdivision), _NO_TIME


def _worked_so_far_today(local: datetime, subdivision: str | None) -> timedelta:
    if _is_working_day(local.date(), subdivision):
        return _since_midnight(local)
    return _NO_TIME


def _since_midnight(local: datetime) -> timedelta:
    # Wall-clock difference (naive), so a day always counts 24 hours, even a 23- or 25-hour one.
    return local.replace(tzinfo=None) - datetime.combine(local.date(), time())


def _next_working_day(day: date, subdivision: str | None) -> date:
    day += _DAY
    while not _is_working_day(day, subdivision):
        day += _DAY
    return day


def _is_working_day(day: date, subdivision: str | None) -> bool:
    return day.weekday() < _WORKING_WEEKDAYS and day not in _holidays_of(subdivision, day.year)


def _working_days_from(first: date, last: date, subdivision: str | None) -> int:
    """Count working days in [first, last), with first <= last, without walking day by day."""
    weeks, extra_days = divmod((last - first).days, 7)
    weekdays = weeks * _WORKING_WEEKDAYS + sum(
        1 for offset in range(extra_days) if (first.weekday() + offset) % 7 < _WORKING_WEEKDAYS
    )
    weekday_holidays = sum(
        1
        for year in range(first.year, last.year + 1)
        for holiday in _holidays_of(subdivision, year)
        if first <= holiday < last and holiday.weekday() < _WORKING_WEEKDAYS
    )
    return weekdays - weekday_holidays


def _holidays_of(subdivision: str | None, year: int) -> frozenset[date]:
    # The one reader of legal days off: the package corrected by its sourced overrides.
    return public_holidays(subdivision, year)
