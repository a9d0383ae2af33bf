"""What the registration service tests read back from the database to judge a move."""

import datetime

from centres.models import ExamOffer
from registrations.models import EventKind, Registration, RegistrationEvent

DAY = datetime.timedelta(days=1)


def state(registration: Registration) -> tuple:
    """What a refused move must leave untouched, read back from the database."""
    registration.refresh_from_db()
    seats = ExamOffer.objects.filter(centre=registration.centre, session=registration.session)
    return (
        registration.status,
        sorted(seats.values_list("exam__code", "seats_taken")),
        sorted(registration.lines.values_list("exam__code", "is_active")),
        RegistrationEvent.objects.filter(registration=registration).count(),
    )


def seats(centre, session) -> dict[str, int]:
    offers = ExamOffer.objects.filter(centre=centre, session=session)
    return dict(offers.values_list("exam__code", "seats_taken"))


def status_events(registration: Registration) -> list[tuple]:
    events = registration.events.filter(kind=EventKind.STATUS)
    return list(events.values_list("from_status", "to_status", "actor"))
