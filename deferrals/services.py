"""Deferral requests and UPPCTSC's decisions. Each function runs in one transaction on locked
rows, writes the timeline event(s) through ``record_event``, queues its mails (``mails``) and
raises ``DomainError`` (French message), changing nothing, when the move is not allowed.

Lock order, the same everywhere so that nothing deadlocks: deferral, candidate, registration,
then exam offers in primary-key order (as ``registrations.services`` does). The deferral app
decides (rules, ruling, where the exam goes: ``destination``); the carry-over's rows are
written by ``registrations.carry_over``.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from candidates.models import User
from centres.models import Centre
from certifup.errors import DomainError
from deferrals.destination import carry_over_key, destination_offer
from deferrals.files import justification_inspect
from deferrals.mails import deferral_decision_mails, deferral_request_mails
from deferrals.models import Deferral, DeferralStatus, JustificationAccess, Reason
from deferrals.rules import deferral_refusal
from registrations.carry_over import registration_carry_over
from registrations.models import EventKind, Registration, RegistrationExam
from registrations.services import record_event

ALREADY_PENDING = (
    "Une demande de report de cette épreuve est déjà en attente de la décision de l'UPPCTSC."
)


def deferral_request(
    *,
    line: RegistrationExam,
    reason: str,
    file: UploadedFile,
    comment: str,
    actor: User,
    now: datetime.datetime,
) -> Deferral:
    """The candidate asks for one exam of a confirmed registration to be deferred."""
    if reason not in Reason.values:
        raise DomainError(
            "Choisissez l'un des deux motifs admis : raison médicale ou absence salarié(e)."
        )
    info = justification_inspect(file)
    with transaction.atomic():
        registration = _lock_registration(line.registration_id)
        line = _line(line.pk)
        refusal = deferral_refusal(line=line, now=now)
        if refusal is not None:
            raise DomainError(refusal)
        deferral = Deferral(
            line=line,
            reason=reason,
            comment=comment.strip(),
            requested_at=now,
            requested_by=actor,
            file_name=info.name,
            file_content_type=info.content_type,
            file_size=info.size,
            file_sha256=info.sha256,
        )
        # The rebuilt document, not the upload (deferrals/files.py says why).
        deferral.justification.save(info.name, ContentFile(info.content), save=False)
        try:
            _save_request(deferral, registration=registration, actor=actor, now=now)
        except BaseException:
            # The row is rolled back: the stored file would be an orphan with health data.
            deferral.justification.storage.delete(deferral.justification.name)
            raise
    return deferral


def _save_request(
    deferral: Deferral, *, registration: Registration, actor: User, now: datetime.datetime
) -> None:
    try:
        with transaction.atomic():
            deferral.save()
    except IntegrityError as error:  # the database's guard: one pending request per exam
        raise DomainError(ALREADY_PENDING) from error
    # The reason and comment stay out of the timeline: centre staff read it, and these are
    # health or employment data (DESIGN, RGPD).
    event = record_event(
        registration,
        kind=EventKind.DEFERRAL_REQUESTED,
        actor=actor,
        now=now,
        note=(
            f"Report demandé pour l'épreuve {deferral.line.exam.code} "
            "(en attente de la décision de l'UPPCTSC)."
        ),
    )
    deferral_request_mails(deferral, event=event)


def deferral_accept(
    *,
    deferral: Deferral,
    actor: User,
    now: datetime.datetime,
    note: str,
    target_centre: Centre | None = None,
    override_capacity: bool = False,
) -> Deferral:
    """UPPCTSC accepts: the exam is carried over to the next session. Safe to run twice."""
    note = note.strip()
    with transaction.atomic():
        deferral = _lock_deferral(deferral)
        if deferral.status == DeferralStatus.ACCEPTED:
            return deferral
        _require_pending(deferral)
        result = registration_carry_over(
            line=deferral.line,
            offer=destination_offer(line=deferral.line, target_centre=target_centre),
            override_capacity=override_capacity,
            actor=actor,
            now=now,
            key=carry_over_key(deferral),
        )
        deferral.status = DeferralStatus.ACCEPTED
        deferral.decided_at = now
        deferral.decided_by = actor
        deferral.decision_note = "\n".join(filter(None, [note, result.capacity_note]))
        deferral.target_centre = result.line.registration.centre
        deferral.carried_over_line = result.line
        deferral.capacity_overridden = bool(result.capacity_note)
        deferral.save(update_fields=DECISION_FIELDS)
        new = result.line.registration
        event = record_event(
            deferral.line.registration,
            kind=EventKind.DEFERRAL_DECIDED,
            actor=actor,
            now=now,
            note=_with_note(
                f"Report de l'épreuve {deferral.line.exam.code} accepté : elle est reportée à "
                f"la session « {new.session} », au centre « {new.centre.name} » "
                f"(demande {new.reference}), sans nouveau règlement.",
                note,
            ),
        )
        deferral_decision_mails(deferral, event=event)
    return deferral


def deferral_reject(
    *, deferral: Deferral, actor: User, now: datetime.datetime, note: str
) -> Deferral:
    """UPPCTSC refuses: the registration stays as it was, confirmed and not refundable."""
    note = note.strip()
    if not note:
        raise DomainError("Indiquez le motif du refus : il est communiqué au candidat.")
    with transaction.atomic():
        deferral = _lock_deferral(deferral)
        if deferral.status == DeferralStatus.REJECTED:
            return deferral
        _require_pending(deferral)
        deferral.status = DeferralStatus.REJECTED
        deferral.decided_at = now
        deferral.decided_by = actor
        deferral.decision_note = note
        deferral.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        event = record_event(
            deferral.line.registration,
            kind=EventKind.DEFERRAL_DECIDED,
            actor=actor,
            now=now,
            note=(
                f"Report de l'épreuve {deferral.line.exam.code} refusé : {note} "
                "L'inscription reste validée ; elle n'est ni annulée ni remboursée."
            ),
        )
        deferral_decision_mails(deferral, event=event)
    return deferral


DECISION_FIELDS = [
    "status", "decided_at", "decided_by", "decision_note", "target_centre",
    "carried_over_line", "capacity_overridden",
]  # fmt: skip


def _with_note(text: str, note: str) -> str:
    return f"{text} Note de l'UPPCTSC : {note}" if note else text


def _lock_deferral(deferral: Deferral) -> Deferral:
    return (
        Deferral.objects.select_for_update(of=("self",))
        .select_related(
            "line__exam", "line__session", "line__exam_offer", "line__registration__centre"
        )
        .get(pk=deferral.pk)
    )


def _require_pending(deferral: Deferral) -> None:
    if deferral.status != DeferralStatus.PENDING:
        raise DomainError(
            f"Cette demande de report a déjà été tranchée ({deferral.get_status_display()})."
        )


def _lock_registration(pk: int) -> Registration:
    return Registration.objects.select_for_update(of=("self",)).get(pk=pk)


def _line(pk: int) -> RegistrationExam:
    return RegistrationExam.objects.select_related(
        "exam", "registration__session", "registration__centre__department"
    ).get(pk=pk)


def justification_access_record(
    *, deferral: Deferral, user: User, now: datetime.datetime
) -> JustificationAccess:
    """Who opened a justification file, and when (health and employment data)."""
    return JustificationAccess.objects.create(deferral=deferral, user=user, at=now)
