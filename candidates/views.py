from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone

from candidates.account_views import record_demand
from candidates.accounts import candidate_password_reset_completed
from candidates.forms import NewPasswordForm, NucAuthenticationForm
from candidates.models import RecoveryDemand
from candidates.throttling import account_unlock


class LoginView(auth_views.LoginView):
    template_name = "candidates/login.html"
    authentication_form = NucAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """« Mot de passe oublié » : Django's form only checks the address is well formed; the
    demand is recorded and the worker mails the accounts at that address, if any
    (``candidates.recovery``). The same page, in the same time, either way."""

    template_name = "candidates/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("candidates:password_reset_done")

    def form_valid(self, form):
        typed = {"email": form.cleaned_data["email"]}
        record_demand(self.request, kind=RecoveryDemand.Kind.PASSWORD_BY_EMAIL, typed=typed)
        return redirect(self.success_url)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The end of « Mot de passe oublié », by e-mail or by NUC: the new password also lifts the
    account's login lock, so that nobody can keep its owner out, and the link, mailed to the
    account's address, proves that address."""

    template_name = "candidates/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("candidates:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        account_unlock(user=form.user)
        candidate_password_reset_completed(user=form.user, now=timezone.now())
        return response
