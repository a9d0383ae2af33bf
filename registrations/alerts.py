"""« Aucun centre trouvé » : the candidate who finds no centre for the exams wanted alerts
UPPCTSC, which answers by e-mail. UPPCTSC is mailed at once (nobody has to watch the admin list)
and the candidate gets an acknowledgement; both mails are queued in the alert's transaction."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from candidates.mails import candidate_record
from candidates.models import Candidate
from centres.models import Department, Exam, Session
from notifications.services import Outbox
from registrations.models import NoCentreAlert
from registrations.notifications import exam_record


def no_centre_alert_create(
    *,
    candidate: Candidate,
    session: Session,
    exams: Sequence[Exam],
    department: Department | None,
    message: str,
    now: datetime.datetime,
) -> NoCentreAlert:
    """« Aucun centre trouvé » : recorded for UPPCTSC with the identity and the exams wanted;
    UPPCTSC is mailed (identity, contact, exams, département) and the candidate acknowledged."""
    with transaction.atomic():
        alert = NoCentreAlert.objects.create(
            candidate=candidate,
            session=session,
            department=department,
            message=message.strip(),
            created_at=now,
        )
        alert.exams.set(exams)
        _alert_mails(alert, exams=sorted(exams, key=lambda exam: exam.code), now=now)
    return alert


def _alert_mails(alert: NoCentreAlert, *, exams: Sequence[Exam], now: datetime.datetime) -> None:
    candidate = alert.candidate
    context = {
        "alert": {"message": alert.message},
        "candidate": candidate_record(candidate),
        "session": str(alert.session),
        "department": str(alert.department) if alert.department else None,
        "exams": [exam_record(exam) for exam in exams],
        "admin_url": settings.SITE_URL
        + reverse("admin:registrations_nocentrealert_change", args=[alert.pk]),
    }
    outbox = Outbox()
    outbox.add(to=settings.UPPCTSC_EMAIL, template="no_centre_uppctsc", context=context, now=now)
    outbox.add(
        to=candidate.email,
        template="no_centre_received",
        context=context,
        now=now,
        candidate=candidate,
    )
    outbox.save()
