"""Where a centre is, as far as deadlines care: its time zone and its public holidays.

Pure Python on purpose: deadline computation and its tests must not need Django.
"""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Territory:
    timezone: ZoneInfo
    # Subdivision code understood by `holidays.country_holidays("FR", subdiv=...)`;
    # None means the national public holidays only.
    holiday_subdivision: str | None
    # How French people name the clock, rather than its tz database key. Not part of what a
    # territory is for deadlines (its zone and holidays), hence left out of comparisons.
    time_name: str = field(default="heure de Paris", compare=False)

    @property
    def is_metropolitan_time(self) -> bool:
        return self.timezone == _PARIS


_PARIS = ZoneInfo("Europe/Paris")
_METROPOLE = Territory(timezone=_PARIS, holiday_subdivision=None)

# "20" is left out: Corsica has been 2A and 2B since 1976, so "20" is a data-entry mistake.
_METROPOLITAN_CODES = frozenset(
    [f"{number:02d}" for number in range(1, 96) if number != 20] + ["2A", "2B"]
)


def _overseas(zone: str, subdivision: str, time_name: str) -> Territory:
    return Territory(timezone=ZoneInfo(zone), holiday_subdivision=subdivision, time_name=time_name)


# Départements whose holidays or clock differ from Paris. The COM (975, 977, 978, 98x) are not
# subdivisions of `holidays` under their INSEE code, hence the letter codes.
_SPECIAL_TERRITORIES: dict[str, Territory] = {
    # Alsace-Moselle keeps Good Friday and 26 December from the local law.
    "57": Territory(timezone=_PARIS, holiday_subdivision="57"),
    "67": Territory(timezone=_PARIS, holiday_subdivision="6AE"),
    "68": Territory(timezone=_PARIS, holiday_subdivision="6AE"),
    "971": _overseas("America/Guadeloupe", "971", "heure de la Guadeloupe"),
    "972": _overseas("America/Martinique", "972", "heure de la Martinique"),
    "973": _overseas("America/Cayenne", "973", "heure de la Guyane"),
    "974": _overseas("Indian/Reunion", "974", "heure de La Réunion"),
    "975": _overseas("America/Miquelon", "PM", "heure de Saint-Pierre-et-Miquelon"),
    "976": _overseas("Indian/Mayotte", "976", "heure de Mayotte"),
    "977": _overseas("America/St_Barthelemy", "BL", "heure de Saint-Barthélemy"),
    "978": _overseas("America/Marigot", "MF", "heure de Saint-Martin"),
    "986": _overseas("Pacific/Wallis", "WF", "heure de Wallis-et-Futuna"),
    "987": _overseas("Pacific/Tahiti", "PF", "heure de Tahiti"),
    "988": _overseas("Pacific/Noumea", "NC", "heure de Nouméa"),
}


def territory_for_department(code: str) -> Territory:
    """Return the territory of a département code such as "75", "2A" or "987"."""
    if code in _SPECIAL_TERRITORIES:
        return _SPECIAL_TERRITORIES[code]
    if code in _METROPOLITAN_CODES:
        return _METROPOLE
    # Refuse rather than fall back to Paris: a wrong territory silently shifts payment deadlines.
    raise ValueError(f"unknown département code {code!r}")
