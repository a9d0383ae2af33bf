"""When a deferral may be asked for. Read-only: the page uses it to refuse up front, and the
request service checks it again under the registration's lock."""

import datetime

from django.utils.formats import date_format

from centres.models import Session
from deferrals.models import Deferral, DeferralStatus
from registrations.models import LineStatus, RegistrationExam, Status


def deferral_deadline(*, session: Session) -> datetime.date:
    """The last day (in the centre's local time) on which a deferral may be requested."""
    return session.exams_end_on + datetime.timedelta(days=session.deferral_days_after_exam)


def deferral_refusal(*, line: RegistrationExam, now: datetime.datetime) -> str | None:
    """Why ``line`` cannot be deferred now, in French, or None when it can."""
    registration = line.registration
    if registration.status != Status.CONFIRMED:
        return (
            "Seule une épreuve d'une inscription validée définitivement peut être reportée "
            f"(statut de cette demande : {registration.get_status_display()})."
        )
    if line.status == LineStatus.DEFERRED:
        return "Cette épreuve est déjà reportée à la session suivante."
    if line.status != LineStatus.REQUESTED:
        return "Cette épreuve a été retirée de votre inscription : elle ne peut pas être reportée."
    if line.carried_over_from_id is not None:
        return (
            "Cette épreuve a déjà été reportée une fois depuis une session précédente : "
            "le report ne peut se faire qu'une fois."
        )
    if Deferral.objects.filter(line=line, status=DeferralStatus.PENDING).exists():
        return (
            "Une demande de report de cette épreuve est déjà en attente de la décision de "
            "l'UPPCTSC."
        )
    return _late(line=line, now=now)


def _late(*, line: RegistrationExam, now: datetime.datetime) -> str | None:
    session = line.registration.session
    deadline = deferral_deadline(session=session)
    local_today = now.astimezone(line.registration.centre.department.territory.timezone).date()
    if local_today <= deadline:
        return None
    return (
        "Le délai pour demander le report de cette épreuve est dépassé : les demandes étaient "
        f"possibles jusqu'au {date_format(deadline, 'j F Y')} "
        f"({session.deferral_days_after_exam} jours après les épreuves)."
    )
