"""The state machine, declared once: every allowed move of a request, beside its statuses.

``transitions.move`` (and ``close_many``, the sweep's bulk version) refuse any move that is not
in ``TRANSITIONS``; ``transitions.create`` gives a new request the status its action declares
in ``CREATIONS``. A test reads the diagram of DESIGN.md (« Registration states ») and compares
it with this table, both ways.
"""

from dataclasses import dataclass

from certifup.errors import DomainError
from registrations.models import Registration, Status


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    # A boolean field of the request that must be true for this move (the financed shortcut).
    only_if: str = ""
    # The action that always follows in the same transaction, where the diagram shows where the
    # pair ends: a late transfer reinstates the request, then records its payment.
    completed_by: str = ""


TRANSITIONS = (
    Transition("pre_validate", Status.SUBMITTED, Status.PRE_VALIDATED),
    Transition("record_payment", Status.PRE_VALIDATED, Status.PAID),
    Transition("confirm", Status.PAID, Status.CONFIRMED),
    Transition("confirm", Status.PRE_VALIDATED, Status.CONFIRMED, only_if="financed_by_training"),
    Transition("refuse", Status.SUBMITTED, Status.REFUSED),
    Transition("expire", Status.PRE_VALIDATED, Status.EXPIRED),
    Transition("withdraw", Status.SUBMITTED, Status.WITHDRAWN),
    Transition("withdraw", Status.PRE_VALIDATED, Status.WITHDRAWN),
    Transition("reinstate", Status.EXPIRED, Status.PRE_VALIDATED, completed_by="record_payment"),
)

# How a request comes into being: submitted by the candidate, or confirmed at once when an
# accepted deferral carries one exam over to the next session (already paid for).
CREATIONS = {"submit": Status.SUBMITTED, "carry_over": Status.CONFIRMED}

# The French verb of each action, for « Impossible de … une demande au statut « … » ».
VERBS = {
    "pre_validate": "pré-valider",
    "record_payment": "enregistrer le règlement de",
    "confirm": "valider définitivement",
    "refuse": "refuser",
    "expire": "faire expirer",
    "withdraw": "retirer",
    "reinstate": "rétablir",
}


def transition(action: str, source: str) -> Transition | None:
    """The move ``action`` makes from ``source``, or None when the table does not allow it."""
    return next(
        (t for t in TRANSITIONS if t.action == action and t.source == source),
        None,
    )


def allowed_move(registration: Registration, action: str) -> Transition | None:
    """The move ``action`` makes from the request's status if the table allows it (its
    condition included), else None."""
    allowed = transition(action, registration.status)
    if allowed is None or (allowed.only_if and not getattr(registration, allowed.only_if)):
        return None
    return allowed


def require_move(registration: Registration, action: str) -> str:
    """The status ``action`` leads ``registration`` to; the domain error when it is not allowed."""
    allowed = allowed_move(registration, action)
    if allowed is None:
        raise not_allowed(action, registration.get_status_display())
    return allowed.target


def not_allowed(action: str, shown_status: str) -> DomainError:
    return DomainError(f"Impossible de {VERBS[action]} une demande au statut « {shown_status} ».")


def move_refusal(registration: Registration, action: str) -> str | None:
    """Why ``action`` cannot happen from the request's status, or None when it may. Read by
    the service (to refuse) and by the page that asks for confirmation (to refuse before
    asking): one message for both."""
    if allowed_move(registration, action) is not None:
        return None
    if action == "confirm":
        return (
            "Une demande ne peut être validée définitivement qu'une fois réglée "
            f"ou prise en charge par la formation (statut actuel : "
            f"{registration.get_status_display()})."
        )
    return not_allowed(action, registration.get_status_display()).message
