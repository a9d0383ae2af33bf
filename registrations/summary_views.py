"""The candidate downloads the PDF « Récapitulatif d'inscription » of one of their requests."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from candidates.decorators import candidate_required
from candidates.http import CandidateHttpRequest
from registrations import selectors
from registrations.pdf import registration_summary_pdf


@require_GET
@candidate_required
def summary_pdf(request: CandidateHttpRequest, pk: int) -> HttpResponse:
    # Scoped by the selector: another candidate's request is a 404, like every other page.
    registration = selectors.registration_for_candidate(candidate=request.candidate, pk=pk)
    return pdf_response(registration)


def pdf_response(registration) -> HttpResponse:
    """Also for the centre back-office and UPPCTSC, once they have checked who may see it."""
    response = HttpResponse(registration_summary_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="recapitulatif-{registration.reference}.pdf"'
    )
    return response
