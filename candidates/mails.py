"""Every account mail, in one place: welcome with the NUC, e-mail verification, NUC reminder,
« un compte existe déjà », password reset by NUC; and the mails of a correction request (to
whoever handles it when it is filed, to the candidate when it is decided).

Each mail goes through the outbox (``notifications.services.mail_queue``), with the templates
``templates/mail/<name>_subject.txt``, ``.txt`` and ``.html``: it is recorded, retried until sent,
visible in /admin/ and in the candidate's timeline, and handed to the worker only once the
transaction that queues it has committed, so a rolled-back sign-up never mails anybody.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from candidates.models import Candidate, CorrectionRequest, User
from candidates.verification import email_verification_token
from notifications.services import mail_queue


def candidate_record(candidate: Candidate) -> dict[str, object]:
    """What a mail's frozen context keeps of a candidate (``notifications.frozen``): the values
    the mail templates show, as they are now."""
    return {
        "pk": candidate.pk,
        "label": str(candidate),
        "full_name": candidate.full_name,
        "first_names": candidate.first_names,
        "display_nuc": candidate.display_nuc,
        "email": candidate.email,
        "phone": candidate.phone,
        "birth_date": candidate.birth_date,
        "is_trainee": candidate.is_trainee,
    }


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _verification_url(candidate: Candidate) -> str:
    token = email_verification_token(candidate=candidate)
    return _absolute(reverse("candidates:verify_email", kwargs={"token": token}))


def password_reset_url(user: User) -> str:
    """Django's token flow, checked by ``PasswordResetConfirmView``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("candidates:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return _absolute(path)


def _queue_to_candidate(*, template: str, candidate: Candidate, context: dict) -> None:
    """``candidate`` set on the row: the mail belongs to their timeline and their data."""
    mail_queue(
        to=candidate.email,
        template=template,
        context={"candidate": candidate_record(candidate), **context},
        candidate=candidate,
        user=candidate.user,
    )


def send_welcome(candidate: Candidate) -> None:
    context = {"verification_url": _verification_url(candidate)}
    _queue_to_candidate(template="welcome", candidate=candidate, context=context)


def send_email_verification(candidate: Candidate) -> None:
    context = {"verification_url": _verification_url(candidate)}
    _queue_to_candidate(template="email_verification", candidate=candidate, context=context)


def send_nuc_reminder(candidate: Candidate) -> None:
    context = {"login_url": _absolute(reverse("candidates:login"))}
    _queue_to_candidate(template="nuc_reminder", candidate=candidate, context=context)


def send_existing_account_notice(candidate: Candidate) -> None:
    """Somebody tried to open a second account with this person's identity: the holder gets
    their NUC and a way back in, and the page that was filled in said nothing."""
    context = {"reset_url": password_reset_url(candidate.user)}
    _queue_to_candidate(template="existing_account", candidate=candidate, context=context)


def send_password_reset(user: User) -> None:
    """« Mot de passe oublié », by e-mail or by NUC (``candidates.recovery``)."""
    holder, url = getattr(user, "candidate", None), password_reset_url(user)
    mail_queue(
        to=user.email,
        template="password_reset",
        context={"user": {"candidate": holder and candidate_record(holder)}, "reset_url": url},
        user=user,
        candidate=holder,
    )


def send_correction_requested(correction_request: CorrectionRequest) -> None:
    """« Signaler une erreur » : the centre of the candidate's active request, or UPPCTSC when
    there is none, is told at once, with a link to the screen where it is applied or rejected.
    By name: candidates does not import the back-office (import-linter)."""
    if correction_request.centre is None:
        to = settings.UPPCTSC_EMAIL
        path = reverse("admin:candidates_correctionrequest_change", args=[correction_request.pk])
    else:
        to = correction_request.centre.email
        path = reverse("centre:corrections")
    context = {
        "correction_request": _correction_record(correction_request),
        "candidate": candidate_record(correction_request.candidate),
        "current_value": correction_request.current_text,
        "proposed_value": correction_request.proposed_text,
        "handle_url": _absolute(path),
    }
    mail_queue(to=to, template="correction_requested", context=context)


def send_correction_decided(correction_request: CorrectionRequest) -> None:
    """The candidate learns the outcome without having to check « Ma fiche »."""
    applied = correction_request.status == CorrectionRequest.Status.APPLIED
    context = {
        "correction_request": _correction_record(correction_request),
        "proposed_value": correction_request.proposed_text,
        "handler": (
            f"le centre « {correction_request.centre.name} »"
            if correction_request.centre
            else "l'UPPCTSC"
        ),
        "profile_url": _absolute(reverse("candidates:profile")),
    }
    template = "correction_applied" if applied else "correction_rejected"
    _queue_to_candidate(template=template, candidate=correction_request.candidate, context=context)


def _correction_record(correction_request: CorrectionRequest) -> dict[str, object]:
    return {
        "field_label": correction_request.field_label,
        "comment": correction_request.comment,
        "decision_note": correction_request.decision_note,
    }
