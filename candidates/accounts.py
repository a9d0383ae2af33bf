"""Self-service account services: sign-up (one person, one account) and e-mail verification.

The pages built on these must not reveal whether a person already has an account, so sign-up
returns the same kind of outcome either way, and mails whoever must know itself: the mail is
queued in the transaction of the change, committed with it or not at all."""

import dataclasses
import datetime

from django.db import transaction

from candidates import mails
from candidates.identity import identity_key, usage_name_or_birth_name
from candidates.models import Candidate
from candidates.services import DuplicateIdentityError, candidate_create


@dataclasses.dataclass(frozen=True)
class SignUpOutcome:
    candidate: Candidate  # the new account, or the person's existing one
    created: bool


def candidate_sign_up(
    *,
    birth_name: str,
    usage_name: str,
    first_names: str,
    birth_date: datetime.date,
    email: str,
    phone: str,
    password: str,
    now: datetime.datetime,
) -> SignUpOutcome:
    """« Créer mon compte candidat ». The new account gets the welcome mail (its NUC, the
    verification link). An identity that already has an account creates nothing: the outcome
    names the existing account, whose holder is sent their NUC and a way back in."""
    with transaction.atomic():
        try:
            candidate = candidate_create(
                birth_name=birth_name,
                usage_name=usage_name_or_birth_name(usage_name=usage_name, birth_name=birth_name),
                first_names=first_names,
                birth_date=birth_date,
                email=email,
                phone=phone,
                password=password,
                now=now,
            )
        except DuplicateIdentityError:
            key = identity_key(
                birth_name=birth_name, first_names=first_names, birth_date=birth_date
            )
            existing = Candidate.objects.get(identity_key=key)
            mails.send_existing_account_notice(existing)
            return SignUpOutcome(candidate=existing, created=False)
        mails.send_welcome(candidate)
    return SignUpOutcome(candidate=candidate, created=True)


def candidate_verify_email(*, candidate: Candidate, now: datetime.datetime) -> Candidate:
    """The candidate opened the signed link sent to their current address. Idempotent: the
    first verification time is kept."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.email_verified_at is None:
            candidate.email_verified_at = now
            candidate.save(update_fields=["email_verified_at"])
    return candidate


def candidate_password_reset_completed(*, user, now: datetime.datetime) -> None:
    """A new password was chosen through a link mailed to ``user.email`` (by e-mail or by NUC):
    opening it proved that mailbox, so a candidate at that same address counts as verified. An
    imported candidate has never received a verification link; without this, their first request
    would be stopped at « Soumettre »."""
    candidate = Candidate.objects.filter(user=user).first()
    if candidate is None or candidate.email.casefold() != user.email.casefold():
        return
    candidate_verify_email(candidate=candidate, now=now)


def candidate_verification_resend(*, candidate: Candidate) -> None:
    """« Renvoyer le lien » : a new link to the account's address, unless it is verified
    already (a link would then verify nothing)."""
    if candidate.email_verified_at is None:
        mails.send_email_verification(candidate)


def candidate_for_nuc_recovery(
    *, birth_name: str, first_names: str, birth_date: datetime.date, email: str
) -> Candidate | None:
    """« NUC oublié » : the identity and the account's address must both match."""
    key = identity_key(birth_name=birth_name, first_names=first_names, birth_date=birth_date)
    candidate = Candidate.objects.select_related("user").filter(identity_key=key).first()
    if candidate is None or candidate.email.casefold() != email.strip().casefold():
        return None
    return candidate
