"""Legal days off: the `holidays` package, corrected where it counts a day the law does not.

A payment deadline is counted in the centre's working hours, so a day off the package invents
(or misses) moves every deadline across it. Each correction below is one row with its legal
source, so a lawyer can check it without reading code. A day that is customary but not legal
(a « jour chômé » by usage or collective agreement) is not a holiday here: a centre that closes
then declares the closure itself.

The French mainland list is Code du travail L3133-1; the overseas départements and Saint-Martin,
Saint-Barthélemy add only the abolition-of-slavery day of L3422-2. Alsace-Moselle (57, 67, 68)
adds Good Friday and 26 December by its local law (Code du travail L3134-13), which the package
already counts. French Polynesia, New Caledonia and Wallis-et-Futuna make their own labour law:
their rows cite their own texts.

Pure Python on purpose, like `centres.territories`: deadline tests must not need Django.
"""

import enum
import functools
from dataclasses import dataclass
from datetime import date, timedelta

import holidays


class Change(enum.Enum):
    ADD = "add"
    REMOVE = "remove"


@dataclass(frozen=True)
class Override:
    subdivision: str
    change: Change
    source: str
    # A fixed day (month, day), or days from Easter Sunday for a movable feast.
    fixed: tuple[int, int] | None = None
    days_from_easter: int | None = None
    first_year: int | None = None
    last_year: int | None = None

    def date_in(self, year: int) -> date | None:
        if self.first_year is not None and year < self.first_year:
            return None
        if self.last_year is not None and year > self.last_year:
            return None
        if self.fixed is not None:
            return date(year, *self.fixed)
        assert self.days_from_easter is not None
        return _easter(year) + timedelta(days=self.days_from_easter)


_NOT_IN_THE_CODE = (
    "Code du travail L3133-1 (fêtes légales) et L3422-2 (seul jour férié propre à ce territoire : "
    "l'abolition de l'esclavage) : ce jour n'y figure pas ; chômé par usage ou accord collectif, "
    "il ne compte que si le centre déclare une fermeture."
)
_MATARII = (
    "Loi du pays adoptée par l'assemblée de la Polynésie française le 6 mai 2025 (rapport "
    "n° 23-2025, JOPF n° 11 NA du 25/06/2025, p. 1392), modifiant la liste des jours fériés du "
    "code du travail de la Polynésie française : le 20 novembre (Matāri'i i ni'a) remplace le "
    "29 juin (fête de l'autonomie) à compter de 2025."
)

OVERRIDES: tuple[Override, ...] = (
    # Guadeloupe: Good Friday and Mi-Carême are customary days off, not legal ones.
    Override("971", Change.REMOVE, _NOT_IN_THE_CODE, days_from_easter=-2),
    Override("971", Change.REMOVE, _NOT_IN_THE_CODE, days_from_easter=-24),
    # 21 July (Victor Schœlcher): the package reads it into the 1983 abolition law (loi
    # n° 83-550), which institutes one day, the abolition day of each territory, not this one.
    Override("971", Change.REMOVE, _NOT_IN_THE_CODE, fixed=(7, 21)),
    Override("972", Change.REMOVE, _NOT_IN_THE_CODE, fixed=(7, 21)),
    Override("MF", Change.REMOVE, _NOT_IN_THE_CODE, fixed=(7, 21)),
    # French Polynesia: the package agrees today; the rows pin the 2025 switch against an
    # upgrade that would move it to 2026, as some other sources do.
    Override("PF", Change.ADD, _MATARII, fixed=(11, 20), first_year=2025),
    Override("PF", Change.REMOVE, _MATARII, fixed=(6, 29), first_year=2025),
)


@functools.lru_cache(maxsize=512)
def public_holidays(subdivision: str | None, year: int) -> frozenset[date]:
    """The legal days off of a territory's holiday subdivision (None: mainland) in `year`.

    One immutable set per (subdivision, year): a shared `holidays` object grows itself when
    asked about a new year, which is not safe across threads; a frozenset is.
    """
    days = set(holidays.country_holidays("FR", subdiv=subdivision, years=year).keys())
    for override in OVERRIDES:
        day = override.date_in(year) if override.subdivision == subdivision else None
        if day is None:
            continue
        if override.change is Change.ADD:
            days.add(day)
        else:
            days.discard(day)
    return frozenset(days)


def _easter(year: int) -> date:
    # Gregorian Easter Sunday (anonymous algorithm, Meeus/Jones/Butcher): dateutil has it too,
    # but only as a dependency of `holidays`, not one of ours.
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)
