"""What django-axes counts failed logins against, and when they lock.

Three counters, each over the failures of the last AXES_COOLOFF_TIME, each with its own limit
(README « Sécurité »):

- one account from one address (AXES_FAILURE_LIMIT): the owner's typos, or one guesser;
- one account from every address (AXES_ACCOUNT_FAILURE_LIMIT, higher): guessing spread over
  many addresses is slowed, while a few strangers' failures cannot keep the owner out;
- one address over many accounts (password spraying), counted apart for candidates' logins
  (AXES_ADDRESS_FAILURE_LIMIT, high enough for a training room behind one address) and for
  staff's (AXES_STAFF_ADDRESS_FAILURE_LIMIT), so trainees' typos never block their centre's
  staff.

A success clears only that account's failures from that address; a completed password reset
clears all of that account's failures (the link proved the mailbox).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from candidates.models import User

# django-axes keeps the username in a 255-character column. No account has a longer one
# (150 at most), so cutting it merges no one's counter; it only keeps a long name a bad login.
_USERNAME_COLUMN_LENGTH = 255


def username_for_throttling(request: HttpRequest | None, credentials: dict | None) -> str:
    """The username handed to authenticate(): the NUC login form has already folded spaces,
    dashes and case into the stored NUC, and any other spelling can never sign in, so the
    counters compare it with usernames as stored (which tells staff rows from candidates')."""
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = request.POST.get("username", "") if request is not None else ""
    return str(value)[:_USERNAME_COLUMN_LENGTH]


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _is_staff_username(username: str) -> bool:
    """Staff (centre staff, UPPCTSC) are the accounts without a candidate's file. Unknown
    names count with candidates: a trainee's mistyped NUC must not weigh on the staff."""
    return User.objects.filter(username=username, candidate__isnull=True).exists()


def _failures(condition) -> Coalesce:
    return Coalesce(Sum("failures_since_start", filter=condition), 0)


def failure_counts(*, username: str, ip_address: str, since) -> list[tuple[int, int]]:
    """(failures, limit) of each counter that applies to this username from this address."""
    staff_row = Exists(User.objects.filter(username=OuterRef("username"), candidate__isnull=True))
    same_kind: Combinable  # the row's Exists, or its negation
    if _is_staff_username(username):
        same_kind, address_limit = staff_row, settings.AXES_STAFF_ADDRESS_FAILURE_LIMIT
    else:
        same_kind, address_limit = ~staff_row, settings.AXES_ADDRESS_FAILURE_LIMIT
    counts = AccessAttempt.objects.filter(attempt_time__gte=since).aggregate(
        pair=_failures(Q(username=username, ip_address=ip_address)),
        account=_failures(Q(username=username)),
        address=_failures(Q(ip_address=ip_address) & same_kind),
    )
    return [
        (counts["pair"], settings.AXES_FAILURE_LIMIT),
        (counts["account"], settings.AXES_ACCOUNT_FAILURE_LIMIT),
        (counts["address"], address_limit),
    ]


class LoginThrottle(AxesDatabaseHandler):
    """django-axes's database handler (same table, same recording of failures) with the
    counters above. axes compares one number with one limit (AXES_FAILURE_LIMIT); each counter
    has its own, so get_failures reports the counter nearest its limit, shifted onto
    AXES_FAILURE_LIMIT: it reaches that limit exactly when some counter reaches its own."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        counts = failure_counts(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            since=get_cool_off_threshold(request),
        )
        headroom = min(limit - failures for failures, limit in counts)
        return settings.AXES_FAILURE_LIMIT - headroom

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """On a successful login: only this account's failures from this address (its owner's
        typos). axes would also clear every failure of the address, so that one's own login
        after four guesses at someone else's account wiped them (issue 12)."""
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def account_unlock(*, user: User) -> int:
    """After a completed password reset: the link proved the mailbox, so whoever kept the
    account locked, its owner gets back in at once."""
    username = username_for_throttling(None, {"username": user.get_username()})
    return AxesProxyHandler.reset_attempts(username=username)
