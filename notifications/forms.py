from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse

from notifications.services import mail_queue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's « mot de passe oublié », its mail written to the outbox instead of sent
    inline: the page answers at once and a provider's hiccup is retried, not lost."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        path = reverse(
            "candidates:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        user = context["user"]
        mail_queue(
            to=to_email,
            template="password_reset",
            context={"user": user, "reset_url": settings.SITE_URL + path},
            user=user,
            candidate=getattr(user, "candidate", None),
        )
