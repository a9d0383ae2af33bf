"""Where a centre is, as far as deadlines care: its time zone and its public holidays.

Pure Python on purpose: deadline computation and its tests must not need Django.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Territory:
    timezone: ZoneInfo
    # Subdivision code understood by `holidays.country_holidays("FR", subdiv=...)`;
    # None means the national public holidays only.
    holiday_subdivision: str | None


_PARIS = ZoneInfo("Europe/Paris")
_METROPOLE = Territory(timezone=_PARIS, holiday_subdivision=None)

# "20" is left out: Corsica has been 2A and 2B since 1976, so "20" is a data-entry mistake.
_METROPOLITAN_CODES = frozenset(
    [f"{number:02d}" for number in range(1, 96) if number != 20] + ["2A", "2B"]
)

# Départements whose holidays or clock differ from Paris. The COM (975, 977, 978, 98x) are not
# subdivisions of `holidays` under their INSEE code, hence the letter codes.
_SPECIAL_TERRITORIES: dict[str, Territory] = {
    # Alsace-Moselle keeps Good Friday and 26 December from the local law.
    "57": Territory(timezone=_PARIS, holiday_subdivision="57"),
    "67": Territory(timezone=_PARIS, holiday_subdivision="6AE"),
    "68": Territory(timezone=_PARIS, holiday_subdivision="6AE"),
    "971": Territory(timezone=ZoneInfo("America/Guadeloupe"), holiday_subdivision="971"),
    "972": Territory(timezone=ZoneInfo("America/Martinique"), holiday_subdivision="972"),
    "973": Territory(timezone=ZoneInfo("America/Cayenne"), holiday_subdivision="973"),
    "974": Territory(timezone=ZoneInfo("Indian/Reunion"), holiday_subdivision="974"),
    "975": Territory(timezone=ZoneInfo("America/Miquelon"), holiday_subdivision="PM"),
    "976": Territory(timezone=ZoneInfo("Indian/Mayotte"), holiday_subdivision="976"),
    "977": Territory(timezone=ZoneInfo("America/St_Barthelemy"), holiday_subdivision="BL"),
    "978": Territory(timezone=ZoneInfo("America/Marigot"), holiday_subdivision="MF"),
    "986": Territory(timezone=ZoneInfo("Pacific/Wallis"), holiday_subdivision="WF"),
    "987": Territory(timezone=ZoneInfo("Pacific/Tahiti"), holiday_subdivision="PF"),
    "988": Territory(timezone=ZoneInfo("Pacific/Noumea"), holiday_subdivision="NC"),
}


def territory_for_department(code: str) -> Territory:
    """Return the territory of a département code such as "75", "2A" or "987"."""
    if code in _SPECIAL_TERRITORIES:
        return _SPECIAL_TERRITORIES[code]
    if code in _METROPOLITAN_CODES:
        return _METROPOLE
    # Refuse rather than fall back to Paris: a wrong territory silently shifts payment deadlines.
    raise ValueError(f"unknown département code {code!r}")
