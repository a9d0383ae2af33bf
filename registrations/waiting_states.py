"""The waiting list's moves, declared once (the ``states`` pattern): every allowed change of a
``WaitingEntry``'s status, and ``waiting_move``, the one place that writes it."""

import datetime
from collections.abc import Sequence

from certifup.errors import DomainError
from registrations.models import WaitingEntry
from registrations.models import WaitingStatus as W

# action → (the statuses it leaves from, the status it leads to)
WAITING_MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    # seats freed: the first entry whose exams all fit gets them held
    "offer": ((W.WAITING,), W.OFFERED),
    # the candidate submits at that centre on the offer: the held seats wait for the centre
    "claim": ((W.OFFERED,), W.CLAIMED),
    # the centre pre-validates that request: the held seats become its lines' seats
    "serve": ((W.CLAIMED,), W.SERVED),
    # that request is refused or withdrawn before pre-validation: the held seats go on
    "release": ((W.CLAIMED,), W.RELEASED),
    "leave": ((W.WAITING, W.OFFERED), W.LEFT),
    "lapse": ((W.OFFERED,), W.LAPSED),
    # a request submitted elsewhere, or at that centre without the offer
    "register": ((W.WAITING, W.OFFERED), W.REGISTERED),
}
FINAL = {W.SERVED, W.RELEASED, W.LEFT, W.LAPSED, W.REGISTERED}


def waiting_move(
    entry: WaitingEntry, *, action: str, now: datetime.datetime, fields: Sequence[str] = ()
) -> None:
    sources, target = WAITING_MOVES[action]
    if entry.status not in sources:
        raise DomainError(
            f"Impossible : cette inscription sur liste d'attente est « "
            f"{entry.get_status_display()} »."
        )
    entry.status = target
    if target in FINAL:
        entry.ended_at = now
        fields = [*fields, "ended_at"]
    entry.save(update_fields=["status", *fields])
