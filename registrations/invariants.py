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

from candidates.models import Candidate
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
    mine = {"candidate_id": candidate_id, "session_id": session_id}
    others = Registration.objects.filter(**mine, status__in=ACTIVE_STATUSES)
    lines = RegistrationExam.objects.filter(**mine, is_active=True, exam_id__in=exam_ids)
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
        lines = lines.exclude(registration_id=excluding.pk)
    elsewhere = others.exclude(centre_id=centre_id).select_related("centre").first()
    taken = tuple(sorted(lines.values_list("exam__code", flat=True)))
    if elsewhere is None and not taken:
        return None
    return Clash(elsewhere=elsewhere, taken=taken)
