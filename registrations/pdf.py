"""« Récapitulatif d'inscription » : one A4 page made by WeasyPrint from an HTML template.

Built on demand (download, confirmation mail) rather than stored: it always reflects the
request as it is, and there is no file to keep in sync or to protect.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from registrations.models import LineStatus, Registration


def registration_summary_pdf(registration: Registration) -> bytes:
    from weasyprint import HTML  # heavy import, only for the pages and tasks that need it

    registration = (
        Registration.objects.select_related("candidate", "session", "centre__department")
        .prefetch_related("lines__exam", "lines__exam_offer__software", "payments")
        .get(pk=registration.pk)
    )
    lines = [line for line in registration.lines.all() if line.status == LineStatus.REQUESTED]
    payments = sorted(registration.payments.all(), key=lambda payment: payment.recorded_at)
    html = render_to_string(
        "registrations/summary_pdf.html",
        {
            "registration": registration,
            "candidate": registration.candidate,
            "session": registration.session,
            "centre": registration.centre,
            "lines": lines,
            "amount": registration.fee_per_exam * len(lines),
            "payment": payments[-1] if payments else None,
            "generated_at": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()
