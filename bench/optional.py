"""Measurements of parts built in parallel by other engineers: the outbox (``notifications``,
task ``mail_send``) and the PDF récapitulatif (``registrations.pdf.registration_summary_pdf``).
Each returns None while its module does not exist, so the table says « n/a (not built yet) »."""

import importlib
import importlib.util
import inspect
import statistics
import time

from django.conf import settings
from django.core import mail
from django.test.utils import override_settings

MAILS = 2_000
RENDERS = 30


def _module(name: str):
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


def _call(function, registration):
    """Call with ``registration=`` when the function takes it by keyword, else positionally."""
    if "registration" in inspect.signature(function).parameters:
        return function(registration=registration)
    return function(registration)


def outbox_drain() -> dict | None:
    """Queue about MAILS mails through the one hook (record_event → queue_mails_for_event),
    then drain them by calling the ``mail_send`` task body in a loop, locmem backend."""
    tasks = _module("notifications.tasks")
    if tasks is None or "notifications" not in settings.INSTALLED_APPS:
        return None
    send = getattr(tasks, "mail_send", None)
    if send is None:
        return None
    from django.apps import apps
    from django.db import transaction

    from bench.db import utcnow
    from registrations.models import EventKind, Registration, Status
    from registrations.services import record_event

    outbox = next(m for m in apps.get_app_config("notifications").get_models())
    before = set(outbox.objects.values_list("pk", flat=True))
    now = utcnow()
    with transaction.atomic():
        # « Demande reçue » mails the candidate and the centre: two mails per event.
        for registration in Registration.objects.select_related("candidate")[: MAILS // 2]:
            record_event(
                registration, kind=EventKind.STATUS, actor=None, now=now,
                to_status=Status.SUBMITTED, note="bench",
            )  # fmt: skip
    queued = list(outbox.objects.exclude(pk__in=before).values_list("pk", flat=True))
    if not queued:
        return {"mails": 0, "rate": 0.0, "note": "no mail queued by « demande reçue » events"}
    body = getattr(send, "run", send)  # a Celery task's body, without a broker
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        started = time.perf_counter()
        for pk in queued:
            body(pk)
        elapsed = time.perf_counter() - started
        sent = len(mail.outbox)
    return {"mails": sent, "rate": sent / elapsed if elapsed else 0.0}


def pdf_render() -> dict | None:
    module = _module("registrations.pdf")
    render = getattr(module, "registration_summary_pdf", None) if module else None
    if render is None:
        return None
    from bench.pages import mine_candidate
    from registrations import selectors

    candidate = mine_candidate()
    registration = selectors.registrations_for_candidate(candidate=candidate).first()
    _call(render, registration)  # fonts and templates loaded once
    timings = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        _call(render, registration)
        timings.append((time.perf_counter() - started) * 1000)
    return {"median": statistics.median(timings)}
