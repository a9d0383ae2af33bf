"""Write e-mails to the outbox, and send them from it: at most once each, retried, never lost.

``mail_queue`` (or an ``Outbox`` for many mails) is called inside the transaction of the change
a mail announces; the rows are committed with it or not at all. One Celery task per change is
scheduled once the rows are committed (``on_commit``); if the broker is down, the rows wait for
the periodic ``mails_send_due``. Workers claim rows in batches and send them over one
connection to the mail backend.
"""

import contextlib
import datetime
import logging
import smtplib
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone

from certifup.inserts import insert_rows
from notifications.attachments import build_attachment
from notifications.frozen import frozen_text, thaw
from notifications.models import NOT_RENDERED, MailStatus, OutboundMail

logger = logging.getLogger(__name__)

# Retrying these cannot help: the address itself is refused.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, AnymailRecipientsRefused, AnymailInvalidAddress)


class Outbox:
    """The mails of one change, written together: ``add`` freezes each row's context, ``save``
    inserts them in one statement and hands them to a worker in one task once the transaction
    commits. The worker renders them (``render_row``). A sweep that closes hundreds of requests
    adds all their mails to one ``Outbox``."""

    def __init__(self) -> None:
        self.rows: list[OutboundMail] = []
        # id(context) → (context, its frozen record, the record's JSON text). Holding the
        # context keeps its id from being reused by another dict while this Outbox lives.
        self._records: dict[int, tuple[Mapping[str, object], dict[str, object], str]] = {}

    def add(
        self,
        *,
        to: str | Sequence[str],
        template: str,
        context: Mapping[str, object],
        now: datetime.datetime | None = None,
        registration=None,
        candidate=None,
        user=None,
        event=None,
        attachments: Sequence[Mapping[str, object]] = (),
    ) -> list[OutboundMail]:
        """One row per recipient, to be rendered from ``templates/mail/<template>*`` and the
        plain values of ``context`` (``notifications.frozen``). ``candidate`` is given when the
        mail is addressed to the candidate (their timeline lists it)."""
        # Mails of one event share their context: it is frozen once.
        if id(context) not in self._records:
            self._records[id(context)] = (context, *frozen_text(context))
        record = self._records[id(context)][1]
        recipients = [to] if isinstance(to, str) else list(to)
        # Due at once by the worker's clock, even when the change is dated otherwise (an
        # expiry is dated at its deadline).
        due = timezone.now()
        rows = [
            OutboundMail(
                recipient=recipient,
                template=template,
                context=record,
                attachments=[dict(spec) for spec in attachments],
                # By id: the relation's descriptor checks cost more than the row (sweeps).
                registration_id=_pk(registration),
                candidate_id=_pk(candidate),
                user_id=_pk(user),
                event_id=_pk(event),
                next_attempt_at=due,
                created_at=now or due,
            )
            for recipient in recipients
        ]
        self.rows += rows
        return rows

    def save(self) -> list[OutboundMail]:
        if not self.rows:
            return []
        # The records go as the text freezing them wrote (the COPY of a sweep would encode
        # them again).
        texts = [(record, text) for _, record, text in self._records.values()]
        rows = insert_rows(OutboundMail, self.rows, json_texts=texts)
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: schedule_send(ids))
        self.rows, self._records = [], {}
        return rows


def _pk(row) -> int | None:
    return None if row is None else row.pk


def mail_queue(**mail) -> list[OutboundMail]:
    """One mail (one row per recipient), written now: ``Outbox.add``'s arguments."""
    outbox = Outbox()
    outbox.add(**mail)
    return outbox.save()


def render_mail(template: str, context: Mapping[str, object]) -> tuple[str, str, str]:
    full = {"site_url": settings.SITE_URL, **context}
    text = _render_plain_text(f"mail/{template}.txt", full)
    html = render_to_string(f"mail/{template}.html", full)
    return _subject(template, full), text.strip() + "\n", html


def _subject(template: str, full: Mapping[str, object]) -> str:
    return " ".join(_render_plain_text(f"mail/{template}_subject.txt", full).split())


def render_row(mail: OutboundMail) -> tuple[str, str, str]:
    """Subject, text and HTML of a row, from its frozen context alone: a template that would
    read the database raises instead (what the mail says is what was true when it was
    queued, never what the data says at sending time)."""
    with connection.execute_wrapper(_no_query):
        return render_mail(mail.template, thaw(mail.context))


def mail_subject(mail: OutboundMail) -> str:
    """The subject as sent; for a row not sent yet, as the worker will write it (or
    « (rédigé à l'envoi) » when it cannot be rendered: the sending will say why)."""
    if mail.is_rendered:
        return mail.subject
    try:
        with connection.execute_wrapper(_no_query):
            return _subject(mail.template, {"site_url": settings.SITE_URL, **thaw(mail.context)})
    except Exception:
        return NOT_RENDERED


def _no_query(execute, sql, params, many, context):
    raise RuntimeError("Un e-mail se rédige à partir de son contexte figé, sans lire la base.")


# The task of notifications/tasks.py, named rather than imported: the tasks call this module
# (see task_hand_over).
MAIL_SEND = "notifications.mail_send"


def _render_plain_text(name: str, context: Mapping[str, object]) -> str:
    """The subject and the text body are plain text, not HTML: escaping them would show
    « O&#x27;Brien » in the candidate's name. Only the HTML body is escaped."""
    # The Django engine's own Template, which takes a Context (the only engine configured).
    return Engine.get_default().get_template(name).render(Context(context, autoescape=False))


def schedule_send(mail_ids: Sequence[int], countdown: float = 0) -> None:
    """Hand the rows to a worker, in one task. A broker that is down is not an error: the
    rows are pending and ``mails_send_due`` will find them."""
    if not task_hand_over(MAIL_SEND, list(mail_ids), countdown=countdown):
        logger.warning("Mails %s not handed to a worker; the periodic task will.", mail_ids)


def task_hand_over(name: str, *args, countdown: float = 0) -> bool:
    """Publish the task registered as ``name`` (its app's ready() loads its tasks.py), whose
    work is recorded in the database, so that a periodic task does it if this fails. By name:
    a service never imports the tasks that call it. Returns False, never raises, when the
    broker is down. A countdown of 0 is no delay, as Celery reads any false countdown."""
    task = current_app.signature(name)
    try:
        # One connection attempt: the caller is a request waiting for its answer, and work
        # not handed over is picked up anyway. kombu's default policy (3 retries) costs
        # ~0.6 s per change with Redis down; retry=False is worse (~6 s: the channel then
        # reconnects with broker_connection_timeout's policy). max_retries=0 bounds both.
        task.apply_async(args, countdown=countdown, retry_policy={"max_retries": 0})
    except Exception:  # kombu raises several types; none of them may break the caller
        return False
    return True


# Rows claimed at a time: all of them must be sent within one lease.
CLAIM_BATCH = 50

_CLAIM = f"""
    UPDATE {OutboundMail._meta.db_table}
    SET status = %s, attempts = attempts + 1, next_attempt_at = %s
    WHERE id IN ({{ids}}) AND status = %s AND next_attempt_at <= %s
    RETURNING id
"""


def mails_deliver(*, mail_ids: Sequence[int], now: datetime.datetime) -> int:
    """Send the pending rows among ``mail_ids`` that are due, over one connection to the mail
    backend. Returns how many this call sent or tried; rows another worker holds are skipped.

    The conditional UPDATE is the claim: of two workers racing, exactly one changes a row from
    pending to sending, so a row is sent at most once. Each row is marked sent as soon as it
    is, so a worker killed in the middle of a batch leaves at most the one it was sending."""
    done, backend = 0, None
    try:
        for start in range(0, len(mail_ids), CLAIM_BATCH):
            for mail in _claim(mail_ids[start : start + CLAIM_BATCH], now=now):
                if backend is None:  # opened only when there is something to send
                    backend = get_connection()
                    with contextlib.suppress(Exception):
                        backend.open()  # else each send fails, and is retried, on its own
                _deliver(mail, backend=backend, now=now)
                done += 1
    finally:
        if backend is not None:
            backend.close()
    return done


def mail_deliver(*, mail_id: int, now: datetime.datetime) -> bool:
    """Send one pending row. Returns False when another worker has it or it is not due."""
    return mails_deliver(mail_ids=[mail_id], now=now) == 1


def _claim(mail_ids: Sequence[int], *, now: datetime.datetime) -> list[OutboundMail]:
    # While sending, next_attempt_at is the claim's lease: a worker killed mid-send leaves the
    # row in « sending », and the pick-up hands it back once the lease is over.
    lease = now + timedelta(seconds=settings.MAIL_SENDING_LEASE_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM.format(ids=", ".join(["%s"] * len(mail_ids))),
            [MailStatus.SENDING, lease, *mail_ids, MailStatus.PENDING, now],
        )
        claimed = [row[0] for row in cursor.fetchall()]
    return list(OutboundMail.objects.filter(pk__in=claimed).order_by("pk")) if claimed else []


def _deliver(mail: OutboundMail, *, backend, now: datetime.datetime) -> None:
    """Render the row if it is not yet (saved with its outcome: what was sent is what is
    kept, and a retry sends the same text), then send it."""
    written: list[str] = []
    if not mail.is_rendered:
        try:
            mail.subject, mail.body_text, mail.body_html = render_row(mail)
        except Exception as error:  # a template or a context at fault: retrying cannot help
            _finish(mail, status=MailStatus.FAILED, error=error, prefix="Rédaction impossible")
            return
        written = ["subject", "body_text", "body_html"]
    try:
        message = build_message(mail)
        message.connection = backend
        message.send()
    except PERMANENT_ERRORS as error:
        _finish(mail, status=MailStatus.FAILED, error=error, fields=written)
    except Exception as error:
        _retry_or_fail(mail, error=error, now=now, fields=written)
    else:
        mail.provider_message_id = _provider_message_id(message)
        mail.sent_at = now
        _finish(mail, status=MailStatus.SENT, fields=["sent_at", "provider_message_id", *written])


def build_message(mail: OutboundMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for spec in mail.attachments:
        message.attach(*build_attachment(spec))
    return message


def _provider_message_id(message: EmailMultiAlternatives) -> str:
    status = getattr(message, "anymail_status", None)  # set by django-anymail's backends
    message_id = getattr(status, "message_id", None)
    if isinstance(message_id, set):
        message_id = ",".join(sorted(str(item) for item in message_id))
    return str(message_id or "")


def _retry_or_fail(
    mail: OutboundMail, *, error: Exception, now: datetime.datetime, fields: Sequence[str] = ()
) -> None:
    if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        _finish(mail, status=MailStatus.FAILED, error=error, fields=fields)
        return
    delay = settings.MAIL_RETRY_BASE_SECONDS * 2 ** (mail.attempts - 1)
    mail.next_attempt_at = now + timedelta(seconds=delay)
    _finish(mail, status=MailStatus.PENDING, error=error, fields=["next_attempt_at", *fields])
    schedule_send([mail.pk], countdown=delay)


def _finish(
    mail: OutboundMail,
    *,
    status: str,
    error: Exception | None = None,
    fields: Iterable[str] = (),
    prefix: str = "",
) -> None:
    mail.status = status
    if error is not None:
        text = f"{type(error).__name__}: {error}"
        mail.last_error = (f"{prefix} – {text}" if prefix else text)[:2000]
        logger.warning("Mail %s (%s): %s", mail.pk, status, mail.last_error)
    mail.save(update_fields=["status", "last_error", *fields])


def mails_send_due(*, now: datetime.datetime, limit: int = 200) -> int:
    """Periodic pick-up: rows never handed to a worker (broker down at commit) and retries
    that are due, and rows whose worker died while sending them (lease over). Returns how many
    this run sent or tried."""
    mails_recover_stuck(now=now)
    due = OutboundMail.objects.filter(
        status=MailStatus.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    return mails_deliver(mail_ids=list(due.values_list("pk", flat=True)[:limit]), now=now)


def mails_recover_stuck(*, now: datetime.datetime) -> int:
    """A row still « sending » after its lease was claimed by a worker that died (SIGKILL,
    OOM, host lost): back to pending. If that worker had in fact handed the mail to the
    provider just before dying, the candidate gets it twice — rare, and better than never."""
    stuck = OutboundMail.objects.filter(status=MailStatus.SENDING, next_attempt_at__lte=now)
    recovered = stuck.update(status=MailStatus.PENDING, last_error="Envoi interrompu (worker)")
    if recovered:
        logger.warning("%s mail(s) stuck while sending handed back to the queue.", recovered)
    return recovered


def mail_retry(*, mail: OutboundMail, now: datetime.datetime) -> bool:
    """« Renvoyer » : a failed mail goes back to the queue with a fresh count of attempts."""
    with transaction.atomic():
        changed = OutboundMail.objects.filter(pk=mail.pk, status=MailStatus.FAILED).update(
            status=MailStatus.PENDING, attempts=0, next_attempt_at=now
        )
        if changed:
            transaction.on_commit(lambda: schedule_send([mail.pk]))
    return bool(changed)
