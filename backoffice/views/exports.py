from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from backoffice import selectors
from backoffice.exports import export_csv, export_rows, export_xlsx
from backoffice.views.auth import StaffHttpRequest, centre_staff_required
from certifup.spreadsheets import XLSX_TYPE, attachment
from registrations.pdf import html_to_pdf


def _stem() -> str:
    return f"inscriptions-{timezone.localdate():%Y-%m-%d}"


@require_GET
@centre_staff_required
def registrations_csv(request: StaffHttpRequest) -> HttpResponse:
    rows = export_rows(selectors.registrations_for_centre_staff(request.user))
    # UTF-8 with a BOM: what a French spreadsheet opens without asking.
    text = "\ufeff" + export_csv(rows)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    return attachment(response, f"{_stem()}.csv")


@require_GET
@centre_staff_required
def registrations_xlsx(request: StaffHttpRequest) -> HttpResponse:
    workbook = export_xlsx(export_rows(selectors.registrations_for_centre_staff(request.user)))
    return attachment(HttpResponse(workbook, content_type=XLSX_TYPE), f"{_stem()}.xlsx")


@require_GET
@centre_staff_required
def attendance_pdf(request: StaffHttpRequest, offer_id: int) -> HttpResponse:
    """« Liste d'émargement » of one exam: the confirmed candidates, a signature column."""
    offer = selectors.offer_for_centre_staff(request.user, offer_id)
    context = {
        "offer": offer,
        "lines": selectors.attendance_lines(offer),
        "software": ", ".join(software.name for software in offer.software.all()),
        "printed_at": timezone.now(),
    }
    html = render_to_string("centre/attendance.html", context, request=request)
    pdf = html_to_pdf(html)
    filename = f"emargement-{offer.exam.code}-{offer.session.pk}-{offer.centre.pk}.pdf"
    return attachment(HttpResponse(pdf, content_type="application/pdf"), filename)


@require_GET
@centre_staff_required
def summary_pdf(request: StaffHttpRequest, registration_id: int) -> HttpResponse:
    """The candidate's « Récapitulatif d'inscription », for the centre that holds the request."""
    from registrations.summary_views import pdf_response

    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    return pdf_response(registration)
