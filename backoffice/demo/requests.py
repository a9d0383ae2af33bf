"""The demo's requests, each brought to its state (submitted, pre-validated, paid, confirmed,
refused…) through the services, as the candidate and the centre would."""

import datetime
import uuid
from collections.abc import Callable

from django.utils import timezone

from backoffice.demo.accounts import Accounts
from backoffice.demo_data import DEMO_NUC_YEAR, REQUESTS, STEPS, SUBMISSION_KEYS, DemoRequest
from candidates.models import User
from candidates.nuc import format_nuc, make_nuc
from centres.models import Centre, Exam, Session
from certifup.errors import DomainError
from payments.models import Method
from payments.services import payment_record
from registrations.answers import registrations_chase_answers
from registrations.models import Registration, Status
from registrations.money import registration_amounts
from registrations.services import (
    registration_confirm,
    registration_pre_validate,
    registration_refuse,
    registration_submit,
)


def requests_load(
    *,
    accounts: Accounts,
    session: Session,
    now: datetime.datetime,
    warn: Callable[[str], object],
) -> None:
    for spec in REQUESTS:
        try:
            _request(spec, accounts, session, now=now)
        except DomainError as error:
            # Someone played with the demo accounts: leave their data alone.
            nuc = format_nuc(make_nuc(year=DEMO_NUC_YEAR, sequence=spec.sequence))
            warn(f"Demande de démonstration ignorée (NUC {nuc}, {spec.centre}) : {error.message}")
    # What the beat's sweep would find at once: the centre reminded, the late request
    # stamped (and so nothing more on a second run).
    registrations_chase_answers(now=now)


def _request(
    spec: DemoRequest, accounts: Accounts, session: Session, *, now: datetime.datetime
) -> Registration:
    candidate = accounts.candidates[spec.sequence]
    for attempt in range(10):
        key = uuid.uuid5(SUBMISSION_KEYS, f"{candidate.nuc}|{session.name}|{attempt}")
        registration = Registration.objects.filter(submission_key=key).first()
        # A request of an earlier run that lapsed since (expired…) is followed by a new one.
        if registration is None or registration.is_active:
            break
        if registration.status == spec.target:
            break
    at = now - datetime.timedelta(days=spec.days_ago)
    if registration is None:
        registration = registration_submit(
            candidate=candidate,
            session=session,
            centre=Centre.objects.get(name=spec.centre),
            exams=list(Exam.objects.filter(code__in=spec.exams)),
            submission_key=key,
            actor=candidate.user,
            now=at,
        )
    actor = accounts.centre_staff.get(spec.centre, accounts.uppctsc)
    return _advance(registration, spec, actor=actor, submitted_at=at)


def _advance(
    registration: Registration,
    spec: DemoRequest,
    *,
    actor: User,
    submitted_at: datetime.datetime,
) -> Registration:
    steps = STEPS[spec.target]
    done = steps.index(registration.status) + 1 if registration.status in steps else 0
    for day, step in enumerate(steps[done:], start=done + 1):
        at = submitted_at + datetime.timedelta(days=day)
        if step == Status.PRE_VALIDATED:
            registration = registration_pre_validate(
                registration=registration, actor=actor, now=at
            )
        elif step == Status.PAID:
            registration = _pay(registration, actor=actor, at=at, reference=spec.note)
        elif step == Status.CONFIRMED:
            registration = registration_confirm(registration=registration, actor=actor, now=at)
        elif step == Status.REFUSED:
            registration = registration_refuse(
                registration=registration, actor=actor, now=at, reason=spec.note
            )
    return registration


def _pay(
    registration: Registration, *, actor: User, at: datetime.datetime, reference: str
) -> Registration:
    payment = payment_record(
        registration=registration,
        actor=actor,
        now=at,
        amount=registration_amounts(registration).due,
        method=Method.TRANSFER if reference.startswith("Virement") else Method.CHEQUE,
        received_on=timezone.localdate(at),
        reference=reference,
    )
    return payment.registration
