"""The deferral mails: templates under ``templates/mail/deferral_*``, queued by the service that
makes the change, in its transaction and with the timeline event that announces it.

Centres are told what happens to the exam, never the reason or the candidate's comment
(health and employment data stay between the candidate and UPPCTSC).
"""

from django.conf import settings
from django.urls import reverse

from candidates.mails import candidate_record
from deferrals.models import Deferral, DeferralStatus
from notifications.services import Outbox
from registrations.models import RegistrationEvent
from registrations.notifications import exam_record, registration_record


def deferral_request_mails(deferral: Deferral, *, event: RegistrationEvent) -> None:
    """The candidate (« reçue ») and UPPCTSC (« nouvelle demande »)."""
    candidate = deferral.line.candidate
    _queue(
        deferral,
        event=event,
        mails=[
            ("deferral_received", candidate.email),
            ("deferral_requested_uppctsc", settings.UPPCTSC_EMAIL),
        ],
    )


def deferral_decision_mails(deferral: Deferral, *, event: RegistrationEvent) -> None:
    """The candidate; on acceptance, also each centre involved (the old one and the new one)."""
    candidate = deferral.line.candidate
    if deferral.status != DeferralStatus.ACCEPTED:
        _queue(deferral, event=event, mails=[("deferral_rejected", candidate.email)])
        return
    if deferral.carried_over_line is None:  # deferral_accept sets both in one save
        raise ValueError(f"Deferral {deferral.pk} is accepted but carries no exam over.")
    centres = {deferral.line.registration.centre, deferral.carried_over_line.registration.centre}
    _queue(
        deferral,
        event=event,
        mails=[
            ("deferral_accepted", candidate.email),
            *[
                ("deferral_accepted_centre", centre.email)
                for centre in sorted(centres, key=lambda centre: centre.pk)
            ],
        ],
    )


def _queue(deferral: Deferral, *, event: RegistrationEvent, mails: list[tuple[str, str]]) -> None:
    """Each recipient gets at most one of the mails of an event, as the first one names them
    (a centre's address may also be the candidate's)."""
    line = deferral.line
    candidate = line.candidate
    new = deferral.carried_over_line.registration if deferral.carried_over_line else None
    context = {
        "deferral": {
            "requested_at": deferral.requested_at,
            "reason_label": deferral.get_reason_display(),
            "decision_note": deferral.decision_note,
            "capacity_overridden": deferral.capacity_overridden,
        },
        "line": {"exam": exam_record(line.exam), "session": str(line.session)},
        "candidate": candidate_record(candidate),
        "registration": registration_record(line.registration),
        "new": new
        and {
            "reference": new.reference,
            "session": str(new.session),
            "centre": {"name": new.centre.name, "city": new.centre.city},
        },
        "mine_url": settings.SITE_URL + reverse("registrations:mine"),
        "admin_url": settings.SITE_URL
        + reverse("admin:deferrals_deferral_change", args=[deferral.pk]),
    }
    outbox, told = Outbox(), set()
    for template, address in mails:
        if address in told:
            continue
        told.add(address)
        outbox.add(
            to=address,
            template=template,
            context=context,
            now=event.at,
            registration=line.registration,
            candidate=candidate if address == candidate.email else None,
            event=event,
        )
    outbox.save()
