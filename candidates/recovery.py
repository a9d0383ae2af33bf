"""« Mot de passe oublié » (by e-mail or by NUC) and « NUC oublié », done by the worker.

The page validates the form and records a ``RecoveryDemand``: the same work, hence the same
time, whether or not an account matches. Once committed the demand's id goes to a Celery task;
if the broker is down, the periodic sweep finds it. The worker looks the account up, applies
the limit per mailed address and queues the mail through ``candidates.mails``.

Limits (settings, over ``RECOVERY_WINDOW_MINUTES``): at most ``RECOVERY_DEMANDS_PER_CLIENT``
demands taken from one client address (those past it are not recorded) and at most
``RECOVERY_MAILS_PER_TARGET`` recovery mails to one address, whichever form asked. Counting
rows in the database works alike on SQLite and PostgreSQL and across gunicorn processes.
"""

import datetime
import logging
import unicodedata
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils.crypto import salted_hmac

from candidates import mails
from candidates.accounts import candidate_for_nuc_recovery
from candidates.models import RecoveryDemand, User
from notifications.services import task_hand_over

logger = logging.getLogger(__name__)

Kind = RecoveryDemand.Kind
Outcome = RecoveryDemand.Outcome


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.RECOVERY_WINDOW_MINUTES)


def _digest(purpose: str, value: str) -> str:
    # Keyed by SECRET_KEY: the rows cannot be matched against a list of addresses.
    return salted_hmac(f"certifup.recovery.{purpose}", value, algorithm="sha256").hexdigest()


def fold_address(address: str) -> str:
    """As Django compares addresses: case-insensitively, after Unicode normalisation."""
    return unicodedata.normalize("NFKC", address).casefold()


def recovery_demand_record(
    *, kind: str, typed: Mapping[str, str], client_ip: str, now: datetime.datetime
) -> RecoveryDemand | None:
    """The page's whole job. Returns None, and records nothing, past the client address's
    ceiling; the page answers the same either way."""
    client = _digest("client", client_ip)
    taken = RecoveryDemand.objects.filter(client_digest=client, created_at__gt=now - _window())
    if taken.count() >= settings.RECOVERY_DEMANDS_PER_CLIENT:
        logger.info("Recovery demand not taken: ceiling of its client address reached.")
        return None
    demand = RecoveryDemand.objects.create(
        kind=kind, typed=dict(typed), client_digest=client, created_at=now
    )
    transaction.on_commit(lambda: _hand_over(demand.pk))
    return demand


# The task of candidates/tasks.py, by name: the tasks call this module (task_hand_over).
RECOVERY_DEMAND_PROCESS = "candidates.recovery_demand_process"


def _hand_over(demand_id: int) -> None:
    if not task_hand_over(RECOVERY_DEMAND_PROCESS, demand_id):
        logger.warning("Recovery demand %s not handed to a worker; the sweep will.", demand_id)


def recovery_demand_process(*, demand_id: int, now: datetime.datetime) -> str | None:
    """Carry out one demand, once: the row is locked and must still be pending. Returns its
    outcome, or None when it was done already or another worker holds it."""
    with transaction.atomic():
        demand = (
            RecoveryDemand.objects.select_for_update(skip_locked=True)
            .filter(pk=demand_id, outcome=Outcome.PENDING)
            .first()
        )
        if demand is None:
            return None
        users = _locked(_accounts_for(demand))
        demand.outcome = _mail_unless_limited(demand=demand, users=users, now=now)
        demand.typed, demand.processed_at = {}, now
        demand.save(
            update_fields=["outcome", "typed", "processed_at", "target_digest", "mails_sent"]
        )
    return demand.outcome


def _accounts_for(demand: RecoveryDemand) -> list[User]:
    typed = demand.typed
    if demand.kind == Kind.PASSWORD_BY_EMAIL:
        return users_for_password_reset(typed["email"])
    if demand.kind == Kind.PASSWORD_BY_NUC:
        user = User.objects.filter(username=typed["nuc"], is_active=True).first()
        return [user] if user is not None and user.email else []
    candidate = candidate_for_nuc_recovery(
        birth_name=typed["birth_name"],
        first_names=typed["first_names"],
        birth_date=datetime.date.fromisoformat(typed["birth_date"]),
        email=typed["email"],
    )
    return [candidate.user] if candidate is not None else []


def users_for_password_reset(email: str) -> list[User]:
    """Active accounts at this address. Django's own form skips unusable passwords; an
    imported candidate has one until they choose their first password, and this link is how
    they do, so candidates get it; staff keep Django's rule."""
    users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
    return [
        user
        for user in users.select_related("candidate").order_by("pk")
        if fold_address(user.email) == fold_address(email)
        and (user.has_usable_password() or hasattr(user, "candidate"))
    ]


def _locked(users: list[User]) -> list[User]:
    """Two workers serving demands for one account take turns, so both cannot count the same
    mails and pass the limit together. (SQLite has no row locks: its one writer serialises.)"""
    if not users:
        return []
    pks = [user.pk for user in users]
    list(User.objects.select_for_update().filter(pk__in=pks).order_by("pk").values("pk"))
    return users


def _mail_unless_limited(*, demand: RecoveryDemand, users: list[User], now) -> str:
    if not users:
        return Outcome.NO_MATCH
    target = _digest("target", fold_address(users[0].email))
    mailed = RecoveryDemand.objects.filter(
        target_digest=target, outcome=Outcome.MAILED, processed_at__gt=now - _window()
    ).aggregate(total=Sum("mails_sent"))["total"]
    if (mailed or 0) >= settings.RECOVERY_MAILS_PER_TARGET:
        return Outcome.LIMITED
    # Several accounts at one address each get their link, so that demand may pass the limit
    # by those few: the limit is on floods, not on a family sharing a mailbox.
    for user in users:
        _send(kind=demand.kind, user=user)
    demand.target_digest, demand.mails_sent = target, len(users)
    return Outcome.MAILED


def _send(*, kind: str, user: User) -> None:
    if kind == Kind.NUC_FORGOTTEN:
        mails.send_nuc_reminder(user.candidate)  # cached by candidate_for_nuc_recovery
    else:
        mails.send_password_reset(user)


def recovery_demands_sweep(*, now: datetime.datetime, limit: int = 200) -> tuple[int, int]:
    """Periodic: carry out the demands never handed to a worker (broker down at commit),
    then delete those past their retention. Returns (carried out, deleted)."""
    pending = RecoveryDemand.objects.filter(outcome=Outcome.PENDING).order_by("created_at")
    done = sum(
        recovery_demand_process(demand_id=pk, now=now) is not None
        for pk in pending.values_list("pk", flat=True)[:limit]
    )
    retention = datetime.timedelta(hours=settings.RECOVERY_DEMAND_RETENTION_HOURS)
    old = RecoveryDemand.objects.exclude(outcome=Outcome.PENDING)
    deleted, _ = old.filter(created_at__lt=now - retention).delete()
    return done, deleted
