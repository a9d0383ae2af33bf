"""Self-service account pages: sign-up, e-mail verification, « NUC oublié », password reset by
NUC, password change.

Pages that take an identity, an address or a NUC answer the same way whether or not an account
matches (same redirect, same page, no session change); only the mail goes to whoever owns it."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates.accounts import (
    candidate_sign_up,
    candidate_verification_resend,
    candidate_verify_email,
)
from candidates.decorators import candidate_required
from candidates.forms import (
    NewPasswordChangeForm,
    NucPasswordResetForm,
    NucRecoveryForm,
    SignUpForm,
)
from candidates.http import CandidateHttpRequest
from candidates.models import RecoveryDemand
from candidates.recovery import recovery_demand_record
from candidates.throttling import client_ip
from candidates.verification import candidate_for_token


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """« Créer mon compte candidat »."""
    if request.user.is_authenticated:
        return redirect("registrations:mine")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate_sign_up(
            birth_name=data["birth_name"],
            usage_name=data["usage_name"],
            first_names=data["first_names"],
            birth_date=data["birth_date"],
            email=data["email"],
            phone=data["phone"],
            password=data["password1"],
            now=timezone.now(),
        )
        return redirect("candidates:sign_up_done")
    return render(request, "candidates/sign_up.html", {"form": form})


@require_GET
def sign_up_done(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/sign_up_done.html")


@require_GET
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the welcome or verification mail. Reaching it proves the mailbox, so the
    page may show the NUC: it is the page « after sign-up » that no other visitor can see."""
    candidate = candidate_for_token(token)
    if candidate is None:
        return render(request, "candidates/verify_email.html", {"candidate": None}, status=400)
    candidate = candidate_verify_email(candidate=candidate, now=timezone.now())
    return render(request, "candidates/verify_email.html", {"candidate": candidate})


@require_POST
@candidate_required
def resend_verification(request: CandidateHttpRequest) -> HttpResponse:
    candidate = request.candidate
    candidate_verification_resend(candidate=candidate)
    messages.success(
        request,
        f"Un lien de vérification vient d'être envoyé à {candidate.email}. Ouvrez-le, puis "
        "revenez soumettre votre demande.",
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("candidates:profile")
    return redirect(target)


@require_http_methods(["GET", "POST"])
def nuc_forgotten(request: HttpRequest) -> HttpResponse:
    """« NUC oublié » : the NUC by mail when identity and address match (the worker checks);
    the same page either way."""
    form = NucRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        typed = {**data, "birth_date": data["birth_date"].isoformat()}
        record_demand(request, kind=RecoveryDemand.Kind.NUC_FORGOTTEN, typed=typed)
        return redirect("candidates:nuc_forgotten_done")
    return render(request, "candidates/nuc_forgotten.html", {"form": form})


@require_GET
def nuc_forgotten_done(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/nuc_forgotten_done.html")


@require_http_methods(["GET", "POST"])
def password_reset_by_nuc(request: HttpRequest) -> HttpResponse:
    """« Mot de passe oublié » by NUC: the same token mail and « envoyé » page as by e-mail.
    Unlike Django's form by e-mail, an unusable password (imported candidates) gets a link:
    that is how they choose their first password."""
    form = NucPasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        typed = {"nuc": form.cleaned_data["nuc"]}
        record_demand(request, kind=RecoveryDemand.Kind.PASSWORD_BY_NUC, typed=typed)
        # The same page as by e-mail, worded for a NUC (the person typed no address).
        return redirect(reverse("candidates:password_reset_done") + "?par=nuc")
    return render(request, "candidates/password_reset_by_nuc.html", {"form": form})


def record_demand(request: HttpRequest, *, kind: str, typed: dict) -> None:
    """The recovery pages' only work once the form is valid: the worker does the rest."""
    recovery_demand_record(
        kind=kind, typed=typed, client_ip=client_ip(request), now=timezone.now()
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view keeps this session (update_session_auth_hash); every other session of the
    account stops being valid, since it carries the hash of the old password."""

    template_name = "candidates/password_change.html"
    form_class = NewPasswordChangeForm
    success_url = reverse_lazy("candidates:profile")

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Votre mot de passe est changé. Vos autres sessions ouvertes sont déconnectées.",
        )
        return response


password_change = candidate_required(PasswordChangeView.as_view())
