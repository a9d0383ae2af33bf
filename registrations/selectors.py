"""Reads that depend on who asks. Scoping lives here, so that another person's request is a 404."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import Candidate
from centres.models import Centre, Department, Exam, ExamOffer, Session, Software
from notifications.models import MailStatus, OutboundMail
from registrations.invariants import Standing, active_standing
from registrations.models import (
    ACTIVE_STATUSES,
    OPEN_WAITING_STATUSES,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    WaitingEntry,
    WaitingExam,
    WaitingStatus,
)
from registrations.waiting import offer_form_url


class _Offering(TypedDict):
    chosen_count: int
    chosen_offers: list[ExamOffer]


if TYPE_CHECKING:  # django-stubs' helper: a development dependency, for the checker only
    from django_stubs_ext import WithAnnotations

    # A centre of the search, with what centres_offering annotates and prefetches.
    OfferingCentre: TypeAlias = WithAnnotations[Centre, _Offering]


def session_open_for_registration(*, now: datetime.datetime) -> Session | None:
    return Session.objects.open_at(now).order_by("registration_closes_at", "pk").first()


def session_next_opening(*, now: datetime.datetime) -> Session | None:
    """The first session whose registration window is still to open, if UPPCTSC has set it."""
    return (
        Session.objects.filter(registration_opens_at__gt=now)
        .order_by("registration_opens_at", "pk")
        .first()
    )


def candidate_standing(*, candidate: Candidate, session: Session) -> Standing:
    """What invariants 1 and 2 already block for the candidate in the session, and which
    requests block it: the pages of « Faire une demande » show it before the click."""
    return active_standing(candidate_id=candidate.pk, session_id=session.pk)


def exams_catalogue() -> QuerySet[Exam]:
    """Every exam of the catalogue, whatever the session: one no centre offers yet can still be
    the subject of a « aucun centre » alert, and the centre list then says none organises it."""
    return Exam.objects.all()


def centres_offering(
    *,
    session: Session,
    exams: Sequence[Exam],
    department: Department | None = None,
    software: Software | None = None,
) -> "QuerySet[OfferingCentre]":
    """Accredited centres that offer every chosen exam (invariant 4), each with
    ``chosen_offers``: the offers for those exams, their software prefetched. Lazy, so that
    a page of it is all that is read (three queries, plus the paginator's count)."""
    exam_ids = [exam.pk for exam in exams]
    chosen = Q(offers__session=session, offers__exam__in=exam_ids)
    centres = (
        Centre.objects.filter(is_accredited=True)
        .annotate(chosen_count=Count("offers", filter=chosen, distinct=True))
        .filter(chosen_count=len(exam_ids))
    )
    if department is not None:
        centres = centres.filter(department=department)
    if software is not None:
        centres = centres.filter(
            Exists(
                ExamOffer.objects.filter(
                    centre=OuterRef("pk"), session=session, exam__in=exam_ids, software=software
                )
            )
        )
    offers = (
        ExamOffer.objects.filter(session=session, exam__in=exam_ids)
        .select_related("exam")
        .prefetch_related("software")
        .order_by("exam__code")
    )
    return (
        centres.select_related("department")
        .prefetch_related(Prefetch("offers", queryset=offers, to_attr="chosen_offers"))
        .order_by("department__code", "city", "name", "pk")
    )


def mark_full(centres: "Iterable[OfferingCentre]") -> "list[OfferingCentre]":
    """``is_full`` when one of the chosen exams has no seat left at the centre."""
    centres = list(centres)
    for centre in centres:
        centre.is_full = any(offer.seats_left == 0 for offer in centre.chosen_offers)
    return centres


def offers_at(*, centre: Centre, session: Session, exams: Sequence[Exam]) -> list[ExamOffer]:
    return list(
        ExamOffer.objects.filter(centre=centre, session=session, exam__in=exams)
        .select_related("exam")
        .prefetch_related("software")
        .order_by("exam__code")
    )


def _with_details(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    lines = RegistrationExam.objects.select_related("exam").prefetch_related(
        "exam_offer__software"
    )
    events = RegistrationEvent.objects.select_related("actor")
    # The mails the candidate was sent about each request, listed in their timeline.
    mails = OutboundMail.objects.filter(candidate__isnull=False, status=MailStatus.SENT).only(
        "registration_id", "subject", "sent_at"
    )
    # The candidate too: their postal code tells whose clock the times are read in.
    return registrations.select_related(
        "session", "centre__department", "candidate"
    ).prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("events", queryset=events),
        Prefetch("mails", queryset=mails.order_by("sent_at", "pk"), to_attr="sent_mails"),
    )


def registrations_for_candidate(*, candidate: Candidate) -> QuerySet[Registration]:
    return _with_details(Registration.objects.filter(candidate=candidate))


def registration_for_candidate(*, candidate: Candidate, pk: int) -> Registration:
    return get_object_or_404(registrations_for_candidate(candidate=candidate), pk=pk)


def candidate_identity_locked(*, candidate: Candidate) -> bool:
    """Identity goes to certificates: after a first request, only a centre or UPPCTSC edits it."""
    return Registration.objects.filter(candidate=candidate).exists()


def candidate_handling_centre(*, candidate: Candidate) -> Centre | None:
    """Who handles the errors a candidate reports: the centre of their active request (the
    latest), else None: UPPCTSC."""
    registration = (
        Registration.objects.filter(candidate=candidate, status__in=ACTIVE_STATUSES)
        .select_related("centre")
        .order_by("-pk")
        .first()
    )
    return registration.centre if registration else None


@dataclass(frozen=True)
class WaitingCounts:
    held: int  # seats held for waiting candidates (offers not yet used, or used and undecided)
    waiting: int  # candidates waiting for this exam, no seat offered yet


def offers_waiting_counts(offer_ids: Iterable[int]) -> dict[int, WaitingCounts]:
    """Per exam offer: seats held by the waiting list and candidates waiting, in one query.
    Offers without either are absent (read ``.get(pk, NO_WAITING)``)."""
    rows = (
        WaitingExam.objects.filter(exam_offer_id__in=list(offer_ids))
        .values_list("exam_offer_id")
        .annotate(**waiting_counts_annotations())
        .filter(Q(held__gt=0) | Q(waiting__gt=0))
        .order_by()
    )
    return {
        offer_id: WaitingCounts(held=held, waiting=waiting) for offer_id, held, waiting in rows
    }


NO_WAITING = WaitingCounts(held=0, waiting=0)


def waiting_counts_annotations() -> dict[str, Count]:
    """What « held » and « waiting » count over ``WaitingExam`` rows, for every grouping (per
    offer above; per département and exam in the national view)."""
    return {
        "held": Count("pk", filter=Q(holds_seat=True)),
        "waiting": Count("pk", filter=Q(entry__status=WaitingStatus.WAITING)),
    }


@dataclass(frozen=True)
class WaitingPlace:
    entry: WaitingEntry
    position: int | None  # 1 = the next to be offered seats, among those waiting
    form_url: str  # the request form, prefilled for the entry's centre and exams


def waiting_for_candidate(*, candidate: Candidate) -> list[WaitingPlace]:
    """The candidate's places on waiting lists still open: one query for the entries and two
    for their exams, then one count per waiting entry for its position."""
    entries = (
        WaitingEntry.objects.filter(candidate=candidate, status__in=OPEN_WAITING_STATUSES)
        .select_related("centre__department", "session", "candidate", "registration")
        .prefetch_related(
            Prefetch("exams", queryset=WaitingExam.objects.select_related("exam_offer__exam"))
        )
        .order_by("joined_at", "pk")
    )
    return [
        WaitingPlace(
            entry=entry,
            position=_position(entry) if entry.status == WaitingStatus.WAITING else None,
            form_url=offer_form_url(entry, [row.exam_offer.exam for row in entry.exams.all()]),
        )
        for entry in entries
    ]


def _position(entry: WaitingEntry) -> int:
    ahead = WaitingEntry.objects.filter(
        Q(joined_at__lt=entry.joined_at) | Q(joined_at=entry.joined_at, pk__lt=entry.pk),
        centre_id=entry.centre_id,
        session_id=entry.session_id,
        status=WaitingStatus.WAITING,
    )
    return ahead.count() + 1


def waiting_entry_for_candidate(*, candidate: Candidate, pk: int) -> WaitingEntry:
    return get_object_or_404(WaitingEntry.objects.filter(candidate=candidate), pk=pk)
