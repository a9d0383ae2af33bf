from celery import shared_task
from django.utils import timezone

from notifications import services


@shared_task(name="notifications.mail_send", ignore_result=True)
def mail_send(mail_id: int) -> bool:
    return services.mail_deliver(mail_id=mail_id, now=timezone.now())


@shared_task(name="notifications.mails_send_due", ignore_result=True)
def mails_send_due() -> int:
    return services.mails_send_due(now=timezone.now())
