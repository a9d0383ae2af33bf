import datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.timezone import localtime

from centres.models import Centre
from certifup.formats import euros
from registrations.models import Registration
from registrations.money import Amounts, amounts_text, registration_amounts

register = template.Library()

PLATFORM_ZONE = "Europe/Paris"
# How French people name the overseas zones, rather than their tz database keys.
ZONE_NAMES = {
    "America/Guadeloupe": "heure de la Guadeloupe",
    "America/Martinique": "heure de la Martinique",
    "America/Cayenne": "heure de la Guyane",
    "Indian/Reunion": "heure de La Réunion",
    "Indian/Mayotte": "heure de Mayotte",
    "America/Miquelon": "heure de Saint-Pierre-et-Miquelon",
    "America/St_Barthelemy": "heure de Saint-Barthélemy",
    "America/Marigot": "heure de Saint-Martin",
    "Pacific/Wallis": "heure de Wallis-et-Futuna",
    "Pacific/Tahiti": "heure de Tahiti",
    "Pacific/Noumea": "heure de Nouméa",
}


@register.filter
def centre_time(value: datetime.datetime | None, centre: Centre) -> str:
    """A deadline in the centre's own time, naming the zone when it is not metropolitan time."""
    if value is None:
        return ""
    zone = centre.department.territory.timezone
    local = localtime(value, zone)
    text = formats.date_format(local, "l j F Y à H:i")
    if zone.key != PLATFORM_ZONE:
        text += f" ({ZONE_NAMES.get(zone.key, zone.key)})"
    return text


@register.filter(name="euros")
def euros_filter(amount: Decimal) -> str:
    return euros(amount)


@register.filter
def amounts(registration: Registration) -> Amounts:
    """``{% with amounts=registration|amounts %}``: the facts of ``registrations.money``."""
    return registration_amounts(registration)


@register.filter(name="amounts_text")
def amounts_text_filter(amounts: Amounts) -> str:
    return amounts_text(amounts)
