"""Every account mail, in one place: welcome with the NUC, e-mail verification, NUC reminder,
« un compte existe déjà », password reset by NUC.

Each mail is a text + HTML pair of templates under ``templates/candidates/mails/<name>.*``.
Until the outbox lands these are sent with Django's mail API; the outbox switch replaces
``_send`` and nothing else. Callers send after their transaction has committed
(``transaction.on_commit``), so a rolled-back sign-up never mails anybody.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from candidates.models import Candidate, User
from candidates.verification import email_verification_token

SUBJECTS = {
    "welcome": "Certif-UP – votre NUC et la vérification de votre adresse",
    "email_verification": "Certif-UP – vérifiez votre adresse e-mail",
    "nuc_reminder": "Certif-UP – votre NUC",
    "existing_account": "Certif-UP – vous avez déjà un compte candidat",
    "password_reset": "Certif-UP – créer un nouveau mot de passe",
}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _verification_url(candidate: Candidate) -> str:
    token = email_verification_token(candidate=candidate)
    return _absolute(reverse("candidates:verify_email", kwargs={"token": token}))


def password_reset_url(user: User) -> str:
    """Django's token flow: the same link as « Mot de passe oublié » by e-mail sends."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("candidates:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return _absolute(path)


def _send(*, name: str, to: str, context: dict) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    text = render_to_string(f"candidates/mails/{name}.txt", context)
    html = render_to_string(f"candidates/mails/{name}.html", context)
    message = EmailMultiAlternatives(subject=SUBJECTS[name], body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_welcome(candidate: Candidate) -> None:
    context = {"candidate": candidate, "verification_url": _verification_url(candidate)}
    _send(name="welcome", to=candidate.email, context=context)


def send_email_verification(candidate: Candidate) -> None:
    context = {"candidate": candidate, "verification_url": _verification_url(candidate)}
    _send(name="email_verification", to=candidate.email, context=context)


def send_nuc_reminder(candidate: Candidate) -> None:
    login_url = _absolute(reverse("candidates:login"))
    _send(
        name="nuc_reminder",
        to=candidate.email,
        context={"candidate": candidate, "login_url": login_url},
    )


def send_existing_account_notice(candidate: Candidate) -> None:
    """Somebody tried to open a second account with this person's identity: the holder gets
    their NUC and a way back in, and the page that was filled in said nothing."""
    context = {"candidate": candidate, "reset_url": password_reset_url(candidate.user)}
    _send(name="existing_account", to=candidate.email, context=context)


def send_password_reset(user: User) -> None:
    candidate = getattr(user, "candidate", None)
    context = {"user": user, "candidate": candidate, "reset_url": password_reset_url(user)}
    _send(name="password_reset", to=user.email, context=context)
