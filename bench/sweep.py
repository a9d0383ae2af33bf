"""The expiry sweep over 10,000 overdue pre-validations: the service (batches of 500 requests
locked with SKIP LOCKED, each batch in one transaction, its mails rendered and written as outbox
rows) against raw SQL doing the same writes in one transaction."""

import datetime
import gc
import time

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from bench import data
from candidates.models import Candidate
from centres.models import ExamOffer, Session
from certifup.celery import freeze_what_start_up_loaded
from notifications.services import schedule_send
from registrations.models import Registration
from registrations.services import registrations_expire_overdue

OVERDUE = 10_000

# The same writes as registration_expire: seats back, lines inactive, status and closed_at,
# one status event each and its two mail rows.
RAW_EXPIRE = [
    """CREATE TEMP TABLE due ON COMMIT DROP AS
       SELECT id FROM registrations_registration
       WHERE status = 'pre_validated' AND NOT financed_by_training AND payment_due_at <= %(now)s
       FOR UPDATE""",
    """UPDATE centres_examoffer o SET seats_taken = o.seats_taken - held.n
       FROM (SELECT l.exam_offer_id, count(*) AS n FROM registrations_registrationexam l
             JOIN due ON due.id = l.registration_id WHERE l.status = 'requested'
             GROUP BY l.exam_offer_id) held
       WHERE o.id = held.exam_offer_id""",
    """UPDATE registrations_registrationexam SET is_active = false
       WHERE is_active AND registration_id IN (SELECT id FROM due)""",
    """UPDATE registrations_registration SET status = 'expired', closed_at = %(now)s
       WHERE id IN (SELECT id FROM due)""",
    # The events, and the two mails of each (candidate and centre) as outbox rows, with texts
    # put together by SQL where the service renders its templates.
    """WITH event AS (
           INSERT INTO registrations_registrationevent
               (registration_id, at, actor_id, kind, from_status, to_status, note)
           SELECT id, %(now)s, NULL, 'status', 'pre_validated', 'expired',
                  'Délai de règlement dépassé' FROM due
           RETURNING id, registration_id
       ), mail AS (
           SELECT event.id AS event_id, r.id AS registration_id, c.id AS candidate_id,
                  c.email AS candidate_email, ce.email AS centre_email,
                  c.first_names || ' ' || c.birth_name AS name, ce.name AS centre_name
           FROM event
           JOIN registrations_registration r ON r.id = event.registration_id
           JOIN candidates_candidate c ON c.id = r.candidate_id
           JOIN centres_centre ce ON ce.id = r.centre_id
       )
       INSERT INTO notifications_outboundmail
           (recipient, template, context, subject, body_text, body_html, attachments,
            registration_id, candidate_id, event_id, status, attempts, next_attempt_at,
            provider_message_id, last_error, created_at)
       SELECT candidate_email, 'expired_candidate', '{}'::jsonb,
              'Certif-UP : votre demande ' || registration_id || ' a expiré',
              'Bonjour ' || name || E',\n\nLe délai de règlement de votre demande au centre '
                  || centre_name || E' est dépassé : elle a expiré.\n' || %(text)s,
              '<p>Bonjour ' || name || '</p><p>' || centre_name || '</p>' || %(text)s, '[]'::jsonb,
              registration_id, candidate_id, event_id, 'pending', 0, %(now)s, '', '', %(now)s
       FROM mail
       UNION ALL
       SELECT centre_email, 'expired_centre', '{}'::jsonb,
              'Certif-UP : demande ' || registration_id || ' expirée',
              E'Bonjour,\n\nLa demande de ' || name || E' a expiré.\n' || %(text)s,
              '<p>La demande de ' || name || ' a expiré.</p>' || %(text)s, '[]'::jsonb,
              registration_id, NULL, event_id, 'pending', 0, %(now)s, '', '', %(now)s
       FROM mail""",
]
# About the length of the rendered mails' fixed paragraphs.
MAIL_TEXT = "Les places retenues sont libérées. " * 20


def raw_expire(now: datetime.datetime) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in RAW_EXPIRE:
            cursor.execute(statement, {"now": now, "text": MAIL_TEXT})
        cursor.execute("SELECT count(*) FROM due")
        return cursor.fetchone()[0]


def make_overdue(count: int, now: datetime.datetime) -> None:
    """``count`` pre-validated requests whose deadline passed an hour ago, in the sweep
    session (one E1 line each, seat held), for candidates with no active request there."""
    session = Session.objects.get(name=data.SWEEP_SESSION_NAME)
    offers = list(
        ExamOffer.objects.filter(session=session).order_by("pk").values_list("pk", "centre_id")
    )
    active_there = Registration.objects.filter(
        candidate=OuterRef("pk"), session=session, status__in=data.ACTIVE
    )
    candidates = list(
        Candidate.objects.filter(nuc__startswith=f"{data.NUC_YEAR}")
        .exclude(Exists(active_there))
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    exam_id = ExamOffer.objects.filter(session=session).values_list("exam_id", flat=True)[0]
    due = now - datetime.timedelta(hours=1)
    with transaction.atomic():
        reg_id = data._next_id("registrations_registration")
        line_id = data._next_id("registrations_registrationexam")
        regs, lines = [], []
        for n, candidate in enumerate(candidates):
            offer, centre = offers[n % len(offers)]
            regs.append(
                data.registration_row(
                    reg_id + n, candidate, session.pk, centre, "pre_validated", now, due=due
                )
            )
            lines.append(
                (line_id + n, reg_id + n, offer, candidate, session.pk, exam_id,
                 "requested", True, "")
            )  # fmt: skip
        data._copy("registrations_registration", data.REG_COLUMNS, regs)
        data._copy("registrations_registrationexam", data.LINE_COLUMNS, lines)
        with connection.cursor() as cursor:
            cursor.execute(data.RECOMPUTE_SEATS)
        data._reset_sequences()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registrations_registration")


def timed(function, now) -> tuple[float, int]:
    started = time.perf_counter()
    done = function(now)
    return time.perf_counter() - started, done


def run(now: datetime.datetime, count: int = OVERDUE) -> dict:
    raw_expire(now)  # leftovers of an interrupted run
    # The sweep runs in a long-lived worker whose broker connection is open: open it here too.
    schedule_send([])
    make_overdue(count, now)
    # A worker process freezes what its start-up loaded (certifup/celery.py); here, what the
    # runner holds, for the sweep and its baseline alike.
    freeze_what_start_up_loaded()
    try:
        service_s, service_n = timed(lambda n: registrations_expire_overdue(now=n), now)
        make_overdue(count, now)
        raw_s, raw_n = timed(raw_expire, now)
    finally:
        gc.unfreeze()
    return {
        "service_s": service_s, "service_n": service_n, "raw_s": raw_s, "raw_n": raw_n,
    }  # fmt: skip


def profile(now: datetime.datetime, count: int = 300) -> str | None:
    """pyinstrument's text report of a smaller sweep, when the dev dependency is installed."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    make_overdue(count, now)
    profiler = Profiler(interval=0.001)
    with profiler:
        registrations_expire_overdue(now=now)
    return profiler.output_text(unicode=True, color=False, show_all=False)
