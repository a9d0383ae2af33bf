"""Login logs are personal data: django-axes keeps, for every login, the address, the username
and the browser (AccessLog), for every failure the same (AccessFailureLog), and a failure
counter per account and address (AccessAttempt) — and never deletes any of them. They are kept
LOGIN_LOG_RETENTION_DAYS after the login, then deleted (daily, from the beat schedule).

axes' own reset_logs() reads the clock itself and leaves the counters; this takes ``now`` from
the caller, like every sweep, and covers all three tables."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings

LOGIN_LOG_MODELS = (AccessLog, AccessFailureLog, AccessAttempt)


def login_logs_purge(*, now: datetime.datetime) -> int:
    """Delete the rows whose login is older than the retention; return how many. Idempotent.
    A counter's time is its last failure, long past the cool-off by then: no lock is lifted."""
    cutoff = now - datetime.timedelta(days=settings.LOGIN_LOG_RETENTION_DAYS)
    purged = 0
    for model in LOGIN_LOG_MODELS:
        # delete() also counts the rows it cascades to (AccessAttemptExpiration): only ours.
        _, per_model = model.objects.filter(attempt_time__lt=cutoff).delete()
        purged += per_model.get(model._meta.label, 0)
    return purged
