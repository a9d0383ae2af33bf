"""How a request's times read, everywhere a person reads one (pages, timeline, mails, PDFs,
exports): in the centre's clock, the zone named when it is not Paris time or not the reader's.

The reader is the candidate when their postal code tells their clock (a Papeete candidate at a
Paris centre reads « (heure de Paris) »); otherwise, as for the centre's staff, the zone is named
whenever it is not Paris time.
"""

import datetime
import functools

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language

from candidates.models import Candidate
from centres.models import Centre, Department, Session
from centres.territories import Territory, territory_for_department, territory_for_postal_code

PARIS = territory_for_department("75")


def candidate_territory(candidate: Candidate | None) -> Territory | None:
    if candidate is None:
        return None
    return territory_for_postal_code(candidate.postal_code)


def _zone_suffix(territory: Territory, reader: Territory | None) -> str:
    other_clock = reader is not None and reader.timezone.key != territory.timezone.key
    if territory.is_metropolitan_time and not other_clock:
        return ""
    return f" ({territory.time_name})"


def clock_record(*, centre: Centre, reader: Candidate | None = None) -> dict[str, str]:
    """What a mail's frozen context keeps of a clock (``notifications.frozen``): the centre's
    département and the reader's postal code, from which ``clock_from_record`` gives back what
    the functions below take, without the database."""
    record = {"department": centre.department_id}
    if reader is not None:
        record["reader_postal_code"] = reader.postal_code
    return record


def clock_from_record(record: dict[str, str]) -> tuple[Centre, Candidate | None]:
    centre = Centre(department=Department(code=record["department"]))
    postal_code = record.get("reader_postal_code")
    return centre, None if postal_code is None else Candidate(postal_code=postal_code)


def centre_clock(moment: datetime.datetime, *, centre: Centre) -> datetime.datetime:
    """The moment on the centre's clock (what a spreadsheet cell holds, its zone in the
    column's header)."""
    return moment.astimezone(centre.department.territory.timezone)


def machine_time(moment: datetime.datetime | None) -> str:
    """A ``<time datetime="…">`` value: « 2026-03-10T08:45:00+0100 », in the site's clock
    (what ``|date:'Y-m-d\\TH:i:sO'`` gave, six times faster: a timeline has one per event)."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S%z")


def local_time_text(
    moment: datetime.datetime | None, *, centre: Centre, reader: Candidate | None = None
) -> str:
    """« mardi 10 mars 2026 à 8 h 45 (heure de Tahiti) »."""
    if moment is None:
        return ""
    return _moment_text(moment, territory=centre.department.territory, reader=reader)


def _moment_text(
    moment: datetime.datetime, *, territory: Territory, reader: Candidate | None
) -> str:
    local = moment.astimezone(territory.timezone)
    text = f"{_day_text(local)} à {_time_text(local)}"
    return text + _zone_suffix(territory, candidate_territory(reader))


def session_time_text(moment: datetime.datetime | None, *, reader: Candidate | None) -> str:
    """A session's registration window, the same for every centre: « lundi 1 juin 2026 à
    9 h 00 (heure de Paris) », in Paris time (UPPCTSC's). The zone is named unless the reader is
    known to live on Paris time: a session is open to candidates of every territory."""
    if moment is None:
        return ""
    paris = territory_for_department("75")
    text = _moment_text(moment, territory=paris, reader=reader)
    if reader is None or candidate_territory(reader) is None:
        text += f" ({paris.time_name})"
    return text


def deadline_text(
    moment: datetime.datetime | None, *, centre: Centre, reader: Candidate | None = None
) -> str:
    """« au plus tard le mercredi 2 décembre 2026 à 23 h 59 (heure de Tahiti) ».

    A deadline at local midnight is the end of the day before: « avant le jeudi 3 à 00:00 »
    reads as « all of Thursday ».
    """
    if moment is None:
        return ""
    territory = centre.department.territory
    local = moment.astimezone(territory.timezone)
    return _at_the_latest(local) + _zone_suffix(territory, candidate_territory(reader))


def registration_closing_text(session: Session) -> str:
    """When a session's requests must be submitted by, worded as a deadline: « au plus tard le
    dimanche 27 décembre 2026 à 23 h 59 (heure de Paris) ». The registration window is
    national, on Paris time; the home page and ``load_demo`` both say it this way."""
    local = session.registration_closes_at.astimezone(PARIS.timezone)
    return f"{_at_the_latest(local)} ({PARIS.time_name})"


def _at_the_latest(local: datetime.datetime) -> str:
    if local.time() == datetime.time(0, 0):
        day = local - datetime.timedelta(days=1)
        text = f"{_day_text(day)} à 23 h 59"
    else:
        text = f"{_day_text(local)} à {_time_text(local)}"
    return "au plus tard le " + text


def _day_text(local: datetime.datetime) -> str:
    """« mardi 10 mars 2026 »: Django's ``date_format(local, "l j F Y")``, written out because
    that call (a format lookup, a formatter object, a lazy name per letter) was a tenth of a
    list page; the day and month names are still Django's, in the active language."""
    weekdays, months = _names(get_language())
    return f"{weekdays[local.weekday()]} {local.day} {months[local.month]} {local.year:04d}"


def _time_text(local: datetime.datetime) -> str:
    """« 15 h 00 » (Django's ``G \\h i``): how French people write a time, and no « 24:00 » /
    « 00:00 » to misread."""
    return f"{local.hour} h {local.minute:02d}"


@functools.cache
def _names(language: str | None) -> tuple[tuple[str, ...], dict[int, str]]:
    """The day and month names, translated once per language."""
    return tuple(str(WEEKDAYS[day]) for day in range(7)), {
        month: str(name) for month, name in MONTHS.items()
    }
