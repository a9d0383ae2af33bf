"""Payment deadline in working hours: fixed calendar cases, then properties over random starts.

Expected deadlines are written literally, derived by hand from the calendar (see each comment),
so a bug shared by `add_working_hours` and `working_hours_between` cannot hide.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centres.holiday_overrides import public_holidays
from centres.territories import (
    PLACES,
    Territory,
    department_code_normalise,
    department_code_refusal,
    territory_for_department,
)
from registrations.deadlines import add_working_hours, working_hours_between

PARIS = ZoneInfo("Europe/Paris")
TAHITI = ZoneInfo("Pacific/Tahiti")
PARIS_TERRITORY = territory_for_department("75")


def local_deadline(start: datetime, *, department: str = "75", hours: int = 72) -> datetime:
    """Deadline for a start given in local time, returned in that same zone for readability."""
    territory = territory_for_department(department)
    due = add_working_hours(start=start.astimezone(UTC), hours=hours, territory=territory)
    assert due.tzinfo is UTC
    return due.astimezone(start.tzinfo)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def tahiti(*args: int) -> datetime:
    return datetime(*args, tzinfo=TAHITI)


@pytest.mark.parametrize(
    ("department", "start", "hours", "expected"),
    [
        # Fri 9h + Mon 24h + Tue 24h + Wed 15h = 72h.
        pytest.param("75", paris(2026, 1, 9, 15), 72, paris(2026, 1, 14, 15), id="friday-15h"),
        # Ascension Thu 14 May 2026 is skipped, the "pont" Friday 15 is worked:
        # Tue 14h + Wed 24h + Fri 24h + Mon 10h.
        pytest.param("75", paris(2026, 5, 12, 10), 72, paris(2026, 5, 18, 10), id="ascension"),
        # Bastille Day Tue 14 July 2026: Fri 9h + Mon 24h + Wed 24h + Thu 15h.
        pytest.param("75", paris(2026, 7, 10, 15), 72, paris(2026, 7, 16, 15), id="14-july"),
        # Fri 1 min + Mon 24h + Tue 24h + Wed 23h59.
        pytest.param("75", paris(2026, 1, 9, 23, 59), 72, paris(2026, 1, 14, 23, 59), id="23h59"),
        # Exactly three whole days: the midnight ending Tuesday, not a later one.
        pytest.param("75", paris(2026, 1, 9), 72, paris(2026, 1, 14), id="friday-midnight"),
        # Wed + Thu + Fri end on Saturday 00:00; the weekend does not push it to Monday.
        pytest.param("75", paris(2026, 1, 7), 72, paris(2026, 1, 10), id="ends-before-weekend"),
        # Saturday: counting starts Monday 00:00, three whole days end Thursday 00:00.
        pytest.param("75", paris(2026, 1, 10, 14), 72, paris(2026, 1, 15), id="saturday"),
        # Bastille Day itself: counting starts Wed 15 July 00:00; Wed + Thu + Fri.
        pytest.param("75", paris(2026, 7, 14, 10), 72, paris(2026, 7, 18), id="on-holiday"),
        # Fri 9h + Mon 21h.
        pytest.param("75", paris(2026, 1, 9, 15), 30, paris(2026, 1, 12, 21), id="30h-weekend"),
        # Mon 14h + Tue 16h.
        pytest.param("75", paris(2026, 1, 12, 10), 30, paris(2026, 1, 13, 16), id="30h-midweek"),
        pytest.param("75", paris(2026, 1, 12, 10), 0, paris(2026, 1, 12, 10), id="zero"),
    ],
)
def test_deadline(department: str, start: datetime, hours: int, expected: datetime) -> None:
    assert local_deadline(start, department=department, hours=hours) == expected


@pytest.mark.parametrize(
    ("department", "expected"),
    [
        # Easter Monday 6 April 2026 is national: Wed 12h + Thu 24h + Fri 24h + Tue 12h.
        ("75", paris(2026, 4, 7, 12)),
        # Good Friday 3 April is also off in Alsace-Moselle: Wed 12h + Thu 24h + Tue 24h + Wed 12h.
        ("57", paris(2026, 4, 8, 12)),
        ("67", paris(2026, 4, 8, 12)),
        ("68", paris(2026, 4, 8, 12)),
    ],
)
def test_good_friday_only_off_in_alsace_moselle(department: str, expected: datetime) -> None:
    assert local_deadline(paris(2026, 4, 1, 12), department=department) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Internal Autonomy Day, Wed 29 June 2022: Mon 15h + Tue 24h + Thu 24h + Fri 9h.
        (tahiti(2022, 6, 27, 9), tahiti(2022, 7, 1, 9)),
        # The `holidays` data drops 29 June from 2025 on: Mon 29 June 2026 is worked,
        # Fri 15h + Mon 24h + Tue 24h + Wed 9h.
        (tahiti(2026, 6, 26, 9), tahiti(2026, 7, 1, 9)),
        # Matāri'i, Thu 20 November 2025 (from 2025): Tue 15h + Wed 24h + Fri 24h + Mon 9h.
        (tahiti(2025, 11, 18, 9), tahiti(2025, 11, 24, 9)),
    ],
)
def test_french_polynesia_holidays(start: datetime, expected: datetime) -> None:
    assert local_deadline(start, department="987") == expected


def test_dst_spring_forward_keeps_wall_clock_time() -> None:
    # Clocks go forward on Sunday 29 March 2026: 15:00 CET is 14:00 UTC, 15:00 CEST is 13:00 UTC.
    start = paris(2026, 3, 27, 15)
    due = add_working_hours(start=start, hours=72, territory=PARIS_TERRITORY)
    assert due == datetime(2026, 4, 1, 13, tzinfo=UTC)
    assert due.astimezone(PARIS) == paris(2026, 4, 1, 15)


def test_dst_fall_back_keeps_wall_clock_time() -> None:
    # Clocks go back on Sunday 25 October 2026: 15:00 CEST is 13:00 UTC, 15:00 CET is 14:00 UTC.
    start = paris(2026, 10, 23, 15)
    due = add_working_hours(start=start, hours=72, territory=PARIS_TERRITORY)
    assert due == datetime(2026, 10, 28, 14, tzinfo=UTC)
    # 5 days and 1 hour of real time, but 72 hours of working wall-clock time.
    assert due - start == timedelta(days=5, hours=1)
    elapsed = working_hours_between(start=start, end=due, territory=PARIS_TERRITORY)
    assert elapsed == timedelta(hours=72)


def test_same_instant_gives_different_deadlines_in_paris_and_papeete() -> None:
    # Friday 5 June 2026 23:00 UTC is Saturday 01:00 in Paris but Friday 13:00 in Papeete.
    start = datetime(2026, 6, 5, 23, tzinfo=UTC)
    in_paris = add_working_hours(start=start, hours=72, territory=PARIS_TERRITORY)
    in_tahiti = add_working_hours(start=start, hours=72, territory=territory_for_department("987"))
    # Paris counts Mon, Tue, Wed from Monday 00:00: due Thursday 11 June 00:00 CEST.
    assert in_paris == datetime(2026, 6, 10, 22, tzinfo=UTC)
    # Papeete: Fri 11h + Mon 24h + Tue 24h + Wed 13h: Wednesday 10 June 13:00 (UTC-10).
    assert in_tahiti == datetime(2026, 6, 10, 23, tzinfo=UTC)


def test_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        add_working_hours(start=datetime(2026, 1, 9, 15), hours=72, territory=PARIS_TERRITORY)


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_hours(start=paris(2026, 1, 9, 15), hours=-1, territory=PARIS_TERRITORY)


@pytest.mark.parametrize(
    ("start", "end", "expected_hours"),
    [
        (paris(2026, 1, 9, 15), paris(2026, 1, 12, 10), 19),  # Fri 9h + Mon 10h
        (paris(2026, 1, 10, 8), paris(2026, 1, 11, 20), 0),  # inside a weekend
        (paris(2026, 1, 12, 10), paris(2026, 1, 12, 10), 0),
        (paris(2026, 1, 12, 10), paris(2026, 1, 9, 15), -19),  # reversed: negative
        (paris(2026, 7, 13, 12), paris(2026, 7, 15, 12), 24),  # Mon 12h + Wed 12h, 14 July off
        (paris(2025, 12, 31, 12), paris(2026, 1, 2, 12), 24),  # across the new year, 1 Jan off
        # 52 weeks of 5 weekdays, minus 8 weekday holidays in 2026 and Friday 1 January 2027.
        (paris(2026, 1, 5), paris(2027, 1, 4), 251 * 24),
    ],
)
def test_working_hours_between(start: datetime, end: datetime, expected_hours: int) -> None:
    got = working_hours_between(start=start, end=end, territory=PARIS_TERRITORY)
    assert got == timedelta(hours=expected_hours)


# --- Territories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "zone", "subdivision"),
    [
        ("75", "Europe/Paris", None),
        ("01", "Europe/Paris", None),
        ("57", "Europe/Paris", "57"),
        ("67", "Europe/Paris", "6AE"),
        ("68", "Europe/Paris", "6AE"),
        ("2A", "Europe/Paris", None),
        ("2B", "Europe/Paris", None),
        ("971", "America/Guadeloupe", "971"),
        ("974", "Indian/Reunion", "974"),
        ("975", "America/Miquelon", "PM"),
        ("986", "Pacific/Wallis", "WF"),
        ("987", "Pacific/Tahiti", "PF"),
        ("988", "Pacific/Noumea", "NC"),
    ],
)
def test_territory_for_department(code: str, zone: str, subdivision: str | None) -> None:
    assert territory_for_department(code) == Territory(
        timezone=ZoneInfo(zone), holiday_subdivision=subdivision
    )


@pytest.mark.parametrize("code", ["", "00", "20", "96", "99", "984", "2a", " 75", "75000"])
def test_unknown_department_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match=f"« {code} »"):
        territory_for_department(code)


ALL_DEPARTMENTS = (
    [f"{number:02d}" for number in range(1, 96) if number != 20]
    + ["2A", "2B"]
    + ["971", "972", "973", "974", "975", "976", "977", "978", "986", "987", "988"]
)


def test_every_subdivision_exists_in_the_holidays_package() -> None:
    # Guards against a `holidays` upgrade renaming a subdivision (it would raise at runtime).
    subdivisions = {territory_for_department(code).holiday_subdivision for code in ALL_DEPARTMENTS}
    assert subdivisions - {None} <= set(holidays.France.subdivisions)


# --- Properties ----------------------------------------------------------------------------

DEPARTMENTS = st.sampled_from(
    ["75", "57", "67", "971", "972", "973", "974", "975", "976", "978", "987", "988"]
)
STARTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
HOURS = st.sampled_from([1, 7, 24, 30, 48, 72, 100])
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@PROPERTY_SETTINGS
@given(start=STARTS, hours=HOURS, department=DEPARTMENTS)
def test_deadline_is_exactly_hours_working_hours_later(
    start: datetime, hours: int, department: str
) -> None:
    territory = territory_for_department(department)
    due = add_working_hours(start=start, hours=hours, territory=territory)
    elapsed = working_hours_between(start=start, end=due, territory=territory)
    assert elapsed == timedelta(hours=hours)


@PROPERTY_SETTINGS
@given(start=STARTS, hours=HOURS, department=DEPARTMENTS)
def test_deadline_falls_in_a_working_day_or_at_its_closing_midnight(
    start: datetime, hours: int, department: str
) -> None:
    territory = territory_for_department(department)
    local_due = add_working_hours(start=start, hours=hours, territory=territory).astimezone(
        territory.timezone
    )
    day = local_due.date()
    if local_due.time() == time():
        day -= timedelta(days=1)
    assert _is_working_day_by_the_calendar(day, territory.holiday_subdivision)


@PROPERTY_SETTINGS
@given(
    start=STARTS,
    later_by=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)),
    hours=HOURS,
    department=DEPARTMENTS,
)
def test_later_start_never_gives_earlier_deadline(
    start: datetime, later_by: timedelta, hours: int, department: str
) -> None:
    territory = territory_for_department(department)
    first = add_working_hours(start=start, hours=hours, territory=territory)
    second = add_working_hours(start=start + later_by, hours=hours, territory=territory)
    assert second >= first


@PROPERTY_SETTINGS
@given(
    start=STARTS,
    length=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
    department=DEPARTMENTS,
)
def test_working_hours_between_matches_a_day_by_day_count(
    start: datetime, length: timedelta, department: str
) -> None:
    territory = territory_for_department(department)
    end = start + length
    expected = _working_time_by_walking(start, end, territory)
    assert working_hours_between(start=start, end=end, territory=territory) == expected


# A centre's closures: up to four runs of closed days, each starting within three weeks of the
# pre-validation (before it, too) and lasting up to ten days.
CLOSURES = st.lists(
    st.tuples(st.integers(min_value=-5, max_value=20), st.integers(min_value=1, max_value=10)),
    max_size=4,
)


def _closed_days(start: datetime, territory: Territory, runs: list[tuple[int, int]]) -> set[date]:
    local_day = start.astimezone(territory.timezone).date()
    return {
        local_day + timedelta(days=offset + n) for offset, length in runs for n in range(length)
    }


@PROPERTY_SETTINGS
@given(start=STARTS, hours=HOURS, department=DEPARTMENTS, runs=CLOSURES)
def test_closures_never_bring_a_deadline_earlier(
    start: datetime, hours: int, department: str, runs: list[tuple[int, int]]
) -> None:
    territory = territory_for_department(department)
    closed = _closed_days(start, territory, runs)
    without = add_working_hours(start=start, hours=hours, territory=territory)
    with_closures = add_working_hours(
        start=start, hours=hours, territory=territory, closed_days=closed
    )
    assert with_closures >= without


@PROPERTY_SETTINGS
@given(start=STARTS, hours=HOURS, department=DEPARTMENTS, runs=CLOSURES)
def test_with_closures_exactly_hours_of_the_centre_remain_until_the_deadline(
    start: datetime, hours: int, department: str, runs: list[tuple[int, int]]
) -> None:
    # Judged by the slow day-by-day walk, which knows nothing of `working_hours_between`.
    territory = territory_for_department(department)
    closed = _closed_days(start, territory, runs)
    due = add_working_hours(start=start, hours=hours, territory=territory, closed_days=closed)
    assert _working_time_by_walking(start, due, territory, closed) == timedelta(hours=hours)
    assert working_hours_between(
        start=start, end=due, territory=territory, closed_days=closed
    ) == timedelta(hours=hours)


def test_a_closed_thursday_pushes_a_monday_deadline_to_tuesday() -> None:
    # Wed 14h + Thu 24h + Fri 24h + Mon 10h without; Thursday closed: Fri, Mon, Tue 10h.
    start = paris(2026, 3, 11, 10).astimezone(UTC)
    closed = {date(2026, 3, 12)}
    due = add_working_hours(start=start, hours=72, territory=PARIS_TERRITORY, closed_days=closed)
    assert add_working_hours(start=start, hours=72, territory=PARIS_TERRITORY) == paris(
        2026, 3, 16, 10
    )
    assert due == paris(2026, 3, 17, 10)


def test_a_closure_on_a_holiday_or_a_weekend_changes_nothing() -> None:
    # Ascension (Thu 14 May 2026) and the weekend after are days off already.
    start = paris(2026, 5, 12, 10).astimezone(UTC)
    closed = {date(2026, 5, 14), date(2026, 5, 16), date(2026, 5, 17)}
    due = add_working_hours(start=start, hours=72, territory=PARIS_TERRITORY, closed_days=closed)
    assert due == paris(2026, 5, 18, 10)
    assert working_hours_between(
        start=start, end=due, territory=PARIS_TERRITORY, closed_days=closed
    ) == timedelta(hours=72)


def _is_working_day_by_the_calendar(day: date, subdivision: str | None) -> bool:
    # The legal days off (package + sourced overrides); the walking below stays independent.
    return day.weekday() < 5 and day not in public_holidays(subdivision, day.year)


def _working_time_by_walking(
    start: datetime, end: datetime, territory: Territory, closed: set[date] | None = None
) -> timedelta:
    """Slow, obvious reference: overlap of [start, end) with each working day, in wall-clock."""
    local_start = start.astimezone(territory.timezone).replace(tzinfo=None)
    local_end = end.astimezone(territory.timezone).replace(tzinfo=None)
    total = timedelta(0)
    day = local_start.date()
    while day <= local_end.date():
        if _is_working_day_by_the_calendar(day, territory.holiday_subdivision) and day not in (
            closed or set()
        ):
            day_start = datetime.combine(day, time())
            overlap_start = max(local_start, day_start)
            overlap_end = min(local_end, day_start + timedelta(days=1))
            total += max(overlap_end - overlap_start, timedelta(0))
        day += timedelta(days=1)
    return total


@pytest.mark.parametrize(
    ("typed", "code"),
    [("2a", "2A"), (" 75", "75"), ("075", "75"), ("975 ", "975"), ("02a", "2A"), ("1", "01")],
)
def test_department_codes_are_read_as_people_type_them(typed: str, code: str) -> None:
    assert department_code_normalise(typed) == code
    assert department_code_refusal(code) is None


@pytest.mark.parametrize("code", ["984", "20", "00", "989", "0987", ""])
def test_a_code_no_centre_can_be_in_is_refused_in_french(code: str) -> None:
    refusal = department_code_refusal(department_code_normalise(code))
    assert refusal is not None and "«" in refusal


def test_the_table_holds_every_place_a_centre_can_be_in() -> None:
    assert set(PLACES) == set(ALL_DEPARTMENTS)
