"""Step 1, « Soumettre »: the candidate's request is written, in one transaction, under the
candidate's lock. The opening-day rush runs through here, so its statements are few and
counted (``tests/registrations/test_journey_views.py:test_submit_takes_few_statements``).
``services`` re-exports both functions with the other moves of a request."""

import datetime
import uuid
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Exists, Subquery

from candidates.models import Candidate, User
from candidates.services import candidate_apply_details
from centres.models import Centre, Exam, Session
from certifup.errors import DomainError
from registrations import waiting
from registrations.eligibility import request_offers, request_reading
from registrations.invariants import identity_locking_requests, lock_candidate
from registrations.models import EventKind, Registration, RegistrationExam, Status
from registrations.notifications import MAIL_LINES, MAIL_SOFTWARE, mail_lines_given, mail_software
from registrations.transitions import create, record_event


def registration_submit(
    *,
    candidate: Candidate,
    session: Session,
    centre: Centre,
    exams: Sequence[Exam],
    submission_key: uuid.UUID,
    actor: User,
    now: datetime.datetime,
    details: Mapping[str, object] | None = None,
) -> Registration:
    """Step 1: the candidate submits a request, with the form's ``details`` of their record
    when given. Resubmitting the same key returns the same one, unchanged."""
    registration, _ = registration_submit_once(
        candidate=candidate,
        session=session,
        centre=centre,
        exams=exams,
        submission_key=submission_key,
        actor=actor,
        now=now,
        details=details,
    )
    return registration


def registration_submit_once(
    *,
    candidate: Candidate,
    session: Session,
    centre: Centre,
    exams: Sequence[Exam],
    submission_key: uuid.UUID,
    actor: User,
    now: datetime.datetime,
    details: Mapping[str, object] | None = None,
) -> tuple[Registration, bool]:
    """``registration_submit``, and whether the request is new (False: this key was submitted
    before and nothing changed; « Soumettre » says so).

    The opening-day rush runs through here: after the candidate's lock, one statement reads the
    offers with everything checked under that lock (the key, invariants 1 and 2, whether the
    identity is still editable, any place on a waiting list); then one insert each for the
    request, its lines, its event and its mails."""
    try:
        with transaction.atomic():
            return _submit(
                candidate=candidate,
                session=session,
                centre=centre,
                exams=exams,
                submission_key=submission_key,
                actor=actor,
                now=now,
                details=details,
            )
    except IntegrityError as error:
        # The database's own guard of invariant 2, behind the check made under the lock. Caught
        # once the whole transaction is rolled back: no savepoint around the lines' insert.
        if not _violates(error, "line_exam_once_per_session"):
            raise
        raise DomainError("Une demande en cours comporte déjà l'une de ces épreuves.") from error


def _violates(error: IntegrityError, constraint: str) -> bool:
    """Whether PostgreSQL refused ``error``'s statement for ``constraint``."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == constraint


def _submit(
    *,
    candidate: Candidate,
    session: Session,
    centre: Centre,
    exams: Sequence[Exam],
    submission_key: uuid.UUID,
    actor: User,
    now: datetime.datetime,
    details: Mapping[str, object] | None,
) -> tuple[Registration, bool]:
    # One candidate's submits are serialised: what follows is read on settled data.
    locked = lock_candidate(candidate.pk)
    keyed = Registration.objects.filter(submission_key=submission_key)
    reading = request_reading(
        candidate=candidate,
        session=session,
        centre=centre,
        exams=exams,
        extra={
            "key_owner": Subquery(keyed.order_by().values("candidate_id")[:1]),
            "identity_locked": Exists(identity_locking_requests(candidate.pk)),
            "on_waiting_list": Exists(
                waiting.waiting_places(candidate_id=candidate.pk, session_id=session.pk)
            ),
        },
        per_offer={MAIL_SOFTWARE: mail_software()},
    )
    key_owner = reading.conditions["key_owner"]
    if key_owner is not None:
        if key_owner != candidate.pk:
            raise DomainError("Cette demande ne vous appartient pas.")
        return keyed.get(), False
    if details is not None:
        candidate_apply_details(
            candidate=locked,
            data=details,
            identity_locked=bool(reading.conditions["identity_locked"]),
        )
    offers = request_offers(reading, candidate=candidate, session=session, centre=centre, now=now)
    registration = create(
        action="submit",
        candidate=candidate,
        session=session,
        centre=centre,
        submission_key=submission_key,
        fee_per_exam=session.fee_per_exam,
        submitted_at=now,
    )
    lines = RegistrationExam.objects.bulk_create(
        RegistrationExam(
            registration=registration,
            exam_offer=offer,
            candidate=candidate,
            session=session,
            exam=offer.exam,
        )
        for offer in offers
    )
    # The event's mails list these lines with their software: handed to them, not read back,
    # and for them only (the request returned reads its lines afresh).
    mail_lines_given(registration, lines)
    record_event(
        registration, kind=EventKind.STATUS, actor=actor, now=now, to_status=Status.SUBMITTED
    )
    delattr(registration, MAIL_LINES)
    if reading.conditions["on_waiting_list"]:
        waiting.waiting_on_submit(registration=registration, now=now)
    return registration, True
