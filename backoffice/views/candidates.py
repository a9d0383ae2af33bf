from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from backoffice import selectors
from backoffice.forms import CorrectionForm
from backoffice.views.auth import centre_staff_required
from candidates.models import Candidate
from candidates.services import candidate_correct
from certifup.errors import DomainError


@require_http_methods(["GET", "POST"])
@centre_staff_required
def correct_candidate(request: HttpRequest, registration_id: int) -> HttpResponse:
    """Correct the identity or contact of the candidate of one of the centre's requests; the
    service writes one trail row per changed field."""
    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    # A fresh instance: the form writes its input into it, the page keeps the saved data.
    candidate = Candidate.objects.get(pk=registration.candidate_id)
    form = CorrectionForm(request.POST or None, instance=candidate)
    context = {"registration": registration, "form": form}
    if request.method == "GET" or not form.is_valid():
        return render(request, "centre/correct.html", context)
    try:
        corrections = candidate_correct(
            candidate=registration.candidate,
            actor=request.user,
            now=timezone.now(),
            changes=form.changes(),
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "centre/correct.html", context, status=400)
    if corrections:
        messages.success(request, f"{len(corrections)} correction(s) enregistrée(s).")
    else:
        messages.info(request, "Aucune donnée modifiée.")
    return redirect("centre:request", registration_id=registration.pk)
