"""Invariants 1 (one centre at a time) and 2 (no exam twice), checked once for every move that
creates or revives active lines: the submit, the late transfer's reinstatement and a deferral's
carry-over.

The check is only sound under the candidate's row lock (``lock_candidate``), taken first in
the transaction (lock order: candidate, registration, offers): two moves for the same
candidate then run one after the other, and the second sees what the first committed. The
database's own guards (an exclusion constraint, a partial unique index) stay behind it, but
they answer with an IntegrityError, not with a French sentence. Each caller words the refusal
for whoever is asking (the candidate, the centre, UPPCTSC) from the returned ``Clash``."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Exists, QuerySet

from candidates.models import Candidate
from centres.models import Centre
from registrations.models import ACTIVE_STATUSES, Registration, RegistrationExam


@dataclass(frozen=True)
class Clash:
    # Invariant 1: an active request of the candidate in the session, at another centre.
    elsewhere: Registration | None
    # Invariant 2: codes of the exams the candidate already has among active lines.
    taken: tuple[str, ...]


def lock_candidate(candidate_id: int) -> Candidate:
    """The first lock of every move that creates or revives active lines. The user row comes
    with it, as when the candidate's own details change (``candidates.services``).

    FOR NO KEY UPDATE, not FOR UPDATE: these moves still wait for each other, but the rows that
    merely point to the candidate (the sweep's events and mails, holding a request's lock)
    do not wait for them, which would deadlock a late payment against the expiry sweep."""
    return (
        Candidate.objects.select_for_update(no_key=True)
        .select_related("user")
        .get(pk=candidate_id)
    )


@dataclass(frozen=True)
class Standing:
    """A candidate's active requests in one session, as invariants 1 and 2 read them. A move
    asks it under the candidate's lock (``active_lines_clash``); the pages of « Faire une
    demande » ask it before the click, to show what is blocked and why."""

    # Active requests, oldest first, their centre loaded.
    registrations: tuple[Registration, ...]
    # Their active lines (requested exams), each with its exam and request loaded.
    lines: tuple[RegistrationExam, ...]

    @property
    def centre(self) -> Centre | None:
        """Where any new request of the session must go (invariant 1), or None: anywhere."""
        return self.registrations[0].centre if self.registrations else None

    def lines_by_exam(self) -> dict[int, RegistrationExam]:
        """The exams already asked for (invariant 2), by exam id."""
        return {line.exam_id: line for line in self.lines}

    def clash(self, *, centre_id: int, exam_ids: Collection[int]) -> Clash | None:
        """What invariants 1 and 2 refuse if ``exam_ids`` became active at ``centre_id``."""
        elsewhere = next((r for r in self.registrations if r.centre_id != centre_id), None)
        wanted = set(exam_ids)
        taken = tuple(sorted(line.exam.code for line in self.lines if line.exam_id in wanted))
        if elsewhere is None and not taken:
            return None
        return Clash(elsewhere=elsewhere, taken=taken)


def active_standing(
    *, candidate_id: int, session_id: int, excluding: Registration | None = None
) -> Standing:
    """The candidate's active requests and lines in the session (two queries), ``excluding``
    a request being revived."""
    mine = {"candidate_id": candidate_id, "session_id": session_id}
    registrations = (
        Registration.objects.filter(**mine, status__in=ACTIVE_STATUSES)
        .select_related("centre__department", "session")
        .order_by("pk")
    )
    lines = (
        RegistrationExam.objects.filter(**mine, is_active=True)
        .select_related("exam", "registration")
        .order_by("exam__code")
    )
    if excluding is not None:
        registrations = registrations.exclude(pk=excluding.pk)
        lines = lines.exclude(registration_id=excluding.pk)
    return Standing(registrations=tuple(registrations), lines=tuple(lines))


def clash_conditions(
    *, candidate_id: int, session_id: int, centre_id: int, exam_ids: Collection[int]
) -> dict[str, Exists]:
    """``Standing.clash`` as two SQL conditions (``elsewhere``: invariant 1, ``taken``: 2), for
    a statement that reads them with its own rows: a move then checks both in the statement it
    needs anyway, and asks ``active_lines_clash`` for the details only when one holds. Read
    after the candidate's lock, in a statement of its own (the lock's statement would read
    them as they were before the wait)."""
    mine = {"candidate_id": candidate_id, "session_id": session_id}
    active = Registration.objects.filter(**mine, status__in=ACTIVE_STATUSES)
    lines = RegistrationExam.objects.filter(**mine, is_active=True, exam_id__in=exam_ids)
    return {
        "elsewhere": Exists(active.exclude(centre_id=centre_id)),
        "taken": Exists(lines),
    }


def active_lines_clash(
    *,
    candidate_id: int,
    session_id: int,
    centre_id: int,
    exam_ids: Collection[int],
    excluding: Registration | None = None,
) -> Clash | None:
    """What invariants 1 and 2 would refuse if the candidate's requested ``exam_ids`` became
    active at ``centre_id`` (``excluding`` the request being revived), or None."""
    standing = active_standing(
        candidate_id=candidate_id, session_id=session_id, excluding=excluding
    )
    return standing.clash(centre_id=centre_id, exam_ids=exam_ids)


def identity_locking_requests(candidate_id: int) -> QuerySet[Registration]:
    """The requests that lock a candidate's identity: any, whatever its status. Identity goes
    to certificates: after a first request, only a centre or UPPCTSC edits it."""
    return Registration.objects.filter(candidate_id=candidate_id)
