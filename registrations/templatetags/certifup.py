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


@register.filter
def centre_time(value: datetime.datetime | None, centre: Centre) -> str:
    """A deadline in the centre's own time, naming the zone when it is not metropolitan time."""
    if value is None:
        return ""
    territory = centre.department.territory
    text = formats.date_format(localtime(value, territory.timezone), "l j F Y à H:i")
    if not territory.is_metropolitan_time:
        text += f" ({territory.time_name})"
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
