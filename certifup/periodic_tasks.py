"""The periodic tasks, for the settings' CELERY_BEAT_SCHEDULE: the beat installs these entries in
the database at start (django-celery-beat), where UPPCTSC sees and pauses them in /admin/."""

from typing import Any

DAILY = 24 * 60 * 60.0


def beat_schedule(*, sweep_interval_seconds: int) -> dict[str, dict[str, Any]]:
    """Every entry by name; the sweeps run every SWEEP_INTERVAL_SECONDS."""
    sweep = float(sweep_interval_seconds)
    return {
        "mails-send-due": {"task": "notifications.mails_send_due", "schedule": 60.0},
        "registrations-expire-overdue": {
            "task": "registrations.expire_overdue",
            "schedule": sweep,
        },
        "registrations-send-reminders": {
            "task": "registrations.send_payment_reminders",
            "schedule": sweep,
        },
        # Requests a centre has not answered: its reminder at N working hours, late at 2N.
        "registrations-chase-answers": {"task": "registrations.chase_answers", "schedule": sweep},
        # Waiting-list holds past their end lapse; free seats go to the waiting candidates.
        "registrations-waiting-sweep": {"task": "registrations.waiting_sweep", "schedule": sweep},
        # Recovery demands never handed to a worker, then those past their retention.
        "candidates-recovery-sweep": {
            "task": "candidates.recovery_demands_sweep",
            "schedule": 60.0,
        },
        # Health and employment data: justification files go once their retention is over.
        "deferrals-purge-files": {"task": "deferrals.purge_files", "schedule": DAILY},
        # Login logs (addresses): deleted LOGIN_LOG_RETENTION_DAYS after the login.
        "candidates-login-logs-purge": {"task": "candidates.login_logs_purge", "schedule": DAILY},
    }
