"""A centre's own closure declared: the closure row, and the payment deadlines it pushes back.

A payment deadline is computed once, at pre-validation, counting the closures known then
(``services.payment_deadline``). A closure declared later is counted by recomputing, from the
same pre-validation instant, the deadlines still running at the centres it concerns: a deadline
only ever moves later, and each candidate whose deadline moved gets a timeline event and a mail
with the new date. The expiry sweep and the reminder read the stored deadline, so they follow.
"""

import datetime

from django.db import transaction
from django.db.models import Q

from candidates.models import User
from centres.closures import closed_days
from centres.models import Centre, Closure, Department
from centres.territories import PLACES, Territory
from certifup.errors import DomainError
from registrations.models import EventKind, Registration, Status
from registrations.reminders import reminder_window_reached
from registrations.services import payment_deadline
from registrations.transitions import record_event

# A longer closure is a centre that stops working: UPPCTSC withdraws its accreditation instead.
MAX_CLOSURE_DAYS = 92


def closure_refusal(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    reason: str,
    centre: Centre | None,
    department: Department | None,
    now: datetime.datetime,
) -> str | None:
    """Why this closure cannot be declared (French), or None. Used by the service; the forms
    show the same messages."""
    if centre is not None and department is not None:
        return "Une fermeture concerne un centre ou un département, pas les deux."
    if not reason.strip():
        return "Indiquez le motif de la fermeture."
    if last_day < first_day:
        return "Le dernier jour de fermeture ne peut pas précéder le premier."
    if (last_day - first_day).days + 1 > MAX_CLOSURE_DAYS:
        return (
            f"Une fermeture dure au plus {MAX_CLOSURE_DAYS} jours : pour une fermeture plus "
            "longue, contactez l'UPPCTSC."
        )
    today = _local_today(now, centre=centre, department=department)
    if first_day < today:
        return (
            "Une fermeture ne peut pas commencer dans le passé : le premier jour doit être "
            f"le {today:%d/%m/%Y} ou plus tard."
        )
    return None


def closure_declare(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    reason: str,
    actor: User,
    now: datetime.datetime,
    centre: Centre | None = None,
    department: Department | None = None,
) -> Closure:
    """Declare days when ``centre`` (or every centre of ``department``, or every centre when
    neither is given) is closed, and push back the deadlines running there that it overlaps."""
    reason = reason.strip()
    refusal = closure_refusal(
        first_day=first_day,
        last_day=last_day,
        reason=reason,
        centre=centre,
        department=department,
        now=now,
    )
    if refusal is not None:
        raise DomainError(refusal)
    with transaction.atomic():
        closure = Closure.objects.create(
            centre=centre,
            department=department,
            first_day=first_day,
            last_day=last_day,
            reason=reason,
            created_by=actor,
            created_at=now,
        )
        for registration in _lock_running_deadlines(closure, now=now):
            _extend(registration, closure=closure, actor=actor, now=now)
    return closure


def _lock_running_deadlines(closure: Closure, *, now: datetime.datetime) -> list[Registration]:
    """Lock, in primary-key order, the concerned centres' requests that have a running deadline
    or may get one. The submitted ones are locked too: a pre-validation under way holds its
    request's lock, so this waits for it and then sees its deadline; one starting after this
    lock waits for the closure to commit, then counts it (``payment_deadline``)."""
    scope = Q(status__in=(Status.SUBMITTED, Status.PRE_VALIDATED))
    if closure.centre_id is not None:
        scope &= Q(centre_id=closure.centre_id)
    elif closure.department_id is not None:
        scope &= Q(centre__department_id=closure.department_id)
    ids = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(scope)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(
        Registration.objects.filter(
            pk__in=ids,
            status=Status.PRE_VALIDATED,
            financed_by_training=False,
            payment_due_at__gt=now,
        )
        .select_related("centre__department", "candidate", "session")
        .order_by("pk")
    )


def _extend(
    registration: Registration, *, closure: Closure, actor: User, now: datetime.datetime
) -> None:
    assert registration.pre_validated_at is not None and registration.payment_due_at is not None
    due = payment_deadline(centre=registration.centre, start=registration.pre_validated_at)
    if due <= registration.payment_due_at:
        return  # the closure falls outside this deadline (or it already counted it): unchanged
    registration.payment_due_at = due
    # A reminder already sent goes out again before the new deadline, unless that deadline is
    # already within the reminder's window: the mail of this extension gives the date then.
    closed = closed_days(
        centre=registration.centre,
        first=now.astimezone(registration.centre.department.territory.timezone).date(),
    )
    if not reminder_window_reached(registration, now=now, closed=closed):
        registration.reminder_sent_at = None
    registration.save(update_fields=["payment_due_at", "reminder_sent_at"])
    record_event(
        registration,
        kind=EventKind.DEADLINE_EXTENDED,
        actor=actor,
        now=now,
        note=(
            f"Fermeture du centre du {closure.first_day:%d/%m/%Y} au "
            f"{closure.last_day:%d/%m/%Y} ({closure.reason}) : délai de règlement prolongé."
        ),
    )


def _local_today(
    now: datetime.datetime, *, centre: Centre | None, department: Department | None
) -> datetime.date:
    """Today where the closure applies; for every centre, in the territory already furthest
    into the day, so that no centre gets a closure in its past."""
    territories: list[Territory]
    if centre is not None:
        territories = [centre.department.territory]
    elif department is not None:
        territories = [department.territory]
    else:
        territories = [place.territory for place in PLACES.values()]
    return max(now.astimezone(territory.timezone).date() for territory in territories)
