from celery import shared_task
from django.utils import timezone

from notifications import services


@shared_task(name=services.MAIL_SEND, ignore_result=True)
def mail_send(mail_ids: list[int] | int) -> int:
    """The rows written by one change (a single id: a retry, or a message from before)."""
    ids = [mail_ids] if isinstance(mail_ids, int) else mail_ids
    return services.mails_deliver(mail_ids=ids, now=timezone.now())


@shared_task(name="notifications.mails_send_due", ignore_result=True)
def mails_send_due() -> int:
    return services.mails_send_due(now=timezone.now())
