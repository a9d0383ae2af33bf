"""The waiting list of a full centre: join, leave, and the offers of freed seats.

A place on a list is not a request (invariants 1 and 2 ignore it). When seats come back to an
offer, the freeing transaction itself calls ``waiting_offer_freed`` before it commits: the
first waiting candidate whose exams all fit gets the seats held (taken through ``seats``, so
invariant 3 counts them) for ``WAITING_LIST_HOLD_HOURS`` of the centre's working hours. A
racing pre-validation thus never sees a seat that the list is owed. The candidate then submits
a normal request at that centre (``waiting_on_submit`` claims the held seats for it), the
centre's pre-validation turns them into the request's seats without taking them twice
(``waiting_serve``), and a hold never used lapses in ``waiting_sweep``.

Locks: an entry changes only while its list's offers are locked (``seats.lock_lists``, every
offer of the centre and session), after the candidate's and the request's locks when a move
has them. The list's lock is what serialises its entries: no lock on the entries themselves.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from candidates.mails import candidate_record
from candidates.models import Candidate
from centres.models import Centre, Exam, Session
from certifup.errors import DomainError
from certifup.lookups import any_of
from notifications.services import Outbox
from registrations import seats
from registrations.centre_hours import centre_deadline
from registrations.eligibility import offers_for_request
from registrations.invariants import lock_candidate
from registrations.models import (
    EventKind,
    Registration,
    RegistrationEvent,
    WaitingEntry,
    WaitingExam,
)
from registrations.models import WaitingStatus as W
from registrations.notifications import centre_record, exam_record
from registrations.times import clock_record
from registrations.waiting_states import waiting_move


def waiting_join(
    *,
    candidate: Candidate,
    session: Session,
    centre: Centre,
    exams: Sequence[Exam],
    now: datetime.datetime,
) -> WaitingEntry:
    """« M'inscrire sur la liste d'attente »: allowed where a request would be (invariants 1,
    2, 4, 5) and only while one of the exams is full there."""
    with transaction.atomic():
        lock_candidate(candidate.pk)
        offers = offers_for_request(
            candidate=candidate, session=session, centre=centre, exams=exams, now=now
        )
        seats.lock_lists(offer.pk for offer in offers)
        left = seats.seats_left(offer.pk for offer in offers)
        if all(left[offer.pk] > 0 for offer in offers):
            raise DomainError(
                f"Le centre « {centre.name} » a encore des places pour ces épreuves : "
                "faites directement votre demande."
            )
        if _open_entries(candidate=candidate, session=session).filter(centre=centre).exists():
            raise DomainError(
                f"Vous êtes déjà sur la liste d'attente du centre « {centre.name} » pour "
                f"la session « {session} »."
            )
        entry = WaitingEntry.objects.create(
            candidate=candidate, session=session, centre=centre, joined_at=now
        )
        WaitingExam.objects.bulk_create(
            WaitingExam(entry=entry, exam_offer=offer) for offer in offers
        )
    return entry


def waiting_leave(*, entry: WaitingEntry, now: datetime.datetime) -> WaitingEntry:
    """The candidate leaves the list; seats held for them go to the next one."""
    with transaction.atomic():
        lock_candidate(entry.candidate_id)
        entry = _locked(entry)
        if entry.status == W.LEFT:
            return entry
        _end(entry, action="leave", now=now)
    return entry


def waiting_offer_freed(
    *, offer_ids: Iterable[int], now: datetime.datetime, locked: bool = False
) -> None:
    """Seats came back in ``offer_ids``, in the caller's transaction: hold them for the first
    waiting candidates whose exams all fit, in the order they joined. ``locked``: the caller
    holds ``seats.lock_lists(offer_ids)`` already (``seats.release_many`` took them), so the
    statement taking them again is skipped (a sweep batch's thousand offers, twice)."""
    freed = set(offer_ids)
    if not freed:
        return
    if not locked:
        seats.lock_lists(freed)  # already held by whoever freed them: no new lock, no new order
    waiting = (
        WaitingEntry.objects.filter(any_of("exams__exam_offer_id", freed), status=W.WAITING)
        .distinct()
        .select_related("candidate", "centre__department", "session")
        .prefetch_related("exams__exam_offer__exam")
        .order_by("joined_at", "pk")
    )
    left = seats.seats_left(
        row.exam_offer_id
        for row in WaitingExam.objects.filter(entry__in=waiting.values("pk")).only("exam_offer")
    )
    outbox = Outbox()
    for entry in waiting:
        wanted = [row.exam_offer_id for row in entry.exams.all()]
        if all(left.get(offer_id, 0) > 0 for offer_id in wanted):
            _offer(entry, now=now, outbox=outbox)
            for offer_id in wanted:
                left[offer_id] -= 1
    outbox.save()


def _offer(entry: WaitingEntry, *, now: datetime.datetime, outbox: Outbox) -> None:
    rows = list(entry.exams.all())
    seats.take(row.exam_offer_id for row in rows)
    WaitingExam.objects.filter(pk__in=[row.pk for row in rows]).update(holds_seat=True)
    entry.offered_at = now
    entry.hold_until = hold_deadline(centre=entry.centre, start=now)
    waiting_move(entry, action="offer", now=now, fields=["offered_at", "hold_until"])
    _offer_mail(entry, exams=[row.exam_offer.exam for row in rows], now=now, outbox=outbox)


def hold_deadline(*, centre: Centre, start: datetime.datetime) -> datetime.datetime:
    """The end of a hold: ``WAITING_LIST_HOLD_HOURS`` of the centre's working hours."""
    return centre_deadline(centre=centre, start=start, hours=settings.WAITING_LIST_HOLD_HOURS)


def offer_form_url(entry: WaitingEntry, exams: Iterable[Exam]) -> str:
    """The request form, prefilled with the centre and the exams of the offer."""
    query = urlencode([("centre", entry.centre_id), *(("examens", exam.code) for exam in exams)])
    return f"{reverse('registrations:details')}?{query}"


def _offer_mail(
    entry: WaitingEntry, *, exams: Sequence[Exam], now: datetime.datetime, outbox: Outbox
) -> None:
    candidate = entry.candidate
    context = {
        "candidate": candidate_record(candidate),
        "entry": {
            "hold_until": entry.hold_until,
            "clock": clock_record(centre=entry.centre, reader=candidate),
        },
        "centre": centre_record(entry.centre),
        "session": str(entry.session),
        "exams": [exam_record(exam) for exam in sorted(exams, key=lambda exam: exam.code)],
        "form_url": settings.SITE_URL + offer_form_url(entry, exams),
        "hours": settings.WAITING_LIST_HOLD_HOURS,
    }
    outbox.add(
        to=candidate.email, template="waiting_offer", context=context, now=now, candidate=candidate
    )


def waiting_on_submit(*, registration: Registration, now: datetime.datetime) -> None:
    """A request was just submitted (the candidate's lock held): an offer at that centre is
    claimed for it, keeping its held seats until the centre decides; every other place of the
    candidate on the session's lists ends, with a line in the request's timeline."""
    entries = list(
        waiting_places(candidate_id=registration.candidate_id, session_id=registration.session_id)
    )
    if not entries:
        return
    seats.lock_centre_lists(
        session_id=registration.session_id,
        centre_ids=[registration.centre_id, *(entry.centre_id for entry in entries)],
    )
    requested = set(registration.lines.values_list("exam_offer_id", flat=True))
    for entry in entries:
        entry.refresh_from_db()  # as it is now that its list is locked
        here = entry.centre_id == registration.centre_id
        if here and entry.status == W.OFFERED and entry.hold_until and entry.hold_until > now:
            _claim(entry, registration=registration, requested=requested, now=now)
        elif here and entry.status == W.OFFERED:  # too late: the sweep has not run yet
            _end(entry, action="lapse", now=now)
        elif entry.status in (W.WAITING, W.OFFERED):
            _end(entry, action="register", now=now)
            _timeline(
                registration,
                now=now,
                note=f"Retiré(e) de la liste d'attente du centre « {entry.centre.name} » "
                "par cette demande.",
            )


def waiting_places(*, candidate_id: int, session_id: int) -> QuerySet[WaitingEntry]:
    """The candidate's places on the session's lists that a new request claims or ends
    (``waiting_on_submit``): the submit asks whether there is any in the statement that reads
    its offers, and calls ``waiting_on_submit`` only then."""
    return WaitingEntry.objects.filter(
        candidate_id=candidate_id, session_id=session_id, status__in=(W.WAITING, W.OFFERED)
    ).select_related("centre")


def _claim(
    entry: WaitingEntry, *, registration: Registration, requested: set[int], now: datetime.datetime
) -> None:
    unused = entry.exams.filter(holds_seat=True).exclude(exam_offer_id__in=requested)
    _give_back(unused, now=now)
    entry.registration = registration
    waiting_move(entry, action="claim", now=now, fields=["registration"])
    _timeline(
        registration,
        now=now,
        note=f"Demande faite sur la place proposée par la liste d'attente du centre "
        f"« {entry.centre.name} » : les places restent réservées jusqu'à la réponse du centre.",
    )


def waiting_serve(*, registration: Registration, now: datetime.datetime) -> set[int]:
    """At pre-validation (the request's lock held): the offers whose seat the request's claim
    already holds. They become the lines' seats: the caller takes only the others."""
    entry = registration.waiting_entries.filter(status=W.CLAIMED).first()
    if entry is None:
        return set()
    held = entry.exams.filter(holds_seat=True)
    offer_ids = set(held.values_list("exam_offer_id", flat=True))
    seats.lock_lists(offer_ids)
    held.update(holds_seat=False)
    waiting_move(entry, action="serve", now=now)
    return offer_ids


def waiting_release(
    *, registration: Registration, now: datetime.datetime, offer_ids: Iterable[int] | None = None
) -> None:
    """The request made on an offer is closed (or loses exams, ``offer_ids``) before the
    centre pre-validated it: the seats still held for it go to the next candidates."""
    entry = registration.waiting_entries.filter(status=W.CLAIMED).first()
    if entry is None:
        return
    held = entry.exams.filter(holds_seat=True)
    if offer_ids is not None:
        _give_back(held.filter(exam_offer_id__in=set(offer_ids)), now=now)
        if entry.exams.filter(holds_seat=True).exists():
            return
    else:
        _give_back(held, now=now)
    waiting_move(entry, action="release", now=now)


def waiting_sweep(*, now: datetime.datetime) -> int:
    """Periodic: holds past their end lapse (their seats go to the next candidates), then any
    seat left free where candidates wait is offered (a capacity raised in the admin, say).
    Idempotent; each entry in its own short transaction. Returns the holds lapsed."""
    lapsed = 0
    due = WaitingEntry.objects.filter(status=W.OFFERED, hold_until__lte=now)
    for pk in list(due.order_by("hold_until", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            entry = _locked(WaitingEntry(pk=pk))
            if entry.status == W.OFFERED and entry.hold_until and entry.hold_until <= now:
                _end(entry, action="lapse", now=now)
                lapsed += 1
    _offer_free_seats(now=now)
    return lapsed


def _offer_free_seats(*, now: datetime.datetime) -> None:
    free = (
        WaitingExam.objects.filter(entry__status=W.WAITING)
        .filter(exam_offer__seats_taken__lt=F("exam_offer__capacity"))
        .values_list("exam_offer_id", flat=True)
        .distinct()
    )
    for offer_id in list(free):
        with transaction.atomic():
            waiting_offer_freed(offer_ids=[offer_id], now=now)


def _open_entries(*, candidate: Candidate, session: Session) -> QuerySet[WaitingEntry]:
    return WaitingEntry.objects.filter(
        candidate=candidate, session=session, status__in=(W.WAITING, W.OFFERED, W.CLAIMED)
    ).select_related("centre")


def _locked(entry: WaitingEntry) -> WaitingEntry:
    """The entry as it is once its list is locked (the lock that guards it)."""
    offer_ids = WaitingExam.objects.filter(entry_id=entry.pk).values_list(
        "exam_offer_id", flat=True
    )
    seats.lock_lists(list(offer_ids))
    return WaitingEntry.objects.select_related("centre", "candidate").get(pk=entry.pk)


def _end(entry: WaitingEntry, *, action: str, now: datetime.datetime) -> None:
    """``leave``, ``lapse`` or ``register``: off the list, held seats to the next ones."""
    _give_back(entry.exams.filter(holds_seat=True), now=now)
    waiting_move(entry, action=action, now=now)


def _give_back(rows: QuerySet[WaitingExam], *, now: datetime.datetime) -> None:
    offer_ids = list(rows.values_list("exam_offer_id", flat=True))
    if not offer_ids:
        return
    WaitingExam.objects.filter(pk__in=rows.values("pk")).update(holds_seat=False)
    seats.release(offer_ids)
    waiting_offer_freed(offer_ids=offer_ids, now=now)


def _timeline(registration: Registration, *, now: datetime.datetime, note: str) -> None:
    # A plain note, no mail: written directly rather than through ``transitions.record_event``
    # (which imports this module).
    RegistrationEvent.objects.create(
        registration=registration, at=now, kind=EventKind.NOTE, note=note
    )
