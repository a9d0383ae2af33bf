from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from candidates.forms import NewPasswordForm, NucAuthenticationForm
from notifications.forms import OutboxPasswordResetForm


class LoginView(auth_views.LoginView):
    template_name = "candidates/login.html"
    authentication_form = NucAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """« Mot de passe oublié » : the same message whether or not the address has an account."""

    template_name = "candidates/password_reset_form.html"
    form_class = OutboxPasswordResetForm
    email_template_name = "candidates/password_reset_email.txt"
    subject_template_name = "candidates/password_reset_subject.txt"
    success_url = reverse_lazy("candidates:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "candidates/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("candidates:password_reset_complete")
