"""« Aucun centre trouvé » : the candidate who finds no centre for the exams wanted alerts
UPPCTSC, which answers by e-mail (the alerts are listed in the admin)."""

import datetime
from collections.abc import Sequence

from django.db import transaction

from candidates.models import Candidate
from centres.models import Department, Exam, Session
from registrations.models import NoCentreAlert


def no_centre_alert_create(
    *,
    candidate: Candidate,
    session: Session,
    exams: Sequence[Exam],
    department: Department | None,
    message: str,
    now: datetime.datetime,
) -> NoCentreAlert:
    """« Aucun centre trouvé » : recorded for UPPCTSC with the identity and the exams wanted."""
    with transaction.atomic():
        alert = NoCentreAlert.objects.create(
            candidate=candidate,
            session=session,
            department=department,
            message=message.strip(),
            created_at=now,
        )
        alert.exams.set(exams)
    return alert
