"""The outbox drain (task ``notifications.mail_send``) and the PDF récapitulatif render time,
measured in-process against the bench database."""

import statistics
import time
from itertools import groupby

from django.core import mail
from django.db import transaction
from django.test.utils import override_settings

from bench.db import utcnow
from bench.pages import bench_staff, mine_candidate
from notifications.models import OutboundMail
from notifications.tasks import mail_send
from registrations import selectors
from registrations.checks import harfbuzz_subset_available
from registrations.models import EventKind, Registration, Status
from registrations.pdf import registration_summary_pdf
from registrations.services import record_event

MAILS = 2_000
RENDERS = 30


def outbox_drain() -> dict:
    """Queue MAILS mails through the one hook (record_event → queue_mails_for_event), then
    drain them as one worker would: the task body once per change, with that change's rows,
    locmem backend."""
    before = OutboundMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    now = utcnow()
    with transaction.atomic():
        # « Demande reçue » mails the candidate and the centre: two mails per event.
        # Not the requests the pages show: their timelines would grow with every run.
        measured = Registration.objects.exclude(candidate=mine_candidate()).exclude(
            centre__memberships__user=bench_staff()
        )
        for registration in measured.select_related("candidate")[: MAILS // 2]:
            record_event(
                registration, kind=EventKind.STATUS, actor=None, now=now,
                to_status=Status.SUBMITTED, note="bench",
            )  # fmt: skip
    queued = OutboundMail.objects.filter(pk__gt=before).order_by("event_id", "pk")
    tasks = [
        [pk for pk, _ in rows]
        for _, rows in groupby(queued.values_list("pk", "event_id"), key=lambda row: row[1])
    ]
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        started = time.perf_counter()
        for ids in tasks:
            mail_send.run(ids)
        elapsed = time.perf_counter() - started
        sent = len(mail.outbox)
    return {"mails": sent, "rate": sent / elapsed if elapsed else 0.0, "tasks": len(tasks)}


def pdf_render() -> dict:
    candidate = mine_candidate()
    registration = selectors.registrations_for_candidate(candidate=candidate).first()
    registration_summary_pdf(registration)  # fonts and templates loaded once
    timings = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        registration_summary_pdf(registration)
        timings.append((time.perf_counter() - started) * 1000)
    # Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools: ~6× slower.
    return {"median": statistics.median(timings), "harfbuzz_subset": harfbuzz_subset_available()}
