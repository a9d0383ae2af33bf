"""« Récapitulatif d'inscription » : one A4 page made by WeasyPrint from an HTML template.

Built on demand (download, confirmation mail) rather than stored: it always reflects the
request as it is, and there is no file to keep in sync or to protect.

``html_to_pdf`` is also what the centre's « liste d'émargement » goes through. Where the time
goes (docs/performance.md, « PDF récapitulatif »): with libharfbuzz-subset, ~45 ms of
WeasyPrint layout and styles; without it, WeasyPrint subsets the embedded fonts with fontTools
and the same page takes ~350 ms, hence the system check in registrations/checks.py.
"""

import threading
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from registrations.models import Registration
from registrations.money import charged_lines, registration_amounts

_per_thread = threading.local()


def _font_config():
    """One WeasyPrint FontConfiguration per thread, reused from one PDF to the next.

    A new one per render (WeasyPrint's default) builds a Pango font map and loads the fonts again:
    ~8 ms of a ~58 ms récapitulatif. Per thread because Pango font maps are not to be shared
    between threads (gunicorn gthread, runserver). Safe to reuse only while the templates have no
    @font-face: each rule would add a font to this configuration at every render.
    """
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str) -> bytes:
    """The templates fetch nothing (no image, no stylesheet link), so no base URL."""
    from weasyprint import HTML  # heavy import, only for the pages and tasks that need it

    return HTML(string=html).write_pdf(font_config=_font_config())


def registration_summary_pdf(registration: Registration) -> bytes:
    registration = (
        Registration.objects.select_related("candidate", "session", "centre__department")
        .prefetch_related("lines__exam", "lines__exam_offer__software", "payments")
        .get(pk=registration.pk)
    )
    lines = charged_lines(registration)
    payments = sorted(registration.payments.all(), key=lambda payment: payment.recorded_at)
    html = render_to_string(
        "registrations/summary_pdf.html",
        {
            "registration": registration,
            "candidate": registration.candidate,
            "session": registration.session,
            "centre": registration.centre,
            "lines": lines,
            "amounts": registration_amounts(registration),
            "payment": payments[-1] if payments else None,
            "generated_at": timezone.now(),
        },
    )
    return html_to_pdf(html)


def summary_attachment(spec: Mapping[str, Any]) -> tuple[str, bytes, str]:
    """The confirmation mail's attachment, built when the mail is sent (notifications'
    ``register_attachment``, kind ``registration_summary``)."""
    registration = Registration.objects.get(pk=spec["registration_id"])
    filename = f"recapitulatif-{registration.reference}.pdf"
    return filename, registration_summary_pdf(registration), "application/pdf"
