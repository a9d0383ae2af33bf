"""Correction requests: the candidate reports an error in a locked identity field; the centre of
their active request (or UPPCTSC) applies or rejects it. Each step in one transaction on the
locked row; applying writes the correction trail through ``candidate_correct``. Nobody waits
for a screen to be checked: filing one mails whoever handles it, and the decision mails the
candidate (``candidates.mails``), in the same transaction."""

import datetime

from django.db import transaction
from django.db.models import Case, QuerySet, When

from candidates import hooks, mails
from candidates.models import IDENTITY_FIELDS, Candidate, CorrectionRequest, User
from candidates.services import candidate_correct
from centres.models import Centre
from certifup.errors import DomainError

Status = CorrectionRequest.Status


def correction_request_create(
    *, candidate: Candidate, field: str, proposed_value: str, comment: str, now: datetime.datetime
) -> CorrectionRequest:
    if field not in IDENTITY_FIELDS:
        raise DomainError("Ce champ ne fait pas l'objet d'une demande de correction.")
    with transaction.atomic():
        correction_request = CorrectionRequest.objects.create(
            candidate=candidate,
            field=field,
            proposed_value=proposed_value.strip(),
            comment=comment.strip(),
            centre=hooks.handling_centre(candidate),
            created_at=now,
        )
        mails.send_correction_requested(correction_request)
    return correction_request


def _locked_pending(correction_request: CorrectionRequest) -> CorrectionRequest:
    locked = CorrectionRequest.objects.select_for_update().get(pk=correction_request.pk)
    if locked.status != Status.PENDING:
        raise DomainError(f"Cette demande de correction est déjà {locked.get_status_display()}.")
    return locked


def _typed(field: str, value: str):
    if field == "birth_date":
        return datetime.date.fromisoformat(value)
    return value


def correction_request_apply(
    *, correction_request: CorrectionRequest, actor: User, now: datetime.datetime
) -> CorrectionRequest:
    """Apply the proposed value (trail written by candidate_correct), then close the request.
    A duplicate identity raises and changes nothing."""
    with transaction.atomic():
        locked = _locked_pending(correction_request)
        candidate_correct(
            candidate=locked.candidate,
            actor=actor,
            now=now,
            changes={locked.field: _typed(locked.field, locked.proposed_value)},
            reason=f"Demande du candidat : {locked.comment}".strip(" :"),
        )
        return _decide(locked, status=Status.APPLIED, actor=actor, now=now, note="")


def correction_request_reject(
    *, correction_request: CorrectionRequest, actor: User, now: datetime.datetime, note: str = ""
) -> CorrectionRequest:
    with transaction.atomic():
        locked = _locked_pending(correction_request)
        return _decide(locked, status=Status.REJECTED, actor=actor, now=now, note=note)


def _decide(locked, *, status, actor, now, note) -> CorrectionRequest:
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = now
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    mails.send_correction_decided(locked)
    return locked


def correction_requests_for_centre(*, centre: Centre) -> QuerySet[CorrectionRequest]:
    """What a centre's back-office lists: the requests sent to that centre, pending first."""
    return (
        CorrectionRequest.objects.filter(centre=centre)
        .select_related("candidate", "decided_by")
        .annotate(decided=Case(When(status=Status.PENDING, then=0), default=1))
        .order_by("decided", "-created_at", "-pk")
    )
