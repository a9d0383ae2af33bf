import datetime
from collections.abc import Mapping
from decimal import Decimal

from django import template

from candidates.models import Candidate
from centres.models import Centre, Session
from certifup.formats import euros
from certifup.links import link
from registrations import times
from registrations.models import Registration, WaitingEntry
from registrations.money import Amounts, amounts_text, registration_amounts

register = template.Library()


def _clock(
    target: Centre | Registration | WaitingEntry | Mapping,
) -> tuple[Centre, Candidate | None]:
    """Given a request (or a place on a waiting list), its candidate reads; given a centre,
    its staff (registrations.times). A mail's frozen record of one of them carries its clock
    (``times.clock_record``)."""
    if isinstance(target, Mapping):
        return times.clock_from_record(target["clock"])
    if isinstance(target, Registration | WaitingEntry):
        return target.centre, target.candidate
    return target, None


@register.filter
def centre_time(
    value: datetime.datetime | None, target: Centre | Registration | WaitingEntry
) -> str:
    """A request's time in its centre's clock: ``{{ at|centre_time:registration }}`` on what
    the candidate reads, ``{{ at|centre_time:centre }}`` on what the centre reads."""
    centre, reader = _clock(target)
    return times.local_time_text(value, centre=centre, reader=reader)


@register.filter(name="machine_time")
def machine_time_filter(value: datetime.datetime | None) -> str:
    return times.machine_time(value)


@register.simple_tag(name="link")
def link_tag(name: str) -> str:
    """``{% link 'registrations:mine' %}``: ``{% url %}`` for a URL without arguments, reversed
    once per process (certifup.links); the navigation of every page."""
    return link(name)


@register.filter
def session_time(value: datetime.datetime | None, reader: object = None) -> str:
    """A session's window (the same for every centre), in Paris time: ``times``. ``reader``
    is the signed-in candidate, or anything else (nobody, staff) for an unknown clock."""
    return times.session_time_text(value, reader=reader if isinstance(reader, Candidate) else None)


@register.filter(name="deadline_text")
def deadline_text_filter(
    value: datetime.datetime | None, target: Centre | Registration | WaitingEntry
) -> str:
    """« au plus tard le … à 23 h 59 (heure de Tahiti) », read as ``centre_time``."""
    centre, reader = _clock(target)
    return times.deadline_text(value, centre=centre, reader=reader)


@register.filter(name="registration_closing_text")
def registration_closing_text_filter(session: Session) -> str:
    return times.registration_closing_text(session)


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
