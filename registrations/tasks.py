"""Periodic sweeps, scheduled by Celery beat (``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task
from django.utils import timezone

from registrations.answers import registrations_chase_answers
from registrations.reminders import registrations_send_payment_reminders
from registrations.services import registrations_expire_overdue
from registrations.waiting import waiting_sweep as waiting_sweep_run


@shared_task(name="registrations.expire_overdue", ignore_result=True)
def expire_overdue() -> int:
    return registrations_expire_overdue(now=timezone.now())


@shared_task(name="registrations.send_payment_reminders", ignore_result=True)
def send_payment_reminders() -> int:
    return registrations_send_payment_reminders(now=timezone.now())


@shared_task(name="registrations.chase_answers", ignore_result=True)
def chase_answers() -> dict[str, int]:
    chased = registrations_chase_answers(now=timezone.now())
    return {"reminded": chased.reminded, "late": chased.late}


@shared_task(name="registrations.waiting_sweep", ignore_result=True)
def waiting_sweep() -> int:
    return waiting_sweep_run(now=timezone.now())
