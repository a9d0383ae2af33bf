"""Invariant 3, the one place where an offer's ``seats_taken`` changes: take, give back, move
one seat (a deferral's carry-over), and give back many at once (the expiry sweep). A seat held
for a waiting candidate (``waiting``) is taken and given back here too.

Every function locks, in one statement and in primary-key order, every offer of the lists
(centre and session) it touches, not only the offers it changes: a seat given back is offered
to the waiting list in the same transaction, and that offer may take seats in the list's other
exams; having them all from the start, in one order, keeps two such transactions from
deadlocking. The callers hold the candidate's and the registration's locks already (lock
order: candidate, registration, offers, then the waiting entries, which change only under
their list's offer locks)."""

from collections.abc import Iterable, Mapping

from django.db.models import Exists, F, OuterRef, QuerySet

from centres.models import ExamOffer
from certifup.errors import DomainError
from certifup.lookups import any_of


class NoSeatLeft(DomainError):
    """The offer is full. The message is the centre's wording; callers that speak to someone
    else (UPPCTSC, for a carry-over) word their own from ``offer``."""

    def __init__(self, offer: ExamOffer) -> None:
        super().__init__(
            f"Plus de place pour l'épreuve {offer.exam.code} dans ce centre "
            f"(capacité : {offer.capacity}, toutes les places sont prises)."
        )
        self.offer = offer


def lock_lists(offer_ids: Iterable[int]) -> dict[int, ExamOffer]:
    """Lock every offer that shares a centre and a session with one of ``offer_ids``; return
    those of ``offer_ids``, as they are once locked."""
    wanted = set(offer_ids)
    if not wanted:
        return {}
    offers = _locking_lists(wanted).select_related("exam")
    return {offer.pk: offer for offer in offers if offer.pk in wanted}


def _locking_lists(offer_ids: set[int]) -> QuerySet[ExamOffer]:
    """The offers of the lists of ``offer_ids``, locked in primary-key order once evaluated."""
    same_list = ExamOffer.objects.filter(
        any_of("pk", offer_ids), centre_id=OuterRef("centre_id"), session_id=OuterRef("session_id")
    )
    return (
        ExamOffer.objects.select_for_update(of=("self",)).filter(Exists(same_list)).order_by("pk")
    )


def lock_centre_lists(*, session_id: int, centre_ids: Iterable[int]) -> None:
    """``lock_lists`` for whole centres in one session (a submit ends the candidate's places on
    other centres' lists: all of them locked in one statement)."""
    list(
        ExamOffer.objects.select_for_update(of=("self",))
        .filter(session_id=session_id, centre_id__in=set(centre_ids))
        .order_by("pk")
        .values_list("pk")
    )


def seats_left(offer_ids: Iterable[int]) -> dict[int, int]:
    """Seats left now, in this transaction (the caller holds the locks)."""
    rows = ExamOffer.objects.filter(any_of("pk", set(offer_ids))).values_list(
        "pk", "capacity", "seats_taken"
    )
    return {pk: max(capacity - taken, 0) for pk, capacity, taken in rows}


def take(offer_ids: Iterable[int]) -> None:
    """One seat in each offer, or none at all when one of them is full."""
    offers = lock_lists(offer_ids)
    for offer in offers.values():
        if offer.seats_taken >= offer.capacity:
            raise NoSeatLeft(offer)
    ExamOffer.objects.filter(pk__in=offers).update(seats_taken=F("seats_taken") + 1)


def release(offer_ids: Iterable[int]) -> None:
    """One seat back in each offer."""
    offers = lock_lists(offer_ids)
    if offers:
        ExamOffer.objects.filter(pk__in=offers).update(seats_taken=F("seats_taken") - 1)


def move_one(*, source_id: int, target_id: int, override_capacity: bool) -> ExamOffer | None:
    """A seat taken in ``target_id``, the one in ``source_id`` given back. A full target raises
    ``NoSeatLeft`` unless ``override_capacity``: then its capacity grows by one, and the target
    as it was before (its old capacity) is returned for the note saying so."""
    offers = lock_lists([source_id, target_id])
    target = offers[target_id]
    overridden = target.seats_taken >= target.capacity
    if overridden and not override_capacity:
        raise NoSeatLeft(target)
    ExamOffer.objects.filter(pk=target_id).update(
        capacity=F("capacity") + (1 if overridden else 0), seats_taken=F("seats_taken") + 1
    )
    ExamOffer.objects.filter(pk=source_id).update(seats_taken=F("seats_taken") - 1)
    return target if overridden else None


def release_many(held: Mapping[int, int]) -> None:
    """``held`` seats back in each offer (offer id → seats): one update per distinct count, so
    that the sweep of thousands of requests stays a handful of statements. The lists are locked
    as ``lock_lists`` does, their ids alone read back (no offer built: a batch's hundreds)."""
    if not held:
        return
    list(_locking_lists(set(held)).values_list("pk", flat=True))
    for seats in set(held.values()):
        offers = [offer for offer, count in held.items() if count == seats]
        ExamOffer.objects.filter(any_of("pk", offers)).update(seats_taken=F("seats_taken") - seats)
