"""« Ma fiche » : see and edit one's data, report an identity error, download one's data."""

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates import hooks
from candidates.corrections import correction_request_create
from candidates.decorators import candidate_required
from candidates.profile_forms import CorrectionRequestForm, ProfileForm
from candidates.services import candidate_update_details
from certifup.errors import DomainError
from certifup.personal_data import personal_data


def _context(request: HttpRequest, *, form=None, report_form=None) -> dict:
    candidate = request.candidate
    locked = hooks.identity_locked(candidate)
    return {
        "candidate": candidate,
        "identity_locked": locked,
        "form": form or ProfileForm(instance=candidate, identity_locked=locked),
        "report_form": report_form or CorrectionRequestForm(),
        "correction_requests": candidate.correction_requests.select_related("centre"),
    }


@require_http_methods(["GET", "POST"])
@candidate_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "candidates/profile.html", _context(request))
    candidate = request.candidate
    old_email = candidate.user.email
    locked = hooks.identity_locked(candidate)
    form = ProfileForm(request.POST, instance=candidate, identity_locked=locked)
    if not form.is_valid():
        return render(request, "candidates/profile.html", _context(request, form=form))
    try:
        candidate = candidate_update_details(candidate=candidate, data=form.cleaned_data)
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "candidates/profile.html", _context(request, form=form))
    messages.success(request, "Vos données sont enregistrées.")
    if candidate.email != old_email:
        messages.info(
            request,
            f"Votre nouvelle adresse {candidate.email} doit être vérifiée : ouvrez le lien "
            "que nous venons de lui envoyer.",
        )
    return redirect("candidates:profile")


@require_POST
@candidate_required
def report_error(request: HttpRequest) -> HttpResponse:
    """« Signaler une erreur » on a locked identity field."""
    if not hooks.identity_locked(request.candidate):
        messages.info(request, "Votre identité se modifie encore directement sur cette page.")
        return redirect("candidates:profile")
    form = CorrectionRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "candidates/profile.html", _context(request, report_form=form))
    correction_request_create(
        candidate=request.candidate,
        field=form.cleaned_data["field"],
        proposed_value=form.cleaned_data["proposed_value"],
        comment=form.cleaned_data["comment"],
        now=timezone.now(),
    )
    messages.success(
        request,
        "Votre demande de correction est transmise. Vous verrez ici quand elle sera traitée.",
    )
    return redirect("candidates:profile")


@require_GET
@candidate_required
def my_data(request: HttpRequest) -> HttpResponse:
    """« Télécharger mes données » : one JSON file, every registered section."""
    data = {
        "plateforme": "Certif-UP – UPPCTSC",
        "genere_le": timezone.now().isoformat(),
        **personal_data(request.candidate),
    }
    response = JsonResponse(
        data, json_dumps_params={"ensure_ascii": False, "indent": 2}, encoder=DjangoJSONEncoder
    )
    filename = f"certifup-mes-donnees-{request.candidate.nuc}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
