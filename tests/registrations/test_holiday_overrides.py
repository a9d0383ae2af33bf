"""Legal days off: each override row of `centres.holiday_overrides` with a fixed-date deadline.

Expected deadlines are written literally (72 working hours = three working days, same local
time), each with the calendar reasoning that gives it.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from centres.holiday_overrides import OVERRIDES, public_holidays
from centres.territories import territory_for_department
from registrations.deadlines import add_working_hours


def deadline(department: str, *start: int) -> datetime:
    territory = territory_for_department(department)
    local_start = datetime(*start, tzinfo=territory.timezone)
    due = add_working_hours(start=local_start, hours=72, territory=territory)
    return due.astimezone(territory.timezone).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("department", "start", "due"),
    [
        # 971, Good Friday 18 Apr 2025 is worked; Easter Monday 21 Apr is off (L3133-1):
        # Thu 9 h + Fri 24 h + Tue 24 h + Wed 15 h.
        ("971", (2025, 4, 17, 15), (2025, 4, 23, 15)),
        # 971, Mi-Carême Thu 27 Mar 2025 is worked: Wed → Mon 31 Mar (weekend skipped).
        ("971", (2025, 3, 26, 15), (2025, 3, 31, 15)),
        # 21 July 2025 (a Monday) is worked in 971, 972 and Saint-Martin: Fri → Wed 23 Jul.
        ("971", (2025, 7, 18, 15), (2025, 7, 23, 15)),
        ("972", (2025, 7, 18, 15), (2025, 7, 23, 15)),
        ("978", (2025, 7, 18, 15), (2025, 7, 23, 15)),
        # 987, Matāri'i Thu 20 Nov 2025 is off from 2025: Wed → Tue 25 Nov, not Mon 24.
        ("987", (2025, 11, 19, 15), (2025, 11, 25, 15)),
        # 987, 29 June 2026 (a Monday) is worked since the 2025 loi du pays: Fri → Wed 1 Jul.
        ("987", (2026, 6, 26, 15), (2026, 7, 1, 15)),
        # 987, before the change, 29 June 2023 (a Thursday) was off:
        # Wed 9 h + Fri 24 h + Mon 24 h + Tue 15 h.
        ("987", (2023, 6, 28, 15), (2023, 7, 4, 15)),
        # What stays from the package: the abolition day of L3422-2, Tue 27 May 2025 in 971,
        # then Ascension Thu 29 May: Mon 9 h + Wed 24 h + Fri 24 h + Mon 2 Jun 15 h.
        ("971", (2025, 5, 26, 15), (2025, 6, 2, 15)),
        # Alsace-Moselle (L3134-13) keeps Good Friday: Thu 17 Apr 2025 → Wed 23 → Thu 24 Apr.
        ("57", (2025, 4, 17, 15), (2025, 4, 24, 15)),
    ],
)
def test_deadline_with_the_legal_days_off(department, start, due) -> None:
    assert deadline(department, *start) == datetime(*due)


def test_every_override_names_its_source_and_applies() -> None:
    for override in OVERRIDES:
        assert override.source.strip(), override
        day = override.date_in(2025)
        assert day is not None
        present = day in public_holidays(override.subdivision, 2025)
        assert present is (override.change.value == "add"), override


def test_mainland_keeps_the_package_list() -> None:
    assert date(2025, 4, 21) in public_holidays(None, 2025)
    assert date(2025, 4, 18) not in public_holidays(None, 2025)


def test_zones_are_the_territories_own() -> None:
    # The fixed-date cases above are in local time: check they read the right clock.
    assert territory_for_department("971").timezone == ZoneInfo("America/Guadeloupe")
