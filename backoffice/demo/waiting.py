"""The demo's waiting list: two candidates waiting for a seat at the full centre."""

import datetime
from collections.abc import Callable

from backoffice.demo.accounts import Accounts
from backoffice.demo_data import WAITING
from centres.models import Centre, Exam, Session
from certifup.errors import DomainError
from registrations.models import WaitingEntry
from registrations.waiting import waiting_join


def waiting_load(
    *,
    accounts: Accounts,
    session: Session,
    now: datetime.datetime,
    warn: Callable[[str], object],
) -> None:
    """Two candidates wait for the full centre; a second run finds them there already."""
    for minutes, (sequence, centre_name, codes) in enumerate(WAITING):
        candidate = accounts.candidates[sequence]
        centre = Centre.objects.get(name=centre_name)
        if WaitingEntry.objects.filter(candidate=candidate, session=session, centre=centre):
            continue
        try:
            waiting_join(
                candidate=candidate,
                session=session,
                centre=centre,
                exams=list(Exam.objects.filter(code__in=codes)),
                now=now - datetime.timedelta(days=1) + datetime.timedelta(minutes=minutes),
            )
        except DomainError as error:
            warn(f"Liste d'attente de démonstration ignorée : {error.message}")
