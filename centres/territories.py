"""Where a centre can be, as far as deadlines care: for every département or overseas
collectivity code, its name, its time zone and its public-holiday subdivision.

This table is the one list of places a centre can be in: the `Department` rows, their database
constraint, the admin form, the centres import and the demo data all read it. A code it does not
know is refused where it is entered, never guessed at.

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


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    territory: Territory


class UnknownDepartment(ValueError):
    """A département code the calendar cannot serve; its message is French and names the code."""


_PARIS = ZoneInfo("Europe/Paris")
_METROPOLE = Territory(timezone=_PARIS, holiday_subdivision=None)
# Alsace-Moselle keeps Good Friday and 26 December from the local law (Code du travail L3134-13).
_MOSELLE = Territory(timezone=_PARIS, holiday_subdivision="57")
_ALSACE = Territory(timezone=_PARIS, holiday_subdivision="6AE")


def _overseas(zone: str, subdivision: str, time_name: str) -> Territory:
    return Territory(timezone=ZoneInfo(zone), holiday_subdivision=subdivision, time_name=time_name)


# Every place a centre can be in. "20" is absent: Corsica has been 2A and 2B since 1976. So are
# 984 (Terres australes et antarctiques, no permanent population) and 989 (Clipperton). The COM
# (975, 977, 978, 98x) are not subdivisions of `holidays` under their INSEE code, hence the
# letter codes.
_TABLE: tuple[Place, ...] = (
    Place("01", "Ain", _METROPOLE),
    Place("02", "Aisne", _METROPOLE),
    Place("03", "Allier", _METROPOLE),
    Place("04", "Alpes-de-Haute-Provence", _METROPOLE),
    Place("05", "Hautes-Alpes", _METROPOLE),
    Place("06", "Alpes-Maritimes", _METROPOLE),
    Place("07", "Ardèche", _METROPOLE),
    Place("08", "Ardennes", _METROPOLE),
    Place("09", "Ariège", _METROPOLE),
    Place("10", "Aube", _METROPOLE),
    Place("11", "Aude", _METROPOLE),
    Place("12", "Aveyron", _METROPOLE),
    Place("13", "Bouches-du-Rhône", _METROPOLE),
    Place("14", "Calvados", _METROPOLE),
    Place("15", "Cantal", _METROPOLE),
    Place("16", "Charente", _METROPOLE),
    Place("17", "Charente-Maritime", _METROPOLE),
    Place("18", "Cher", _METROPOLE),
    Place("19", "Corrèze", _METROPOLE),
    Place("2A", "Corse-du-Sud", _METROPOLE),
    Place("2B", "Haute-Corse", _METROPOLE),
    Place("21", "Côte-d'Or", _METROPOLE),
    Place("22", "Côtes-d'Armor", _METROPOLE),
    Place("23", "Creuse", _METROPOLE),
    Place("24", "Dordogne", _METROPOLE),
    Place("25", "Doubs", _METROPOLE),
    Place("26", "Drôme", _METROPOLE),
    Place("27", "Eure", _METROPOLE),
    Place("28", "Eure-et-Loir", _METROPOLE),
    Place("29", "Finistère", _METROPOLE),
    Place("30", "Gard", _METROPOLE),
    Place("31", "Haute-Garonne", _METROPOLE),
    Place("32", "Gers", _METROPOLE),
    Place("33", "Gironde", _METROPOLE),
    Place("34", "Hérault", _METROPOLE),
    Place("35", "Ille-et-Vilaine", _METROPOLE),
    Place("36", "Indre", _METROPOLE),
    Place("37", "Indre-et-Loire", _METROPOLE),
    Place("38", "Isère", _METROPOLE),
    Place("39", "Jura", _METROPOLE),
    Place("40", "Landes", _METROPOLE),
    Place("41", "Loir-et-Cher", _METROPOLE),
    Place("42", "Loire", _METROPOLE),
    Place("43", "Haute-Loire", _METROPOLE),
    Place("44", "Loire-Atlantique", _METROPOLE),
    Place("45", "Loiret", _METROPOLE),
    Place("46", "Lot", _METROPOLE),
    Place("47", "Lot-et-Garonne", _METROPOLE),
    Place("48", "Lozère", _METROPOLE),
    Place("49", "Maine-et-Loire", _METROPOLE),
    Place("50", "Manche", _METROPOLE),
    Place("51", "Marne", _METROPOLE),
    Place("52", "Haute-Marne", _METROPOLE),
    Place("53", "Mayenne", _METROPOLE),
    Place("54", "Meurthe-et-Moselle", _METROPOLE),
    Place("55", "Meuse", _METROPOLE),
    Place("56", "Morbihan", _METROPOLE),
    Place("57", "Moselle", _MOSELLE),
    Place("58", "Nièvre", _METROPOLE),
    Place("59", "Nord", _METROPOLE),
    Place("60", "Oise", _METROPOLE),
    Place("61", "Orne", _METROPOLE),
    Place("62", "Pas-de-Calais", _METROPOLE),
    Place("63", "Puy-de-Dôme", _METROPOLE),
    Place("64", "Pyrénées-Atlantiques", _METROPOLE),
    Place("65", "Hautes-Pyrénées", _METROPOLE),
    Place("66", "Pyrénées-Orientales", _METROPOLE),
    Place("67", "Bas-Rhin", _ALSACE),
    Place("68", "Haut-Rhin", _ALSACE),
    Place("69", "Rhône", _METROPOLE),
    Place("70", "Haute-Saône", _METROPOLE),
    Place("71", "Saône-et-Loire", _METROPOLE),
    Place("72", "Sarthe", _METROPOLE),
    Place("73", "Savoie", _METROPOLE),
    Place("74", "Haute-Savoie", _METROPOLE),
    Place("75", "Paris", _METROPOLE),
    Place("76", "Seine-Maritime", _METROPOLE),
    Place("77", "Seine-et-Marne", _METROPOLE),
    Place("78", "Yvelines", _METROPOLE),
    Place("79", "Deux-Sèvres", _METROPOLE),
    Place("80", "Somme", _METROPOLE),
    Place("81", "Tarn", _METROPOLE),
    Place("82", "Tarn-et-Garonne", _METROPOLE),
    Place("83", "Var", _METROPOLE),
    Place("84", "Vaucluse", _METROPOLE),
    Place("85", "Vendée", _METROPOLE),
    Place("86", "Vienne", _METROPOLE),
    Place("87", "Haute-Vienne", _METROPOLE),
    Place("88", "Vosges", _METROPOLE),
    Place("89", "Yonne", _METROPOLE),
    Place("90", "Territoire de Belfort", _METROPOLE),
    Place("91", "Essonne", _METROPOLE),
    Place("92", "Hauts-de-Seine", _METROPOLE),
    Place("93", "Seine-Saint-Denis", _METROPOLE),
    Place("94", "Val-de-Marne", _METROPOLE),
    Place("95", "Val-d'Oise", _METROPOLE),
    Place("971", "Guadeloupe", _overseas("America/Guadeloupe", "971", "heure de la Guadeloupe")),
    Place("972", "Martinique", _overseas("America/Martinique", "972", "heure de la Martinique")),
    Place("973", "Guyane", _overseas("America/Cayenne", "973", "heure de la Guyane")),
    Place("974", "La Réunion", _overseas("Indian/Reunion", "974", "heure de La Réunion")),
    Place(
        "975",
        "Saint-Pierre-et-Miquelon",
        _overseas("America/Miquelon", "PM", "heure de Saint-Pierre-et-Miquelon"),
    ),
    Place("976", "Mayotte", _overseas("Indian/Mayotte", "976", "heure de Mayotte")),
    Place(
        "977",
        "Saint-Barthélemy",
        _overseas("America/St_Barthelemy", "BL", "heure de Saint-Barthélemy"),
    ),
    Place("978", "Saint-Martin", _overseas("America/Marigot", "MF", "heure de Saint-Martin")),
    Place(
        "986", "Wallis-et-Futuna", _overseas("Pacific/Wallis", "WF", "heure de Wallis-et-Futuna")
    ),
    Place("987", "Polynésie française", _overseas("Pacific/Tahiti", "PF", "heure de Tahiti")),
    Place("988", "Nouvelle-Calédonie", _overseas("Pacific/Noumea", "NC", "heure de Nouméa")),
)

PLACES: dict[str, Place] = {place.code: place for place in _TABLE}


def department_code_normalise(raw: str) -> str:
    """Return the canonical form of a code as people type it: " 2a" -> "2A", "075" -> "75".

    A three-character code starting with 0 is the padded form of some INSEE files ("075",
    "02A"); a single digit is what a spreadsheet leaves of "01". Both are read as the
    département they pad, never as an overseas code (those never start with 0).
    """
    code = raw.strip().upper()
    if len(code) == 3 and code.startswith("0"):
        return code[1:]
    if len(code) == 1 and code.isdigit():
        return f"0{code}"
    return code


def department_code_refusal(code: str) -> str | None:
    """The French reason a (normalised) code is not a place a centre can be in, or None."""
    if code in PLACES:
        return None
    if code == "20":
        return "Le département « 20 » n'existe plus : la Corse est « 2A » ou « 2B »."
    return (
        f"Le code de département « {code} » est inconnu du calendrier des centres : "
        "indiquez un département (01 à 95, 2A, 2B) ou un territoire d'outre-mer "
        "(971 à 978, 986 à 988)."
    )


def territory_for_department(code: str) -> Territory:
    """Return the territory of a stored département code such as "75", "2A" or "987"."""
    place = PLACES.get(code)
    if place is None:
        # Refuse rather than fall back to Paris: a wrong territory silently shifts deadlines.
        raise UnknownDepartment(department_code_refusal(code))
    return place.territory


# La Poste gives Saint-Barthélemy and Saint-Martin codes inside Guadeloupe's 971 range, and
# Corsica kept the old « 20 » (both halves share one clock).
_POSTAL_EXCEPTIONS = {"97133": "977", "97150": "978"}


def territory_for_postal_code(postal_code: str) -> Territory | None:
    """The territory of a French postal code, or None when it names none (abroad, Monaco, a
    typo): the reader's clock is then unknown, never guessed."""
    code = postal_code.replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        return None
    if code in _POSTAL_EXCEPTIONS:
        department = _POSTAL_EXCEPTIONS[code]
    elif code.startswith(("97", "98")):
        department = code[:3]
    elif code.startswith("20"):
        department = "2A"
    else:
        department = code[:2]
    place = PLACES.get(department)
    return place.territory if place else None
