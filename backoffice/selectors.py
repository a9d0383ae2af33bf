"""What centre staff may see. Every /centre/ page reads through these functions, so scoping
lives in one place: another centre's request, candidate or offer simply is not found (404)."""

import datetime
from typing import cast

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from candidates.corrections import correction_requests_for_centre
from candidates.models import Candidate, CandidateCorrection, CorrectionRequest, User
from centres.models import Centre, Closure, ExamOffer, Session
from registrations.models import (
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    Status,
)


def centres_for_staff(user: User) -> QuerySet[Centre]:
    """The centres ``user`` works for (none for a candidate or an anonymous visitor)."""
    if not user.is_authenticated:
        return Centre.objects.none()
    return Centre.objects.filter(memberships__user=user).select_related("department")


# The access check (backoffice.views.auth) reads the user's centres once per request and leaves
# their ids on the user: the reads of that request scope by those ids rather than by a subquery
# in each statement, which PostgreSQL took up to 1.5 ms more to plan (issue 16).
_CENTRE_IDS = "_backoffice_centre_ids"


def remember_staff_centres(user: User, centres: list[Centre]) -> None:
    setattr(user, _CENTRE_IDS, [centre.pk for centre in centres])


def _staff_centre_ids(user: User) -> list[int] | QuerySet[Centre]:
    """The user's centres, for ``centre__in``: those the request's access check read, else
    read in the statement itself."""
    ids = getattr(user, _CENTRE_IDS, None)
    if ids is not None:
        return ids
    return cast(QuerySet[Centre], centres_for_staff(user).values("pk"))


def registrations_for_centre_staff(user: User) -> QuerySet[Registration]:
    """THE scoping of the back-office: requests made at one of the user's centres."""
    return Registration.objects.filter(centre__in=_staff_centre_ids(user))


def registration_list(
    user: User,
    *,
    session: Session | None = None,
    status: str = "",
    exam=None,
    search: str = "",
) -> QuerySet[Registration]:
    """The requests list, filtered (backoffice.rows reads the rows a page shows)."""
    registrations = registrations_for_centre_staff(user)
    if session is not None:
        registrations = registrations.filter(session=session)
    if status:
        registrations = registrations.filter(status=status)
    if exam is not None:
        # A subquery, not a join: no duplicate rows to remove with DISTINCT, so the rows'
        # own query can count them (backoffice.rows).
        with_exam = RegistrationExam.objects.filter(exam=exam).values("registration_id")
        registrations = registrations.filter(pk__in=with_exam)
    if search:
        registrations = registrations.filter(_search_filter(search))
    return registrations


def _search_filter(search: str) -> Q:
    words = search.split()
    compact = "".join(words)
    condition = Q(candidate__nuc__icontains=compact)
    names = Q()
    for word in words:
        names &= (
            Q(candidate__birth_name__icontains=word)
            | Q(candidate__usage_name__icontains=word)
            | Q(candidate__first_names__icontains=word)
        )
    return condition | names


def registration_for_centre_staff(user: User, pk: int) -> Registration:
    """One request with everything its page shows, or 404 outside the user's centres."""
    lines = RegistrationExam.objects.select_related("exam", "exam_offer").prefetch_related(
        "exam_offer__software"
    )
    events = RegistrationEvent.objects.all()  # the timeline does not name who acted
    queryset = registrations_for_centre_staff(user).select_related(
        "candidate__user", "session", "centre__department"
    )
    queryset = queryset.prefetch_related(
        Prefetch("lines", queryset=lines), Prefetch("events", queryset=events), "payments"
    )
    return get_object_or_404(queryset, pk=pk)


def line_for_centre_staff(user: User, *, registration_pk: int, pk: int) -> RegistrationExam:
    return get_object_or_404(
        RegistrationExam.objects.select_related("exam", "registration").filter(
            registration__in=registrations_for_centre_staff(user).values("pk")
        ),
        registration_id=registration_pk,
        pk=pk,
    )


def corrections_of(candidate: Candidate) -> QuerySet[CandidateCorrection]:
    return candidate.corrections.select_related("corrected_by")


def correction_requests_for_centre_staff(user: User) -> QuerySet[CorrectionRequest]:
    """« Corrections demandées » sent to one of the user's centres; any other is a 404."""
    return CorrectionRequest.objects.filter(centre__in=_staff_centre_ids(user))


def correction_request_for_centre_staff(user: User, pk: int) -> CorrectionRequest:
    return get_object_or_404(
        correction_requests_for_centre_staff(user).select_related("candidate"), pk=pk
    )


def correction_requests_by_centre(
    centres: list[Centre],
) -> list[tuple[Centre, list[CorrectionRequest]]]:
    """The list page, one section per centre of the staff member, pending first: one query
    per centre whatever the number of requests."""
    return [(centre, list(correction_requests_for_centre(centre=centre))) for centre in centres]


def correction_requests_of_registration(registration: Registration) -> list[CorrectionRequest]:
    """On a request's page: what its candidate asked this centre to correct."""
    return list(
        correction_requests_for_centre(centre=registration.centre).filter(
            candidate_id=registration.candidate_id
        )
    )


def pending_correction_count(user: User) -> int:
    return (
        correction_requests_for_centre_staff(user)
        .filter(status=CorrectionRequest.Status.PENDING)
        .count()
    )


def offers_for_centre_staff(user: User) -> QuerySet[ExamOffer]:
    return (
        ExamOffer.objects.filter(centre__in=_staff_centre_ids(user))
        .select_related("exam", "centre__department", "session")
        .prefetch_related("software")
        .order_by("-session__exams_start_on", "centre__name", "exam__code")
    )


def offer_for_centre_staff(user: User, pk: int) -> ExamOffer:
    return get_object_or_404(offers_for_centre_staff(user), pk=pk)


def sessions_for_centre_staff(user: User) -> QuerySet[Session]:
    return Session.objects.filter(offers__centre__in=_staff_centre_ids(user)).distinct()


# The dashboard shows the oldest few of each list; the request list pages through the rest.
DASHBOARD_ROWS = 20


def dashboard_requests(
    user: User, *, now: datetime.datetime
) -> tuple[QuerySet[Registration], QuerySet[Registration]]:
    """The two lists a centre looks at first, each its oldest DASHBOARD_ROWS: the requests to
    pre-validate, and the payments due within a day (backoffice.rows reads them, and their
    totals)."""
    registrations = registrations_for_centre_staff(user)
    soon = now + datetime.timedelta(hours=24)
    waiting = registrations.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")
    due = registrations.filter(
        status=Status.PRE_VALIDATED, financed_by_training=False, payment_due_at__lt=soon
    ).order_by("payment_due_at", "pk")
    return waiting[:DASHBOARD_ROWS], due[:DASHBOARD_ROWS]


def open_session_offers(user: User, *, now: datetime.datetime) -> QuerySet[ExamOffer]:
    """Seats taken / capacity per offer of the sessions whose registrations are open (the
    dashboard shows neither their software nor their centre's département)."""
    return (
        offers_for_centre_staff(user)
        .filter(session__in=Session.objects.open_at(now))
        .select_related(None)
        .select_related("exam", "centre", "session")
        .prefetch_related(None)
    )


def attendance_lines(offer: ExamOffer) -> QuerySet[RegistrationExam]:
    """The confirmed candidates of one offer, by birth name: the « liste d'émargement »."""
    return (
        RegistrationExam.objects.filter(
            exam_offer=offer,
            status=LineStatus.REQUESTED,
            registration__status=Status.CONFIRMED,
        )
        .select_related("candidate")
        .order_by("candidate__birth_name", "candidate__first_names", "candidate__nuc")
    )


def closures_for_centre_staff(user: User) -> QuerySet[Closure]:
    """Closures of the user's centres, and those UPPCTSC declared for their départements or
    for every centre: any other closure is a 404."""
    centres = centres_for_staff(user)
    return (
        Closure.objects.filter(
            Q(centre__in=centres.values("pk"))
            | Q(centre__isnull=True, department__in=centres.values("department_id"))
            | Q(centre__isnull=True, department__isnull=True)
        )
        .select_related("centre", "department", "created_by")
        .order_by("-first_day", "-pk")
    )


def closure_for_centre_staff(user: User, pk: int) -> Closure:
    return get_object_or_404(closures_for_centre_staff(user), pk=pk)
