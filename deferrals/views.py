"""The candidate's « Demander un report » page, and the one door to a justification file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from candidates.decorators import candidate_required
from certifup.errors import DomainError
from deferrals import selectors, services
from deferrals.forms import DeferralRequestForm
from deferrals.models import Deferral
from deferrals.rules import deferral_deadline, deferral_refusal
from registrations.models import RegistrationExam


@require_http_methods(["GET", "POST"])
@candidate_required
def request_deferral(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    line = selectors.line_for_candidate(
        candidate=request.candidate, registration_pk=pk, pk=line_pk
    )
    context = _context(line)
    if context["refusal"]:
        return render(request, "deferrals/request.html", context)
    form = DeferralRequestForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.deferral_request(
                line=line,
                reason=form.cleaned_data["reason"],
                file=form.cleaned_data["justification"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"Votre demande de report de l'épreuve {line.exam.code} est transmise à "
                "l'UPPCTSC, qui vous informera de sa décision.",
            )
            return redirect("registrations:detail", pk=line.registration_id)
    form.link_errors()
    return render(request, "deferrals/request.html", {**context, "form": form})


def _context(line: RegistrationExam) -> dict:
    session = line.registration.session
    return {
        "line": line,
        "registration": line.registration,
        "refusal": deferral_refusal(line=line, now=timezone.now()),
        "deadline": deferral_deadline(session=session),
        "next_session": session.next_session(),
    }


@require_GET
@login_required
def justification(request: HttpRequest, pk: int) -> HttpResponse:
    """Served only to the candidate and UPPCTSC staff (404 for anyone else), as a download;
    each opening is logged. Never a public URL: the storage has none."""
    deferral = selectors.deferral_for_justification(user=request.user, pk=pk)
    if not deferral.has_file:
        return render(request, "deferrals/file_deleted.html", {"deferral": deferral}, status=410)
    services.justification_access_record(deferral=deferral, user=request.user, now=timezone.now())
    response = FileResponse(
        deferral.justification.open("rb"),
        as_attachment=True,
        content_type=deferral.file_content_type,
        filename=_download_name(deferral),
    )
    # Saved, never displayed by the site itself: even a document that slipped past the checks
    # of deferrals/files.py runs nothing with the site's cookies. (Not cached: certifup/caching.)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _download_name(deferral: Deferral) -> str:
    # Nothing of the sender's name (it may carry the illness, or quotes and control
    # characters): the request's number and the extension of the checked type.
    return f"justificatif-report-{deferral.pk}{deferral.file_extension}"
