"""Which e-mails each timeline event sends. Called by ``services.record_event`` inside the
transaction of the change, so the mails are committed with it (the outbox in ``notifications``).

One table, read top to bottom, says who is told what at each step. The deferral mails are not
in it: the deferral services queue them (``deferrals.mails``).
"""

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse

from candidates.mails import candidate_record
from centres.models import Centre, Exam, ExamOffer, Software
from certifup.aggregates import SortedList
from certifup.lookups import any_of
from notifications.services import Outbox
from registrations.models import (
    EventKind,
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    Status,
)
from registrations.money import amounts_text, registration_amounts
from registrations.times import clock_record

CANDIDATE = "candidate"
CENTRE = "centre"


@dataclass(frozen=True)
class Mail:
    template: str  # templates/mail/<template>_subject.txt, .txt and .html
    to: str  # CANDIDATE or CENTRE
    attach_summary: bool = False


MAILS: dict[tuple[str, str], tuple[Mail, ...]] = {
    (EventKind.STATUS, Status.SUBMITTED): (
        Mail("submitted_candidate", CANDIDATE),
        Mail("submitted_centre", CENTRE),
    ),
    (EventKind.STATUS, Status.PRE_VALIDATED): (Mail("pre_validated", CANDIDATE),),
    (EventKind.STATUS, Status.REFUSED): (Mail("refused", CANDIDATE),),
    (EventKind.STATUS, Status.EXPIRED): (
        Mail("expired_candidate", CANDIDATE),
        Mail("expired_centre", CENTRE),
    ),
    (EventKind.STATUS, Status.CONFIRMED): (Mail("confirmed", CANDIDATE, attach_summary=True),),
    (EventKind.STATUS, Status.WITHDRAWN): (
        Mail("withdrawn_candidate", CANDIDATE),
        Mail("withdrawn_centre", CENTRE),
    ),
    (EventKind.EXAM_REMOVED, ""): (Mail("exam_removed", CANDIDATE),),
    # A closure declared after pre-validation pushed the payment deadline back.
    (EventKind.DEADLINE_EXTENDED, ""): (Mail("deadline_extended", CANDIDATE),),
}
# Not in the table: the payment reminder has no event of its own; the reminder sweep
# (``registrations.reminders``) queues it, once, through ``queue_registration_mail``.
PAYMENT_REMINDER = Mail("payment_reminder", CANDIDATE)


# Moves whose mails depend on where the request comes from: (from_status, to_status).
TRANSITION_MAILS: dict[tuple[str, str], tuple[Mail, ...]] = {
    # A late transfer reinstates an expired request; the payment is recorded right after.
    (Status.EXPIRED, Status.PRE_VALIDATED): (Mail("reinstated", CANDIDATE),),
}


def queue_mails_for_event(event: RegistrationEvent, *, outbox: Outbox | None = None) -> None:
    """The event's mails: written at once, or added to ``outbox`` (a sweep saves it once).
    Both mails of one event share one context."""
    mails = TRANSITION_MAILS.get((event.from_status, event.to_status))
    if mails is None:
        mails = MAILS.get((event.kind, event.to_status), ())
    if mails:
        mine = outbox or Outbox()
        context = mail_context(event.registration, event=event)
        for mail in mails:
            add_registration_mail(mine, event.registration, mail, context=context, event=event)
        if outbox is None:
            mine.save()


def queue_registration_mail(
    registration: Registration,
    mail: Mail,
    *,
    event: RegistrationEvent | None = None,
    now: datetime.datetime | None = None,
) -> None:
    outbox = Outbox()
    context = mail_context(registration, event=event)
    add_registration_mail(outbox, registration, mail, context=context, event=event, now=now)
    outbox.save()


def add_registration_mail(
    outbox: Outbox,
    registration: Registration,
    mail: Mail,
    *,
    context: dict,
    event: RegistrationEvent | None = None,
    now: datetime.datetime | None = None,
) -> None:
    to_candidate = mail.to == CANDIDATE
    attachments = (
        [{"kind": "registration_summary", "registration_id": registration.pk}]
        if mail.attach_summary
        else []
    )
    outbox.add(
        to=registration.candidate.email if to_candidate else registration.centre.email,
        template=mail.template,
        context=context,
        now=event.at if event is not None else now,
        registration=registration,
        candidate=registration.candidate if to_candidate else None,
        event=event,
        attachments=attachments,
    )


# Set by ``mail_lines_given`` (the submit) and ``mail_lines_read`` (a sweep): the request's
# lines as its mails read them (``MailLine``s), so that mail_context makes no query of its own.
MAIL_LINES = "mail_lines"
MAIL_SOFTWARE = "mail_software"  # on each line's offer: a list (software or names), no manager


class MailLine(NamedTuple):
    """A line as its request's mails read it: its status (listed? charged?) and its record."""

    status: str
    record: dict[str, object]


def _mail_lines() -> QuerySet[RegistrationExam]:
    return (
        RegistrationExam.objects.select_related("exam", "exam_offer")
        .prefetch_related(Prefetch("exam_offer__software", to_attr=MAIL_SOFTWARE))
        .order_by("exam__code")
    )


def mail_software() -> Subquery:
    """An offer's software names, in the order ``_mail_lines`` reads its software: an
    annotation of the offers' own read (the submit's, under the candidate's lock), so that
    ``mail_lines_given`` needs no query. NULL for an offer without software."""
    return Subquery(
        Software.objects.filter(offers=OuterRef("pk"))
        .order_by()
        .values("offers")
        .annotate(names=SortedList("name"))
        .values("names")
    )


def mail_lines_given(registration: Registration, lines: list[RegistrationExam]) -> None:
    """Hand the lines just written to the mails of the event about to be recorded, as
    ``_mail_lines`` would have read them; their offers were read annotated with
    ``MAIL_SOFTWARE``: ``mail_software()``."""
    given = [
        _mail_line(line, software=getattr(line.exam_offer, MAIL_SOFTWARE) or [])
        for line in sorted(lines, key=lambda line: line.exam.code)
    ]
    setattr(registration, MAIL_LINES, given)


def mail_lines_read(registrations: Sequence[Registration]) -> None:
    """The lines of a sweep's hundreds of requests, for their mails, as plain rows: they share
    a few exams and offers, whose record is built once. A line, its exam and its offer built
    per request, and the offers' software prefetched, were a fifth of the expiry sweep."""
    rows = list(
        RegistrationExam.objects.filter(any_of("registration_id", [r.pk for r in registrations]))
        .order_by("exam__code")
        .values_list("registration_id", "status", "exam_id", "exam_offer_id")
    )
    exams = Exam.objects.in_bulk({exam_id for _, _, exam_id, _ in rows})
    software = dict(
        ExamOffer.objects.filter(any_of("pk", {offer_id for *_, offer_id in rows}))
        .annotate(names=mail_software())
        .values_list("pk", "names")
    )
    records: dict[tuple[int, int], dict[str, object]] = {}
    lines: dict[int, list[MailLine]] = {registration.pk: [] for registration in registrations}
    for registration_id, status, exam_id, offer_id in rows:
        if (exam_id, offer_id) not in records:
            records[exam_id, offer_id] = _line_record(
                exam=exams[exam_id], software=software[offer_id] or []
            )
        lines[registration_id].append(MailLine(status, records[exam_id, offer_id]))
    for registration in registrations:
        setattr(registration, MAIL_LINES, lines[registration.pk])


def mail_context(registration: Registration, *, event: RegistrationEvent | None) -> dict:
    """The frozen context of a request's mails (``notifications.frozen``): plain values, read
    once here; the worker renders the templates from them alone."""
    lines: list[MailLine] | None = getattr(registration, MAIL_LINES, None)
    if lines is None:
        lines = [
            _mail_line(line, software=getattr(line.exam_offer, MAIL_SOFTWARE))
            for line in _mail_lines().filter(registration=registration)
        ]
    amounts = registration_amounts(registration, lines=lines)
    return {
        "registration": registration_record(registration),
        "candidate": candidate_record(registration.candidate),
        "centre": centre_record(registration.centre),
        "session": str(registration.session),
        "lines": [line.record for line in lines if line.status == LineStatus.REQUESTED],
        "amount": amounts.total,
        "amount_text": amounts_text(amounts),
        "note": event.note if event is not None else "",
        "detail_url": settings.SITE_URL + _path_to("registrations:detail", "pk", registration.pk),
        # The centre's staff open the request where they act on it. Reversed by name: the
        # registrations app does not import the back-office (import-linter).
        "backoffice_url": settings.SITE_URL
        + _path_to("centre:request", "registration_id", registration.pk),
        "start_url": settings.SITE_URL + _path("registrations:start"),
        "mine_url": settings.SITE_URL + _path("registrations:mine"),
        "seed_financing_note": FINANCING_NOTE,
    }


def registration_record(registration: Registration) -> dict[str, object]:
    """A request as its mails show it; ``clock`` for ``deadline_text:registration``."""
    return {
        "pk": registration.pk,
        "reference": registration.reference,
        "payment_due_at": registration.payment_due_at,
        "submitted_at": registration.submitted_at,
        "refusal_reason": registration.refusal_reason,
        "centre": {"name": registration.centre.name},
        "clock": clock_record(centre=registration.centre, reader=registration.candidate),
    }


def centre_record(centre: Centre) -> dict[str, object]:
    """A centre as the mails show it; ``clock`` for ``deadline_text:centre`` (its staff's)."""
    return {
        "name": centre.name,
        "city": centre.city,
        "email": centre.email,
        "phone": centre.phone,
        "address": centre.address,
        "payment_instructions": centre.payment_instructions,
        "clock": clock_record(centre=centre),
    }


def exam_record(exam: Exam) -> dict[str, object]:
    return {"code": exam.code, "title": exam.title}


def _mail_line(line: RegistrationExam, *, software: Iterable[object]) -> MailLine:
    return MailLine(line.status, _line_record(exam=line.exam, software=software))


def _line_record(*, exam: Exam, software: Iterable[object]) -> dict[str, object]:
    """``software``: the offer's, as ``Software`` or as their names (``mail_software``)."""
    return {"exam": exam_record(exam), "software_names": ", ".join(str(item) for item in software)}


@functools.cache
def _path(name: str) -> str:
    """A URL without arguments, reversed once: a sweep builds thousands of mail contexts."""
    return reverse(name)


_ANY_ID = 987654321


@functools.cache
def _path_pattern(name: str, argument: str) -> str:
    return reverse(name, kwargs={argument: _ANY_ID}).replace(str(_ANY_ID), "{}")


def _path_to(name: str, argument: str, pk: int) -> str:
    """``reverse(name, kwargs={argument: pk})`` for an integer id, the pattern reversed once
    (60 µs a call, twice per request of a sweep)."""
    return _path_pattern(name, argument).format(pk)


# The seed's own words (mode opératoire candidat, juin 2022, note 1).
FINANCING_NOTE = (
    "Si vous êtes stagiaire en centre de formation, renseignez-vous auprès de votre centre : "
    "vos montants d'inscription ont peut-être pu être financés avec votre formation et dans ce "
    "cas, vous n'avez pas à les régler vous-même."
)
