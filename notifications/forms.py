import unicodedata
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse

from notifications.services import mail_queue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's « mot de passe oublié », its mail written to the outbox instead of sent
    inline: the page answers at once and a provider's hiccup is retried, not lost."""

    def get_users(self, email: str) -> Iterator:
        """Django's default skips unusable passwords. An imported candidate has one until they
        choose their first password, and this link is how they do; staff keep the default."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user
            for user in users.select_related("candidate")
            if _same_address(email, user.email)
            and (user.has_usable_password() or hasattr(user, "candidate"))
        )

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


def _same_address(typed: str, stored: str) -> bool:
    # As Django compares them: case-insensitively, after Unicode normalisation.
    def fold(value: str) -> str:
        return unicodedata.normalize("NFKC", value).casefold()

    return fold(typed) == fold(stored)
