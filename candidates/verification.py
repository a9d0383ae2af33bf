"""E-mail verification links: signed (no table), bound to the address they were sent to, and
expiring. Changing the address makes the old links useless, since the address is signed in."""

from django.conf import settings
from django.core import signing

from candidates.models import Candidate

_SALT = "candidates.email-verification"


def email_verification_token(*, candidate: Candidate) -> str:
    return signing.TimestampSigner(salt=_SALT).sign_object(
        {"candidate": candidate.pk, "email": candidate.email.casefold()}
    )


def candidate_for_token(token: str) -> Candidate | None:
    """The candidate whose *current* address the link was sent to, or None (expired, tampered,
    or the address has changed since)."""
    try:
        payload = signing.TimestampSigner(salt=_SALT).unsign_object(
            token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    candidate = Candidate.objects.filter(pk=payload.get("candidate")).first()
    if candidate is None or candidate.email.casefold() != payload.get("email"):
        return None
    return candidate


def email_unverified_message(*, candidate: Candidate, email: str) -> str:
    """Why the candidate may not submit yet, or "" : the address of the account must have been
    verified, and not be replaced by another one in the same form."""
    if candidate.email_verified_at is None:
        return (
            f"Vérifiez d'abord votre adresse e-mail ({candidate.user.email}) : ouvrez le lien "
            "reçu par e-mail lors de la création de votre compte, puis soumettez à nouveau. "
            "Rien reçu ? Demandez un nouveau lien ci-dessous."
        )
    if email.strip().casefold() != candidate.user.email.casefold():
        return (
            "Vous avez indiqué une nouvelle adresse e-mail : changez-la d'abord dans « Ma fiche » "
            "et vérifiez-la avec le lien reçu, puis soumettez votre demande."
        )
    return ""
