"""« Corrections demandées » : the errors candidates reported in their locked identity, sent to
the centre of their active request. « Appliquer » writes the correction trail, « Rejeter »
closes the request; both through the services of ``candidates.corrections``."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from backoffice import selectors
from backoffice.forms import CorrectionRejectForm
from backoffice.views.auth import StaffHttpRequest, centre_staff_required
from candidates.corrections import correction_request_apply, correction_request_reject
from candidates.models import CorrectionRequest
from certifup.errors import DomainError


def with_values(correction_requests: list[CorrectionRequest]) -> list[CorrectionRequest]:
    """The current value beside the proposed one, dates as staff read them (the model's
    ``current_text`` and ``proposed_text``, as the mails write them)."""
    for item in correction_requests:
        item.current_display = item.current_text
        item.proposed_display = item.proposed_text
    return correction_requests


@require_GET
@centre_staff_required
def correction_list(request: StaffHttpRequest) -> HttpResponse:
    sections = [
        (centre, with_values(items))
        for centre, items in selectors.correction_requests_by_centre(request.staff_centres)
    ]
    return render(request, "centre/corrections.html", {"sections": sections})


def _back(request: HttpRequest) -> HttpResponse:
    """To the page the button was on (the list or a request's page), never off the site."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("centre:corrections")
    return redirect(target)


def _about(item: CorrectionRequest) -> str:
    return f"{item.field_label} de {item.candidate.full_name} ({item.candidate.display_nuc})"


@require_POST
@centre_staff_required
def correction_apply(request: StaffHttpRequest, correction_id: int) -> HttpResponse:
    item = selectors.correction_request_for_centre_staff(request.user, correction_id)
    try:
        correction_request_apply(correction_request=item, actor=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Correction appliquée : {_about(item)}.")
    return _back(request)


@require_POST
@centre_staff_required
def correction_reject(request: StaffHttpRequest, correction_id: int) -> HttpResponse:
    item = selectors.correction_request_for_centre_staff(request.user, correction_id)
    form = CorrectionRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(message) for message in form.errors["note"]))
        return _back(request)
    try:
        correction_request_reject(
            correction_request=item,
            actor=request.user,
            now=timezone.now(),
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Demande de correction rejetée : {_about(item)}.")
    return _back(request)
