"""Invariant 3, the one place where an offer's ``seats_taken`` changes: take, give back, move
one seat (a deferral's carry-over), and give back many at once (the expiry sweep).

Every function locks the offers it changes in primary-key order before writing, so that two
centres' actions, a carry-over and the sweep never deadlock; the callers hold the candidate's
and the registration's locks already (lock order: candidate, registration, offers)."""

from collections.abc import Iterable, Mapping

from django.db.models import F

from centres.models import ExamOffer
from certifup.errors import DomainError


class NoSeatLeft(DomainError):
    """The offer is full. The message is the centre's wording; callers that speak to someone
    else (UPPCTSC, for a carry-over) word their own from ``offer``."""

    def __init__(self, offer: ExamOffer) -> None:
        super().__init__(
            f"Plus de place pour l'épreuve {offer.exam.code} dans ce centre "
            f"(capacité : {offer.capacity}, toutes les places sont prises)."
        )
        self.offer = offer


def _lock(offer_ids: Iterable[int]) -> dict[int, ExamOffer]:
    offers = (
        ExamOffer.objects.select_for_update(of=("self",))
        .filter(pk__in=set(offer_ids))
        .select_related("exam")
        .order_by("pk")
    )
    return {offer.pk: offer for offer in offers}


def take(offer_ids: Iterable[int]) -> None:
    """One seat in each offer, or none at all when one of them is full."""
    offers = _lock(offer_ids)
    for offer in offers.values():
        if offer.seats_taken >= offer.capacity:
            raise NoSeatLeft(offer)
    ExamOffer.objects.filter(pk__in=offers).update(seats_taken=F("seats_taken") + 1)


def release(offer_ids: Iterable[int]) -> None:
    """One seat back in each offer."""
    offers = _lock(offer_ids)
    if offers:
        ExamOffer.objects.filter(pk__in=offers).update(seats_taken=F("seats_taken") - 1)


def move_one(*, source_id: int, target_id: int, override_capacity: bool) -> ExamOffer | None:
    """A seat taken in ``target_id``, the one in ``source_id`` given back. A full target raises
    ``NoSeatLeft`` unless ``override_capacity``: then its capacity grows by one, and the target
    as it was before (its old capacity) is returned for the note saying so."""
    offers = _lock([source_id, target_id])
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
    that the sweep of thousands of requests stays a handful of statements."""
    list(ExamOffer.objects.select_for_update().filter(pk__in=held).order_by("pk").values("pk"))
    for seats in set(held.values()):
        offers = [offer for offer, count in held.items() if count == seats]
        ExamOffer.objects.filter(pk__in=offers).update(seats_taken=F("seats_taken") - seats)
