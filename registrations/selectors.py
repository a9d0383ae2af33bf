"""Reads that depend on who asks. Scoping lives here, so that another person's request is a 404."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from candidates.models import Candidate
from centres.models import Centre, Department, Exam, ExamOffer, Session, Software
from notifications.models import MailStatus, OutboundMail
from registrations.invariants import Standing, active_standing, identity_locking_requests
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
) -> QuerySet[Centre]:
    """Accredited centres that offer every chosen exam (invariant 4), in the list's order.
    Lazy, so that a page of it is all that is read (one query, plus the paginator's count);
    ``centres_with_offers`` then reads that page's offers."""
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
    return centres.order_by("department_id", "city", "name", "pk")


@dataclass(frozen=True)
class OfferedExam:
    offer: ExamOffer  # its exam set from the chosen ones
    software: list[str]  # the names of the software it imposes, in alphabetical order


@dataclass(frozen=True)
class CentreOffers:
    """A centre of the search with its offers for the chosen exams, by exam code."""

    centre: Centre
    offers: list[OfferedExam]

    @property
    def is_full(self) -> bool:
        """One of the chosen exams has no seat left at the centre."""
        return any(offered.offer.seats_left == 0 for offered in self.offers)


def centres_with_offers(
    centres: Iterable[Centre], *, session: Session, exams: Sequence[Exam]
) -> list[CentreOffers]:
    """A page of ``centres_offering`` with its offers and their software, in one query: a row
    per offer and software (an offer without software has one, with None). A list page has no
    use for the prefetch machinery, which cost more than the rest of the page's reads."""
    centres = list(centres)
    exam_of = {exam.pk: exam for exam in exams}
    rows = (
        ExamOffer.objects.filter(
            session=session, exam__in=list(exam_of), centre__in=[centre.pk for centre in centres]
        )
        .annotate(software_name=F("software__name"))
        .order_by("software__name")
    )
    offers: dict[int, ExamOffer] = {}
    software: dict[int, list[str]] = {}
    for row in rows:
        offers.setdefault(row.pk, row)
        names = software.setdefault(row.pk, [])
        if row.software_name is not None:
            names.append(row.software_name)
    by_centre: dict[int, list[OfferedExam]] = {centre.pk: [] for centre in centres}
    for offer in sorted(offers.values(), key=lambda offer: exam_of[offer.exam_id].code):
        offer.exam = exam_of[offer.exam_id]
        by_centre[offer.centre_id].append(OfferedExam(offer=offer, software=software[offer.pk]))
    return [CentreOffers(centre=centre, offers=by_centre[centre.pk]) for centre in centres]


def offers_at(*, centre: Centre, session: Session, exams: Sequence[Exam]) -> list[ExamOffer]:
    return list(
        ExamOffer.objects.filter(centre=centre, session=session, exam__in=exams)
        .select_related("exam")
        .prefetch_related("software")
        .order_by("exam__code")
    )


def _with_timeline(
    *, candidate: Candidate, lines: QuerySet[RegistrationExam]
) -> QuerySet[Registration]:
    # Not the events' actor: the candidate's timeline does not name who acted.
    events = RegistrationEvent.objects.all()
    # The mails the candidate was sent about each request, listed in their timeline.
    mails = OutboundMail.objects.filter(candidate__isnull=False, status=MailStatus.SENT).only(
        "registration_id", "subject", "sent_at"
    )
    # The candidate too, whose postal code tells whose clock the times are read in: read through
    # their own related manager, each request is handed the candidate already loaded, not a
    # join of their row on every request (0.8 ms of « Mes inscriptions »).
    return candidate.registrations.select_related(
        "session", "centre__department"
    ).prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("events", queryset=events),
        Prefetch("mails", queryset=mails.order_by("sent_at", "pk"), to_attr="sent_mails"),
    )


def registrations_for_candidate(*, candidate: Candidate) -> QuerySet[Registration]:
    """« Mes inscriptions »: each request with its exams and timeline. Not the software of its
    exams, which only the request's own page shows (two queries fewer)."""
    lines = RegistrationExam.objects.select_related("exam")
    return _with_timeline(candidate=candidate, lines=lines)


def registration_for_candidate(*, candidate: Candidate, pk: int) -> Registration:
    lines = RegistrationExam.objects.select_related("exam").prefetch_related(
        "exam_offer__software"
    )
    mine = _with_timeline(candidate=candidate, lines=lines)
    return get_object_or_404(mine, pk=pk)


def candidate_identity_locked(*, candidate: Candidate) -> bool:
    return identity_locking_requests(candidate.pk).exists()


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
    """The candidate's places on waiting lists still open: one query for the entries and one
    for their exams, then one for the positions if any entry waits, however many lists."""
    entries = list(
        # The candidate's own related manager hands each entry the candidate already loaded.
        candidate.waiting.filter(status__in=OPEN_WAITING_STATUSES)
        .select_related("centre__department", "session")
        .prefetch_related(
            Prefetch("exams", queryset=WaitingExam.objects.select_related("exam_offer__exam"))
        )
        .order_by("joined_at", "pk")
    )
    waiting = [entry.pk for entry in entries if entry.status == WaitingStatus.WAITING]
    ahead = _waiting_ahead(waiting)
    return [
        WaitingPlace(
            entry=entry,
            position=ahead[entry.pk] + 1 if entry.pk in ahead else None,
            form_url=offer_form_url(entry, [row.exam_offer.exam for row in entry.exams.all()]),
        )
        for entry in entries
    ]


def _waiting_ahead(entry_ids: list[int]) -> dict[int, int]:
    """How many wait before each entry on its list, in the order seats are offered (joined
    first, then the smaller id): one query, none without entries (most candidates)."""
    if not entry_ids:
        return {}
    before = WaitingEntry.objects.filter(
        Q(joined_at__lt=OuterRef("joined_at"))
        | Q(joined_at=OuterRef("joined_at"), pk__lt=OuterRef("pk")),
        centre_id=OuterRef("centre_id"),
        session_id=OuterRef("session_id"),
        status=WaitingStatus.WAITING,
    )
    count = before.order_by().values("centre_id").annotate(count=Count("pk")).values("count")
    rows = (
        WaitingEntry.objects.filter(pk__in=entry_ids)
        .annotate(ahead=Coalesce(Subquery(count), 0))
        .values_list("pk", "ahead")
    )
    return dict(rows)


def waiting_entry_for_candidate(*, candidate: Candidate, pk: int) -> WaitingEntry:
    return get_object_or_404(WaitingEntry.objects.filter(candidate=candidate), pk=pk)
